// The vendor product manifest (docs/formats/product-manifest.md): what the
// vendor's own installer says is on the appliance, per partition, with the
// non-cumulative hotfixes as products of their own (docs/design.md#inventory-and-versions).
#include <nlohmann/json.hpp>

#include "agent/identity/cpe.h"
#include "agent/inventory/json_util.h"
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

std::string stringAt(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
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

Result<std::string> checkedVersion(const Context& c, const nlohmann::json& j, const std::string& where) {
  std::string v = canonicalVersion(stringAt(j, "version"));
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

}  // namespace

std::vector<Item> parseProductManifest(std::string_view text, const std::string& file, const std::string& sha256,
                                       ReaderResult& out) {
  std::vector<Item> items;
  auto parsed = detail::parseJsonBounded(text, kMaxManifestDepth);
  if (!parsed) {
    out.warn(file, 0, parsed.error().describe());
    return items;
  }
  const nlohmann::json& j = *parsed;
  if (!j.is_object()) {
    out.warn(file, 0, "the manifest must be a JSON object");
    return items;
  }
  Context c{stringAt(j, "vendor"), stringAt(j, "product"), {}, {}, stringAt(j, "release_line"), file, sha256, out};
  if (!validName(c.vendor) || !validName(c.product)) {
    out.warn(file, 0, "/vendor and /product must be 1-64 characters of [a-z0-9._-]");
    return items;
  }
  if (!validToken(c.release_line, 32)) {
    out.warn(file, 0, "/release_line is missing or invalid");
    return items;
  }
  c.cpe_vendor = c.vendor;
  c.cpe_product = c.product;
  if (auto cpe = j.find("cpe"); cpe != j.end() && cpe->is_object()) {
    std::string v = stringAt(*cpe, "vendor"), p = stringAt(*cpe, "product");
    if (validToken(v, 64) && validToken(p, 64)) {
      c.cpe_vendor = v;
      c.cpe_product = p;
    } else {
      out.warn(file, 0, "/cpe needs string \"vendor\" and \"product\"; using vendor and product");
    }
  }
  auto top = checkedVersion(c, j, "/version");
  if (!top) {
    out.warn(file, 0, top.error().describe());
    return items;
  }
  auto partitions = j.find("partitions");
  bool anyPartition = false;
  if (partitions != j.end()) {
    if (!partitions->is_array() || partitions->size() > kMaxPartitions) {
      out.warn(file, 0, "/partitions must be an array of at most " + std::to_string(kMaxPartitions));
    } else {
      std::size_t actives = 0;
      for (std::size_t i = 0; i < partitions->size(); ++i) {
        const auto& p = (*partitions)[i];
        std::string where = "/partitions/" + std::to_string(i);
        if (!p.is_object()) { out.warn(file, 0, where + ": not an object"); continue; }
        std::string name = stringAt(p, "name"), role = stringAt(p, "role");
        if (!validToken(name, 64) || (role != "active" && role != "standby")) {
          out.warn(file, 0, where + ": needs \"name\" and \"role\" (active | standby)");
          continue;
        }
        auto v = checkedVersion(c, p, where);
        if (!v) { out.warn(file, 0, v.error().describe()); continue; }
        Item item = productItem(c, *v);
        item.state = role == "active" ? ItemState::kRunning : ItemState::kInstalled;
        item.detail = role + " partition " + name;
        if (role == "active") {
          ++actives;
          if (*v != *top) out.warn(file, 0, where + ": active partition version differs from /version");
        }
        items.push_back(std::move(item));
        anyPartition = true;
      }
      if (actives > 1) out.warn(file, 0, "/partitions: more than one active partition");
    }
  }
  if (!anyPartition) items.push_back(productItem(c, *top));

  auto hotfixes = j.find("hotfixes");
  if (hotfixes != j.end()) {
    if (!hotfixes->is_array() || hotfixes->size() > kMaxHotfixes) {
      out.warn(file, 0, "/hotfixes must be an array of at most " + std::to_string(kMaxHotfixes));
      return items;
    }
    for (std::size_t i = 0; i < hotfixes->size(); ++i) {
      const auto& h = (*hotfixes)[i];
      std::string where = "/hotfixes/" + std::to_string(i);
      std::string id = h.is_object() ? stringAt(h, "id") : std::string();
      std::string with = h.is_object() ? canonicalVersion(stringAt(h, "installed_with")) : std::string();
      if (!validToken(id, 64) || id.find('/') != std::string::npos) {
        out.warn(file, 0, where + ": needs a string \"id\" (no spaces or '/')");
        continue;
      }
      if (!with.empty() && !validToken(with, 64)) {
        out.warn(file, 0, where + "/installed_with: invalid version");
        continue;
      }
      Item item;
      item.ecosystem = Ecosystem::kVendor;
      item.name = "hotfix-" + id;
      item.source_name = c.product;
      item.source_version = with;  // installed_with: the product version it applies to
      std::string partition = stringAt(h, "partition");
      item.detail = "hotfix for " + c.product + (partition.empty() ? "" : " on partition " + partition);
      item.purl = detail::purlString("generic", c.vendor, item.name, "");
      item.evidence = Evidence{"/" + std::string(kManifestPath), 0, sha256};
      items.push_back(std::move(item));
    }
  }
  return items;
}

ReaderResult readProductManifest(const ReadOptions& options) {
  ReaderResult out;
  out.ecosystem = Ecosystem::kVendor;
  std::string host = detail::hostPath(options.sysroot, kManifestPath);
  if (detail::pathKind(host) == detail::PathKind::kMissing) return out;
  out.present = true;
  auto text = detail::readOrWarn(host, host, kMaxManifestBytes, out);
  if (!text) return out;
  out.items = parseProductManifest(*text, host, detail::sha256Hex(*text), out);
  return out;
}

}  // namespace psirt::inventory
