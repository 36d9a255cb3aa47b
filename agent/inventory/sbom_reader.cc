// The vendor's per-release CycloneDX SBOM: components bundled inside the
// product that no package database lists (docs/design.md#inventory-and-versions). Read from
// etc/psirt/sbom/*.json (docs/formats/inventory.md).
#include "agent/identity/cpe.h"
#include "agent/identity/purl.h"
#include "agent/inventory/reader_util.h"
#include "agent/inventory/readers.h"
#include "platform/fs/fs.h"

namespace psirt::inventory {

namespace {

constexpr std::size_t kMaxSbomBytes = 32u << 20;
constexpr std::size_t kMaxSbomDepth = 64;        // JSON nesting
constexpr std::size_t kMaxComponentDepth = 16;   // components inside components
constexpr std::size_t kMaxComponents = 100000;
constexpr std::size_t kMaxSbomFiles = 64;
constexpr std::size_t kMaxSbomWarnings = 20;
// JSON values in one file: kMaxComponents components of up to ~40 values each
// (hashes, licenses, properties). The default bound of the JSON component
// (2^20) is too tight for a 32 MiB SBOM.
constexpr std::size_t kMaxSbomValues = 40 * kMaxComponents;

struct Walker {
  const std::string& file;
  const std::string& evidence_path;
  const std::string& sha256;
  ReaderResult& out;
  std::vector<Item>& items;
  std::size_t warnings = 0;

  void warn(std::string message) {
    if (++warnings <= kMaxSbomWarnings) out.warn(file, 0, std::move(message));
    else out.partial = true;
  }

  // `list` is a "components" member (its pointer names it in warnings).
  void walk(const json::View& list, std::size_t depth) {
    const std::string& where = list.pointer();
    if (!list.isArray()) { warn(where + ": not an array"); return; }
    if (depth > kMaxComponentDepth) { warn(where + ": components nested too deep"); return; }
    for (const json::View& c : list.elements()) {
      if (items.size() >= kMaxComponents) {
        warn("more than " + std::to_string(kMaxComponents) + " components; the rest ignored");
        return;
      }
      if (!c.isObject()) { warn(c.pointer() + ": not an object"); continue; }
      addComponent(c);
      if (auto nested = c.find("components")) walk(*nested, depth + 1);
    }
  }

  void addComponent(const json::View& c) {
    const std::string& at = c.pointer();
    std::string name = detail::stringMember(c, "name");
    if (name.empty() || name.size() > 1024) { warn(at + ": component without a valid \"name\""); return; }
    Item item;
    item.ecosystem = Ecosystem::kSbom;
    item.name = name;
    item.version = detail::stringMember(c, "version");
    item.source_name = detail::stringMember(c, "group");
    item.detail = detail::stringMember(c, "bom-ref");
    item.evidence = Evidence{evidence_path, 0, sha256};
    if (std::string purl = detail::stringMember(c, "purl"); !purl.empty()) {
      auto p = identity::parsePurl(purl);
      if (p) {
        item.purl = p->toString();
        if (item.version.empty()) item.version = p->version;
        if (auto arch = p->qualifier("arch")) item.arch = *arch;
      } else {
        warn(at + "/purl: " + p.error().message);
      }
    }
    if (item.purl.empty()) item.purl = detail::purlString("generic", item.source_name, name, item.version);
    if (std::string cpe = detail::stringMember(c, "cpe"); !cpe.empty()) {
      auto parsed = identity::parseCpe(cpe);
      if (parsed) item.cpe = parsed->toFormattedString();
      else warn(at + "/cpe: " + parsed.error().message);
    }
    items.push_back(std::move(item));
  }
};

}  // namespace

std::vector<Item> parseSbom(std::string_view text, const std::string& file, const std::string& sha256,
                            ReaderResult& out) {
  std::vector<Item> items;
  auto doc = detail::parseJsonOrWarn(
      text, file, {.max_bytes = kMaxSbomBytes, .max_depth = kMaxSbomDepth, .max_values = kMaxSbomValues}, out);
  if (!doc) return items;
  const json::View j = doc->root();
  if (!j.isObject() || detail::stringMember(j, "bomFormat") != "CycloneDX") {
    out.warn(file, 0, "not a CycloneDX JSON document (bomFormat)");
    return items;
  }
  std::string spec = detail::stringMember(j, "specVersion");
  if (spec != "1.4" && spec != "1.5" && spec != "1.6") {
    out.warn(file, 0, "unsupported CycloneDX specVersion '" + spec + "' (1.4 to 1.6)");
    return items;
  }
  std::string evidence = file;
  Walker walker{file, evidence, sha256, out, items};
  if (auto comps = j.find("components")) walker.walk(*comps, 0);
  return items;
}

ReaderResult readSboms(const ReadOptions& options) {
  ReaderResult out;
  out.ecosystem = Ecosystem::kSbom;
  std::string dir = detail::hostPath(options.sysroot, "etc/psirt/sbom");
  if (detail::pathKind(options.sysroot, "etc/psirt/sbom") == detail::PathKind::kMissing) return out;
  out.present = true;
  auto entries = detail::listDirectory(options.sysroot, "etc/psirt/sbom");
  if (!entries) {
    out.warn(dir, 0, "cannot list: " + entries.error().message);
    return out;
  }
  std::size_t files = 0;
  for (const auto& e : *entries) {
    if (e.name.size() < 5 || e.name.compare(e.name.size() - 5, 5, ".json") != 0) continue;
    if (++files > kMaxSbomFiles) {
      out.warn(dir, 0, "more than " + std::to_string(kMaxSbomFiles) + " SBOM files; the rest ignored");
      break;
    }
    std::string host = dir + "/" + e.name;
    auto text = detail::readOrWarn(options.sysroot, "etc/psirt/sbom/" + e.name, kMaxSbomBytes, out);
    if (!text) continue;
    auto items = parseSbom(*text, host, detail::sha256Hex(*text), out);
    for (auto& item : items) {
      item.evidence.path = "/etc/psirt/sbom/" + e.name;
      out.items.push_back(std::move(item));
    }
  }
  return out;
}

}  // namespace psirt::inventory
