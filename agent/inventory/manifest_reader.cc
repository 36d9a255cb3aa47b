// The vendor product manifest (docs/formats/product-manifest.md): what the
// vendor's own installer says is on the appliance, per partition, with the
// non-cumulative hotfixes as products of their own (docs/design.md#inventory-and-versions).
#include <optional>

#include "agent/identity/cpe.h"
#include "agent/inventory/reader_util.h"
#include "agent/inventory/readers.h"

namespace psirt::inventory {

namespace {

constexpr std::size_t kMaxManifestBytes = 1u << 20;
constexpr std::size_t kMaxManifestDepth = 16;
constexpr std::size_t kMaxHotfixes = 10000;
constexpr std::size_t kMaxPartitions = 16;
constexpr const char* kManifestPath = "etc/psirt/product-manifest.json";

bool validName(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool validToken(const std::string& s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) return false;
  }
  return true;
}

// "R12.4 M5.304.19" (the human form) -> "12.4-M5.304.19"; others unchanged.
std::string canonicalVersion(std::string v) {
  if (v.size() > 1 && v[0] == 'R') {
    auto space = v.find(' ');
    if (space != std::string::npos && v.find(' ', space + 1) == std::string::npos) {
      return v.substr(1, space - 1) + "-" + v.substr(space + 1);
    }
  }
  return v;
}

struct Context {
  std::string vendor, product, cpe_vendor, cpe_product, release_line;
  const std::string& file;
  const std::string& sha256;
  ReaderResult& out;
};

// The "version" member of `j` (the root or a partition), canonical, checked
// against the release line; errors name `where`.
Result<std::string> checkedVersion(const Context& c, const json::View& j, const std::string& where) {
  std::string v = canonicalVersion(detail::stringMember(j, "version"));
  if (!validToken(v, 64)) return makeError(ErrorCategory::kParse, "missing or invalid \"version\"", where);
  if (!c.release_line.empty() && v.rfind(c.release_line + "-", 0) != 0) {
    return makeError(ErrorCategory::kParse, "version '" + v + "' is not of release line " + c.release_line, where);
  }
  return v;
}

Item productItem(const Context& c, const std::string& version) {
  Item item;
  item.ecosystem = Ecosystem::kVendor;
  item.name = c.product;
  item.version = version;
  item.source_name = c.release_line;  // the release train
  item.purl = detail::purlString("generic", c.vendor, c.product, version);
  if (auto cpe = identity::makeCpe("a", c.cpe_vendor, c.cpe_product, version)) item.cpe = cpe->toFormattedString();
  item.evidence = Evidence{"/" + std::string(kManifestPath), 0, c.sha256};
  return item;
}

// vendor, product, release_line and the optional cpe names of the root object;
// nullopt (after a warning) when the product cannot be named.
std::optional<Context> readProduct(const json::View& j, const std::string& file, const std::string& sha256,
                                   ReaderResult& out) {
  Context c{detail::stringMember(j, "vendor"), detail::stringMember(j, "product"), {}, {},
            detail::stringMember(j, "release_line"), file, sha256, out};
  if (!validName(c.vendor) || !validName(c.product)) {
    out.warn(file, 0, "/vendor and /product must be 1-64 characters of [a-z0-9._-]");
    return std::nullopt;
  }
  if (!validToken(c.release_line, 32)) {
    out.warn(file, 0, "/release_line is missing or invalid");
    return std::nullopt;
  }
  c.cpe_vendor = c.vendor;
  c.cpe_product = c.product;
  if (auto cpe = j.find("cpe"); cpe && cpe->isObject()) {
    std::string v = detail::stringMember(*cpe, "vendor"), p = detail::stringMember(*cpe, "product");
    if (validToken(v, 64) && validToken(p, 64)) {
      c.cpe_vendor = v;
      c.cpe_product = p;
    } else {
      out.warn(file, 0, "/cpe needs string \"vendor\" and \"product\"; using vendor and product");
    }
  }
  return c;
}

// One item per valid entry of /partitions (bad entries are warnings). Returns
// whether any partition became an item.
bool readPartitions(const Context& c, const json::View& j, const std::string& top, std::vector<Item>& items) {
  auto partitions = j.find("partitions");
  if (!partitions) return false;
  if (!partitions->isArray() || partitions->size() > kMaxPartitions) {
    c.out.warn(c.file, 0, "/partitions must be an array of at most " + std::to_string(kMaxPartitions));
    return false;
  }
  bool any = false;
  std::size_t actives = 0;
  for (const json::View& p : partitions->elements()) {
    const std::string& where = p.pointer();
    if (!p.isObject()) {
      c.out.warn(c.file, 0, where + ": not an object");
      continue;
    }
    std::string name = detail::stringMember(p, "name"), role = detail::stringMember(p, "role");
    if (!validToken(name, 64) || (role != "active" && role != "standby")) {
      c.out.warn(c.file, 0, where + ": needs \"name\" and \"role\" (active | standby)");
      continue;
    }
    auto v = checkedVersion(c, p, where);
    if (!v) {
      c.out.warn(c.file, 0, v.error().describe());
      continue;
    }
    Item item = productItem(c, *v);
    item.state = role == "active" ? ItemState::kRunning : ItemState::kInstalled;
    item.detail = role + " partition " + name;
    if (role == "active") {
      ++actives;
      if (*v != top) c.out.warn(c.file, 0, where + ": active partition version differs from /version");
    }
    items.push_back(std::move(item));
    any = true;
  }
  if (actives > 1) c.out.warn(c.file, 0, "/partitions: more than one active partition");
  return any;
}

// The item of one /hotfixes entry, or nullopt after a warning.
std::optional<Item> hotfixItem(const Context& c, const json::View& h) {
  const std::string& where = h.pointer();
  std::string id = detail::stringMember(h, "id");
  std::string with = canonicalVersion(detail::stringMember(h, "installed_with"));
  if (!validToken(id, 64) || id.find('/') != std::string::npos) {
    c.out.warn(c.file, 0, where + ": needs a string \"id\" (no spaces or '/')");
    return std::nullopt;
  }
  if (!with.empty() && !validToken(with, 64)) {
    c.out.warn(c.file, 0, where + "/installed_with: invalid version");
    return std::nullopt;
  }
  Item item;
  item.ecosystem = Ecosystem::kVendor;
  item.name = "hotfix-" + id;
  item.source_name = c.product;
  item.source_version = with;  // installed_with: the product version it applies to
  std::string partition = detail::stringMember(h, "partition");
  item.detail = "hotfix for " + c.product + (partition.empty() ? "" : " on partition " + partition);
  item.purl = detail::purlString("generic", c.vendor, item.name, "");
  item.evidence = Evidence{"/" + std::string(kManifestPath), 0, c.sha256};
  return item;
}

void readHotfixes(const Context& c, const json::View& j, std::vector<Item>& items) {
  auto hotfixes = j.find("hotfixes");
  if (!hotfixes) return;
  if (!hotfixes->isArray() || hotfixes->size() > kMaxHotfixes) {
    c.out.warn(c.file, 0, "/hotfixes must be an array of at most " + std::to_string(kMaxHotfixes));
    return;
  }
  for (const json::View& h : hotfixes->elements()) {
    if (auto item = hotfixItem(c, h)) items.push_back(std::move(*item));
  }
}

}  // namespace

