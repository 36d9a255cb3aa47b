// The three output formats of `psirt-agent inventory` (docs/formats/inventory.md).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "agent/inventory/inventory.h"

namespace psirt::inventory {

namespace {

using nlohmann::json;

void putIf(json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}

json osJson(const OsInfo& os) {
  json j = json::object();
  putIf(j, "id", os.id);
  putIf(j, "version_id", os.version_id);
  putIf(j, "pretty_name", os.pretty_name);
  putIf(j, "cpe", os.cpe);
  return j;
}

bool complete(const Inventory& inv) {
  return std::none_of(inv.ecosystems.begin(), inv.ecosystems.end(), [](const EcosystemStatus& s) { return s.partial; });
}

// Dumps with invalid UTF-8 replaced (status files are not guaranteed UTF-8).
std::string dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n"; }

}  // namespace

std::string toJson(const Inventory& inv) {
  json j;
  j["format"] = "psirt-inventory";
  j["format_version"] = 1;
  j["sysroot"] = inv.sysroot;
  j["os"] = osJson(inv.os);
  j["complete"] = complete(inv);
  json ecos = json::array();
  for (const auto& s : inv.ecosystems) {
    ecos.push_back({{"name", std::string(toString(s.ecosystem))}, {"present", s.present}, {"partial", s.partial},
                    {"items", s.items}});
  }
  j["ecosystems"] = std::move(ecos);
  json items = json::array();
  for (const auto& i : inv.items) {
    json it;
    it["ecosystem"] = std::string(toString(i.ecosystem));
    it["name"] = i.name;
    putIf(it, "version", i.version);
    putIf(it, "arch", i.arch);
    putIf(it, "source_name", i.source_name);
    putIf(it, "source_version", i.source_version);
    it["purl"] = i.purl;
    putIf(it, "cpe", i.cpe);
    it["state"] = std::string(toString(i.state));
    putIf(it, "detail", i.detail);
    json ev;
    ev["path"] = i.evidence.path;
    if (i.evidence.line > 0) ev["line"] = i.evidence.line;
    putIf(ev, "sha256", i.evidence.sha256);
    it["evidence"] = std::move(ev);
    items.push_back(std::move(it));
  }
  j["items"] = std::move(items);
  json warnings = json::array();
  for (const auto& w : inv.warnings) {
    json wj{{"ecosystem", std::string(toString(w.ecosystem))}, {"file", w.file}, {"message", w.message}};
    if (w.line > 0) wj["line"] = w.line;
    warnings.push_back(std::move(wj));
  }
  j["warnings"] = std::move(warnings);
  return dump(j);
}

std::string toCycloneDx(const Inventory& inv) {
  json bom;
  bom["bomFormat"] = "CycloneDX";
  bom["specVersion"] = "1.5";
  bom["version"] = 1;
  json meta;
  meta["tools"] = {{"components", json::array({{{"type", "application"}, {"name", "psirt-agent"}}})}};
  json props = json::array({{{"name", "psirt:sysroot"}, {"value", inv.sysroot}},
                            {{"name", "psirt:complete"}, {"value", complete(inv) ? "true" : "false"}}});
  for (const auto& s : inv.ecosystems) {
    if (s.partial) props.push_back({{"name", "psirt:partial"}, {"value", std::string(toString(s.ecosystem))}});
  }
  meta["properties"] = std::move(props);
  bom["metadata"] = std::move(meta);
  json components = json::array();
  std::size_t n = 0;
  for (const auto& i : inv.items) {
    json c;
    switch (i.ecosystem) {
      case Ecosystem::kOs:
      case Ecosystem::kKernel: c["type"] = "operating-system"; break;
      case Ecosystem::kVendor: c["type"] = "application"; break;
      default: c["type"] = "library"; break;
    }
    c["bom-ref"] = "item-" + std::to_string(++n);
    c["name"] = i.name;
    putIf(c, "version", i.version);
    putIf(c, "cpe", i.cpe);
    c["purl"] = i.purl;
    json p = json::array();
    auto prop = [&p](const char* name, const std::string& value) {
      if (!value.empty()) p.push_back({{"name", name}, {"value", value}});
    };
    prop("psirt:ecosystem", std::string(toString(i.ecosystem)));
    prop("psirt:state", std::string(toString(i.state)));
    prop("psirt:arch", i.arch);
    prop("psirt:source_name", i.source_name);
    prop("psirt:source_version", i.source_version);
    prop("psirt:detail", i.detail);
    prop("psirt:evidence:path", i.evidence.path);
    if (i.evidence.line > 0) prop("psirt:evidence:line", std::to_string(i.evidence.line));
    prop("psirt:evidence:sha256", i.evidence.sha256);
    c["properties"] = std::move(p);
    components.push_back(std::move(c));
  }
  bom["components"] = std::move(components);
  return dump(bom);
}

std::string toTable(const Inventory& inv) {
  std::size_t wName = 4, wVersion = 7, wArch = 4;
  for (const auto& i : inv.items) {
    wName = std::max(wName, std::min<std::size_t>(i.name.size(), 48));
    wVersion = std::max(wVersion, std::min<std::size_t>(i.version.size(), 40));
    wArch = std::max(wArch, std::min<std::size_t>(i.arch.size(), 16));
  }
  // Columns are padded to the widest value (capped); a longer value keeps
  // at least one space before the next column.
  auto pad = [](std::string s, std::size_t w) {
    s.append(s.size() < w ? w - s.size() : 1, ' ');
    return s;
  };
  std::string out = pad("ECOSYSTEM", 10) + pad("STATE", 16) + pad("NAME", wName + 2) + pad("VERSION", wVersion + 2) +
                    pad("ARCH", wArch + 2) + "PURL\n";
  for (const auto& i : inv.items) {
    out += pad(std::string(toString(i.ecosystem)), 10) + pad(std::string(toString(i.state)), 16) +
           pad(i.name, wName + 2) + pad(i.version, wVersion + 2) + pad(i.arch, wArch + 2) + i.purl + "\n";
  }
  out += "\n";
  for (const auto& s : inv.ecosystems) {
    if (!s.present) continue;
    out += std::string(toString(s.ecosystem)) + ": " + std::to_string(s.items) + " items" +
           (s.partial ? " (PARTIAL: see warnings)" : "") + "\n";
  }
  return out;
}

}  // namespace psirt::inventory
