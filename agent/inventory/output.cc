// The three output formats of `psirt-agent inventory` (docs/formats/inventory.md).
#include <algorithm>
#include <vector>

#include "agent/inventory/inventory.h"
#include "agent/json/value.h"
#include "platform/log/log.h"

namespace psirt::inventory {

namespace {

using json::Value;

void putIf(Value& j, const char* key, const std::string& value) {
  if (!value.empty()) j.set(key, value);
}

Value osJson(const OsInfo& os) {
  Value j = Value::object();
  putIf(j, "id", os.id);
  putIf(j, "version_id", os.version_id);
  putIf(j, "pretty_name", os.pretty_name);
  putIf(j, "cpe", os.cpe);
  return j;
}

bool complete(const Inventory& inv) {
  return std::none_of(inv.ecosystems.begin(), inv.ecosystems.end(), [](const EcosystemStatus& s) { return s.partial; });
}

// Indented, invalid UTF-8 replaced (status files are not guaranteed UTF-8).
std::string dump(const Value& j) { return j.dump(2) + "\n"; }

Value itemJson(const Item& i) {
  Value it = Value::object({{"ecosystem", toString(i.ecosystem)}, {"name", i.name}});
  putIf(it, "version", i.version);
  putIf(it, "arch", i.arch);
  putIf(it, "source_name", i.source_name);
  putIf(it, "source_version", i.source_version);
  it.set("purl", i.purl);
  putIf(it, "cpe", i.cpe);
  it.set("state", toString(i.state));
  putIf(it, "detail", i.detail);
  Value ev = Value::object({{"path", i.evidence.path}});
  if (i.evidence.line > 0) ev.set("line", i.evidence.line);
  putIf(ev, "sha256", i.evidence.sha256);
  it.set("evidence", std::move(ev));
  return it;
}

}  // namespace

std::string toJson(const Inventory& inv) {
  Value j = Value::object({{"format", "psirt-inventory"},
                           {"format_version", 1},
                           {"sysroot", inv.sysroot},
                           {"os", osJson(inv.os)},
                           {"complete", complete(inv)}});
  Value ecos = Value::array();
  for (const auto& s : inv.ecosystems) {
    ecos.push(Value::object(
        {{"name", toString(s.ecosystem)}, {"present", s.present}, {"partial", s.partial}, {"items", s.items}}));
  }
  j.set("ecosystems", std::move(ecos));
  Value items = Value::array();
  for (const auto& i : inv.items) items.push(itemJson(i));
  j.set("items", std::move(items));
  Value warnings = Value::array();
  for (const auto& w : inv.warnings) {
    Value wj = Value::object({{"ecosystem", toString(w.ecosystem)}, {"file", w.file}, {"message", w.message}});
    if (w.line > 0) wj.set("line", w.line);
    warnings.push(std::move(wj));
  }
  j.set("warnings", std::move(warnings));
  return dump(j);
}

namespace {

// {"name": name, "value": value}: a CycloneDX property.
Value property(std::string_view name, std::string_view value) {
  return Value::object({{"name", name}, {"value", value}});
}

Value componentJson(const Item& i, std::size_t n) {
  const char* type = "library";
  switch (i.ecosystem) {
    case Ecosystem::kOs:
    case Ecosystem::kKernel: type = "operating-system"; break;
    case Ecosystem::kVendor: type = "application"; break;
    default: break;
  }
  Value c = Value::object({{"type", type}, {"bom-ref", "item-" + std::to_string(n)}, {"name", i.name}});
  putIf(c, "version", i.version);
  putIf(c, "cpe", i.cpe);
  c.set("purl", i.purl);
  Value p = Value::array();
  auto prop = [&p](const char* name, const std::string& value) {
    if (!value.empty()) p.push(property(name, value));
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
  c.set("properties", std::move(p));
  return c;
}

}  // namespace

std::string toCycloneDx(const Inventory& inv) {
  Value bom = Value::object({{"bomFormat", "CycloneDX"}, {"specVersion", "1.5"}, {"version", 1}});
  Value tool = Value::object({{"type", "application"}, {"name", "psirt-agent"}});
  Value meta = Value::object({{"tools", Value::object({{"components", Value::array({tool})}})}});
  Value props = Value::array({property("psirt:sysroot", inv.sysroot),
                              property("psirt:complete", complete(inv) ? "true" : "false")});
  for (const auto& s : inv.ecosystems) {
    if (s.partial) props.push(property("psirt:partial", toString(s.ecosystem)));
  }
  meta.set("properties", std::move(props));
  bom.set("metadata", std::move(meta));
  Value components = Value::array();
  std::size_t n = 0;
  for (const auto& i : inv.items) components.push(componentJson(i, ++n));
  bom.set("components", std::move(components));
  return dump(bom);
}

std::string toTable(const Inventory& inv) {
  // Names, versions and purls come from the scanned system: every cell is
  // made printable (log::oneLine) before it is measured and padded.
  struct Cells {
    std::string name, version, arch, purl;
  };
  std::vector<Cells> rows;
  rows.reserve(inv.items.size());
  std::size_t wName = 4, wVersion = 7, wArch = 4;
  for (const auto& i : inv.items) {
    rows.push_back({log::oneLine(i.name), log::oneLine(i.version), log::oneLine(i.arch), log::oneLine(i.purl)});
    wName = std::max(wName, std::min<std::size_t>(rows.back().name.size(), 48));
    wVersion = std::max(wVersion, std::min<std::size_t>(rows.back().version.size(), 40));
    wArch = std::max(wArch, std::min<std::size_t>(rows.back().arch.size(), 16));
  }
  // Columns are padded to the widest value (capped); a longer value keeps
  // at least one space before the next column.
  auto pad = [](std::string s, std::size_t w) {
    s.append(s.size() < w ? w - s.size() : 1, ' ');
    return s;
  };
  std::string out = pad("ECOSYSTEM", 10) + pad("STATE", 16) + pad("NAME", wName + 2) + pad("VERSION", wVersion + 2) +
                    pad("ARCH", wArch + 2) + "PURL\n";
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& i = inv.items[k];
    out += pad(std::string(toString(i.ecosystem)), 10) + pad(std::string(toString(i.state)), 16) +
           pad(rows[k].name, wName + 2) + pad(rows[k].version, wVersion + 2) + pad(rows[k].arch, wArch + 2) +
           rows[k].purl + "\n";
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
