// The vendor's per-release CycloneDX SBOM: components bundled inside the
// product that no package database lists (docs/design.md#inventory-and-versions). Read from
// etc/psirt/sbom/*.json (docs/formats/inventory.md).
#include <nlohmann/json.hpp>

#include "agent/identity/cpe.h"
#include "agent/identity/purl.h"
#include "agent/inventory/json_util.h"
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

std::string stringAt(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

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

  void walk(const nlohmann::json& list, const std::string& where, std::size_t depth) {
    if (!list.is_array()) { warn(where + ": not an array"); return; }
    if (depth > kMaxComponentDepth) { warn(where + ": components nested too deep"); return; }
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (items.size() >= kMaxComponents) {
        warn("more than " + std::to_string(kMaxComponents) + " components; the rest ignored");
        return;
      }
      const auto& c = list[i];
      std::string at = where + "/" + std::to_string(i);
      if (!c.is_object()) { warn(at + ": not an object"); continue; }
      addComponent(c, at);
      if (auto nested = c.find("components"); nested != c.end()) walk(*nested, at + "/components", depth + 1);
    }
  }

  void addComponent(const nlohmann::json& c, const std::string& at) {
    std::string name = stringAt(c, "name");
    if (name.empty() || name.size() > 1024) { warn(at + ": component without a valid \"name\""); return; }
    Item item;
    item.ecosystem = Ecosystem::kSbom;
    item.name = name;
    item.version = stringAt(c, "version");
    item.source_name = stringAt(c, "group");
    item.detail = stringAt(c, "bom-ref");
    item.evidence = Evidence{evidence_path, 0, sha256};
    if (std::string purl = stringAt(c, "purl"); !purl.empty()) {
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
    if (std::string cpe = stringAt(c, "cpe"); !cpe.empty()) {
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
  auto parsed = detail::parseJsonBounded(text, kMaxSbomDepth);
  if (!parsed) {
    out.warn(file, 0, parsed.error().describe());
    return items;
  }
  const nlohmann::json& j = *parsed;
  if (!j.is_object() || stringAt(j, "bomFormat") != "CycloneDX") {
    out.warn(file, 0, "not a CycloneDX JSON document (bomFormat)");
    return items;
  }
  std::string spec = stringAt(j, "specVersion");
  if (spec != "1.4" && spec != "1.5" && spec != "1.6") {
    out.warn(file, 0, "unsupported CycloneDX specVersion '" + spec + "' (1.4 to 1.6)");
    return items;
  }
  std::string evidence = file;
  Walker walker{file, evidence, sha256, out, items};
  if (auto comps = j.find("components"); comps != j.end()) walker.walk(*comps, "/components", 0);
  return items;
}

ReaderResult readSboms(const ReadOptions& options) {
  ReaderResult out;
  out.ecosystem = Ecosystem::kSbom;
  std::string dir = detail::hostPath(options.sysroot, "etc/psirt/sbom");
  if (detail::pathKind(dir) == detail::PathKind::kMissing) return out;
  out.present = true;
  auto entries = fs::listDirectory(dir);
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
    auto text = detail::readOrWarn(host, host, kMaxSbomBytes, out);
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
