#include "agent/evaluate/train.h"

#include "agent/csaf/nevra.h"

#include <array>
#include <cctype>

namespace psirt::evaluate {

namespace {

bool archCompatible(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty() || a == b) return true;
  return a == "all" || b == "all" || a == "noarch" || b == "noarch";
}

// Whether lowered `text` holds `part` (already lower case) at `pos`.
bool lowerAt(std::string_view text, std::size_t pos, std::string_view part) {
  for (std::size_t i = 0; i < part.size(); ++i) {
    if (lowerByte(text[pos + i]) != part[i]) return false;
  }
  return true;
}

}  // namespace

char lowerByte(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lowerByte(a[i]) != lowerByte(b[i])) return false;
  }
  return true;
}

bool cpeHasVendorProduct(std::string_view cpe, std::string_view vendor, std::string_view product) {
  // The needle ":<vendor>:<product>:" tried at every position, as find() would.
  const std::size_t len = vendor.size() + product.size() + 3;
  for (std::size_t k = 0; k + len <= cpe.size(); ++k) {
    std::size_t p = k;
    if (lowerByte(cpe[p++]) != ':' || !lowerAt(cpe, p, vendor)) continue;
    p += vendor.size();
    if (lowerByte(cpe[p++]) != ':' || !lowerAt(cpe, p, product)) continue;
    p += product.size();
    if (lowerByte(cpe[p]) == ':') return true;
  }
  return false;
}

bool matchesIdentity(const Identity& id, const InstalledItem& item, MatchedVersion* out) {
  MatchedVersion mv{item.version, false};
  bool match = false;
  if (!id.purl_type.empty()) {
    if (id.purl_type != item.purl_type) return false;
    if (!id.purl_namespace.empty() && !item.purl_namespace.empty() &&
        !equalsIgnoreCase(id.purl_namespace, item.purl_namespace)) {
      return false;
    }
    const bool source_only = id.arch == "src";
    if (!source_only && !archCompatible(id.arch, item.arch)) return false;
    if (!source_only && id.name == item.name) match = true;
    // rpm: a purl without arch may name the source package (Red Hat VEX names
    // components by their source rpm: pkg:rpm/redhat/samba).
    const bool by_source = id.purl_type == "deb" || source_only || (id.purl_type == "rpm" && id.arch.empty());
    if (by_source && !item.source_name.empty() && id.name == item.source_name) {
      // Debian advisories name source packages: compare the source version.
      match = true;
      if (id.purl_type == "deb") mv = {item.source_version.empty() ? item.version : item.source_version, true};
    }
  } else if (!id.cpe_vendor.empty()) {
    // CPE on the item side is "cpe:2.3:a:<vendor>:<product>:..." (see inventory).
    match = !item.cpe.empty() && cpeHasVendorProduct(item.cpe, id.cpe_vendor, id.cpe_product);
  } else if (!id.vendor.empty() && !id.product_name.empty()) {
    match = item.ecosystem == "vendor" && equalsNormalised(item.purl_namespace, id.vendor) &&
            equalsNormalised(item.name, id.product_name);
  }
  if (match && out != nullptr) *out = mv;
  return match;
}

namespace {

bool lineSeparator(char c) {
  return c == '.' || c == '-' || c == '_' || c == ':' || c == '+' || c == '~' || c == ' ';
}

bool prefixCovers(std::string_view line, std::string_view version) {
  if (line.empty() || version.size() < line.size()) return false;
  if (!equalsIgnoreCase(version.substr(0, line.size()), line)) return false;
  return version.size() == line.size() || lineSeparator(version[line.size()]);
}

std::string_view numericPrefix(std::string_view v) {
  std::size_t n = 0;
  while (n < v.size() && (std::isdigit(static_cast<unsigned char>(v[n])) || v[n] == '.')) ++n;
  while (n > 0 && v[n - 1] == '.') --n;
  return v.substr(0, n);
}

}  // namespace

