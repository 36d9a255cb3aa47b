// The three output formats of `psirt-agent inventory` (docs/formats/inventory.md).
#include <algorithm>
#include <functional>

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

namespace {

// Streams one pretty-printed JSON object whose members are written in key
// order (as Value::dump sorts them), so the bytes equal the dump of the whole
// tree without the tree: each member value, or each element of a streamed
// array, is built and dumped alone.
class ObjectWriter {
 public:
  explicit ObjectWriter(const OutputSink& sink) : sink_(sink) { put("{"); }

  void member(std::string_view key, const Value& v) {
    startMember(key);
    put(indented(v.dump(2), 2));
  }

  // A member whose value is an array of n elements, element(i) built on demand.
  void arrayMember(std::string_view key, std::size_t n, const std::function<Value(std::size_t)>& element) {
    startMember(key);
    if (n == 0) { put("[]"); return; }
    put("[");
    for (std::size_t i = 0; i < n && ok_; ++i) put((i ? ",\n    " : "\n    ") + indented(element(i).dump(2), 4));
    put("\n  ]");
  }

  bool end() {
    put("\n}\n");
    return ok_;
  }

 private:
  void startMember(std::string_view key) {
    put(std::string(first_ ? "\n  " : ",\n  ") + Value(key).dump() + ": ");
    first_ = false;
  }
  static std::string indented(const std::string& text, std::size_t n) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
      out.push_back(c);
      if (c == '\n') out.append(n, ' ');
    }
    return out;
  }
  void put(const std::string& text) {
    if (ok_) ok_ = sink_(text);
  }

  const OutputSink& sink_;
  bool first_ = true;
  bool ok_ = true;
};

// Collects a writer's output into one string (the to* functions, for tests).
std::string collect(const std::function<bool(const OutputSink&)>& write) {
  std::string out;
  write([&out](std::string_view piece) {
    out.append(piece);
    return true;
  });
  return out;
}

}  // namespace

bool writeJson(const Inventory& inv, const OutputSink& sink) {
  ObjectWriter w(sink);
  w.member("complete", Value(complete(inv)));
  Value ecos = Value::array();
  for (const auto& s : inv.ecosystems) {
    ecos.push(Value::object(
        {{"name", toString(s.ecosystem)}, {"present", s.present}, {"partial", s.partial}, {"items", s.items}}));
  }
  w.member("ecosystems", ecos);
  w.member("format", Value("psirt-inventory"));
  w.member("format_version", Value(1));
  w.arrayMember("items", inv.items.size(), [&](std::size_t i) { return itemJson(inv.items[i]); });
  w.member("os", osJson(inv.os));
  w.member("sysroot", Value(inv.sysroot));
  w.arrayMember("warnings", inv.warnings.size(), [&](std::size_t i) {
    const Warning& x = inv.warnings[i];
    Value wj = Value::object({{"ecosystem", toString(x.ecosystem)}, {"file", x.file}, {"message", x.message}});
    if (x.line > 0) wj.set("line", x.line);
    return wj;
  });
  return w.end();
}

std::string toJson(const Inventory& inv) {
  return collect([&](const OutputSink& sink) { return writeJson(inv, sink); });
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

bool writeCycloneDx(const Inventory& inv, const OutputSink& sink) {
  ObjectWriter w(sink);
  w.member("bomFormat", Value("CycloneDX"));
  w.arrayMember("components", inv.items.size(), [&](std::size_t i) { return componentJson(inv.items[i], i + 1); });
  Value tool = Value::object({{"type", "application"}, {"name", "psirt-agent"}});
  Value meta = Value::object({{"tools", Value::object({{"components", Value::array({tool})}})}});
  Value props = Value::array({property("psirt:sysroot", inv.sysroot),
                              property("psirt:complete", complete(inv) ? "true" : "false")});
  for (const auto& s : inv.ecosystems) {
    if (s.partial) props.push(property("psirt:partial", toString(s.ecosystem)));
  }
  meta.set("properties", std::move(props));
  w.member("metadata", meta);
  w.member("specVersion", Value("1.5"));
  w.member("version", Value(1));
  return w.end();
}

std::string toCycloneDx(const Inventory& inv) {
  return collect([&](const OutputSink& sink) { return writeCycloneDx(inv, sink); });
}

bool writeTable(const Inventory& inv, const OutputSink& sink) {
  // Names, versions and purls come from the scanned system: every cell is
  // made printable (log::oneLine) before it is measured and padded. The
  // cells are escaped again when written rather than kept (no copy of N rows).
  std::size_t wName = 4, wVersion = 7, wArch = 4;
  for (const auto& i : inv.items) {
    wName = std::max(wName, std::min<std::size_t>(log::oneLine(i.name).size(), 48));
    wVersion = std::max(wVersion, std::min<std::size_t>(log::oneLine(i.version).size(), 40));
    wArch = std::max(wArch, std::min<std::size_t>(log::oneLine(i.arch).size(), 16));
  }
  // Columns are padded to the widest value (capped); a longer value keeps
  // at least one space before the next column.
  auto pad = [](std::string s, std::size_t w) {
    s.append(s.size() < w ? w - s.size() : 1, ' ');
    return s;
  };
  bool ok = sink(pad("ECOSYSTEM", 10) + pad("STATE", 16) + pad("NAME", wName + 2) + pad("VERSION", wVersion + 2) +
                 pad("ARCH", wArch + 2) + "PURL\n");
  for (std::size_t n = 0; n < inv.items.size() && ok; ++n) {
    const Item& i = inv.items[n];
    ok = sink(pad(std::string(toString(i.ecosystem)), 10) + pad(std::string(toString(i.state)), 16) +
              pad(log::oneLine(i.name), wName + 2) + pad(log::oneLine(i.version), wVersion + 2) +
              pad(log::oneLine(i.arch), wArch + 2) + log::oneLine(i.purl) + "\n");
  }
  std::string out = "\n";
  for (const auto& s : inv.ecosystems) {
    if (!s.present) continue;
    out += std::string(toString(s.ecosystem)) + ": " + std::to_string(s.items) + " items" +
           (s.partial ? " (PARTIAL: see warnings)" : "") + "\n";
  }
  return ok && sink(out);
}

std::string toTable(const Inventory& inv) {
  return collect([&](const OutputSink& sink) { return writeTable(inv, sink); });
}

}  // namespace psirt::inventory