std::vector<Item> parseProductManifest(std::string_view text, const std::string& file, const std::string& sha256,
                                       ReaderResult& out) {
  std::vector<Item> items;
  auto doc = detail::parseJsonOrWarn(text, file, {.max_bytes = kMaxManifestBytes, .max_depth = kMaxManifestDepth}, out);
  if (!doc) return items;
  const json::View j = doc->root();
  if (!j.isObject()) {
    out.warn(file, 0, "the manifest must be a JSON object");
    return items;
  }
  auto c = readProduct(j, file, sha256, out);
  if (!c) return items;
  auto top = checkedVersion(*c, j, "/version");
  if (!top) {
    out.warn(file, 0, top.error().describe());
    return items;
  }
  if (!readPartitions(*c, j, *top, items)) items.push_back(productItem(*c, *top));
  readHotfixes(*c, j, items);
  return items;
}

ReaderResult readProductManifest(const ReadOptions& options) {
  ReaderResult out;
  out.ecosystem = Ecosystem::kVendor;
  std::string host = detail::hostPath(options.sysroot, kManifestPath);
  if (detail::pathKind(options.sysroot, kManifestPath) == detail::PathKind::kMissing) return out;
  out.present = true;
  auto text = detail::readOrWarn(options.sysroot, kManifestPath, kMaxManifestBytes, options, out);
  if (!text) return out;
  out.items = parseProductManifest(*text, host, detail::sha256Hex(*text), out);
  return out;
}

}  // namespace psirt::inventory