bool coversReleaseLine(std::string_view line, std::string_view version) {
  if (prefixCovers(line, version)) return true;
  const std::string_view l = numericPrefix(line), v = numericPrefix(version);
  if (l.empty() || v.empty() || (l == line && v == version)) return false;
  return prefixCovers(l, v);
}

std::string osVersionOf(const InstalledItem& item) {
  if (!item.version.empty()) return item.version;
  // cpe:2.3:part:vendor:product:version:...
  std::size_t pos = 0;
  for (int field = 0; field < 5 && pos != std::string::npos; ++field) {
    pos = item.cpe.find(':', pos);
    if (pos != std::string::npos) ++pos;
  }
  if (pos == std::string::npos) return {};
  const std::size_t end = item.cpe.find(':', pos);
  std::string v = item.cpe.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
  return v == "*" || v == "-" ? std::string() : v;
}

namespace {

// The last ".elN" / ".fcN" / ".amznN" / ".mgaN" tag: [start, end of digits),
// and the end of an "_M" minor part after it (== digits end without one).
struct DistTag {
  std::size_t start = std::string_view::npos, digits_end = 0, minor_end = 0;
};

DistTag findDistTag(std::string_view s) {
  static constexpr std::array<std::string_view, 4> kTags = {".el", ".fc", ".amzn", ".mga"};
  for (auto tag : kTags) {
    auto pos = s.rfind(tag);
    if (pos == std::string_view::npos) continue;
    std::size_t end = pos + tag.size();
    std::size_t digits = end;
    while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
    if (digits == end) continue;
    std::size_t minor = digits;
    if (minor + 1 < s.size() && s[minor] == '_' && std::isdigit(static_cast<unsigned char>(s[minor + 1]))) {
      ++minor;
      while (minor < s.size() && std::isdigit(static_cast<unsigned char>(s[minor]))) ++minor;
    }
    return {pos + 1, digits, minor};
  }
  return {};
}

}  // namespace

std::string rpmDistStream(std::string_view s) {
  const DistTag t = findDistTag(s);
  return t.start == std::string_view::npos ? std::string() : std::string(s.substr(t.start, t.digits_end - t.start));
}

std::string rpmDistMinorStream(std::string_view s) {
  const DistTag t = findDistTag(s);
  return t.start == std::string_view::npos ? std::string() : std::string(s.substr(t.start, t.minor_end - t.start));
}

bool sameTrain(const ProductDescriptor& anchor, const InstalledItem& item) {
  const Identity& id = anchor.identity;
  if (id.purl_type == "deb" || item.version_scheme == "deb") {
    if (!id.distro.empty() && !item.distro.empty() && !equalsIgnoreCase(id.distro, item.distro)) return false;
  }
  if (item.version_scheme == "rpm" && anchor.version.kind == VersionSpec::Kind::kExact) {
    std::string a = rpmDistStream(anchor.version.text);
    std::string b = rpmDistStream(item.version);
    if (!a.empty() && !b.empty() && a != b) return false;
  }
  if (item.version_scheme == "omnipcx" && anchor.version.kind == VersionSpec::Kind::kExact) {
    // Release line: "12.4" of "12.4-M5.304.19" (or of the human "R12.4 M5...").
    auto line = [](std::string_view v) {
      if (!v.empty() && (v[0] == 'R' || v[0] == 'r')) v.remove_prefix(1);
      auto end = v.find_first_of("- ");
      return std::string(v.substr(0, end));
    };
    if (line(anchor.version.text) != line(item.version)) return false;
  }
  return true;
}

std::string ecosystemOf(const Identity& id) {
  if (id.purl_type == "deb" || id.purl_type == "rpm" || id.purl_type == "apk" || id.purl_type == "opkg") {
    return id.purl_type;
  }
  return "vendor";
}

std::string stripNevra(const std::string& name, const std::string& text, std::string* arch) {
  auto nevra = csaf::parseNevra(text);
  if (!nevra || nevra->name != name) return text;
  if (arch != nullptr) *arch = nevra->arch;
  std::string evr = nevra->epoch.empty() ? "" : nevra->epoch + ":";
  return evr + nevra->version + "-" + nevra->release;
}

}  // namespace psirt::evaluate
