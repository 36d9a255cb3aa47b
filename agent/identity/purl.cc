// purl parsing follows the spec's "how to parse" steps (right to left:
// subpath, qualifiers, scheme, type, version, name, namespace); building
// follows "how to build" so that parse(toString(p)) == p.
#include "agent/identity/purl.h"

#include <algorithm>
#include <cctype>

#include "platform/transport/url.h"

namespace psirt::identity {

namespace {

// Bytes kept unencoded besides the unreserved ones (see purl.h).
constexpr std::string_view kKeep = ":";
constexpr std::string_view kKeepInQualifier = ":/";

Error purlError(std::string message, std::string_view text) {
  std::string shown(text.substr(0, 200));
  return makeError(ErrorCategory::kParse, std::move(message), "purl '" + shown + "'");
}

char lowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string toLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lowerAscii(c);
  return out;
}

bool isAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool isDigit(char c) { return c >= '0' && c <= '9'; }

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes of `s` into `out` (replacing its content).
Status percentDecode(std::string_view s, std::string_view whole, std::string& out) {
  out.clear();
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') { out.push_back(s[i]); continue; }
    if (i + 2 >= s.size()) return purlError("truncated percent escape", whole);
    int hi = hexValue(s[i + 1]);
    int lo = hexValue(s[i + 2]);
    if (hi < 0 || lo < 0) return purlError("invalid percent escape", whole);
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return okStatus();
}

// Splits `s` on '/', drops empty segments (and "." / ".." when `subpath`),
// decodes each one and joins them with '/'.
Result<std::string> decodeSegments(std::string_view s, bool subpath, std::string_view whole) {
  std::string out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t slash = s.find('/', start);
    if (slash == std::string_view::npos) slash = s.size();
    std::string_view seg = s.substr(start, slash - start);
    start = slash + 1;
    if (seg.empty()) continue;
    std::string decoded;
    PSIRT_TRY(percentDecode(seg, whole, decoded));
    if (subpath && (decoded == "." || decoded == "..")) continue;
    if (decoded.find('/') != std::string::npos) {
      return purlError("a segment may not contain an encoded '/'", whole);
    }
    if (!out.empty()) out.push_back('/');
    out += decoded;
  }
  return out;
}

bool validType(std::string_view t) {
  if (t.empty() || isDigit(t[0])) return false;
  return std::all_of(t.begin(), t.end(), [](char c) { return isAlnum(c) || c == '.' || c == '+' || c == '-'; });
}

bool validQualifierKey(std::string_view k) {
  if (k.empty() || isDigit(k[0])) return false;
  return std::all_of(k.begin(), k.end(), [](char c) { return isAlnum(c) || c == '.' || c == '-' || c == '_'; });
}

// Per-type normalization from the purl types list.
void normalize(Purl& p) {
  const std::string& t = p.type;
  if (t == "deb" || t == "apk" || t == "alpm" || t == "github" || t == "bitbucket" || t == "composer") {
    p.namespace_ = toLower(p.namespace_);
    p.name = toLower(p.name);
  } else if (t == "rpm") {
    p.namespace_ = toLower(p.namespace_);
  } else if (t == "pypi") {
    p.name = toLower(p.name);
    std::replace(p.name.begin(), p.name.end(), '_', '-');
  }
}

Status finish(Purl& p, std::string_view whole) {
  if (!validType(p.type)) return purlError("invalid or missing type", whole);
  if (p.name.empty()) return purlError("missing name", whole);
  std::vector<std::pair<std::string, std::string>> q;
  for (auto& [k, v] : p.qualifiers) {
    std::string key = toLower(k);
    if (!validQualifierKey(key)) return purlError("invalid qualifier key '" + key + "'", whole);
    if (v.empty()) continue;
    q.emplace_back(std::move(key), std::move(v));
  }
  std::sort(q.begin(), q.end());
  for (std::size_t i = 1; i < q.size(); ++i) {
    if (q[i].first == q[i - 1].first) return purlError("duplicate qualifier '" + q[i].first + "'", whole);
  }
  p.qualifiers = std::move(q);
  normalize(p);
  return okStatus();
}

}  // namespace

std::optional<std::string> Purl::qualifier(std::string_view key) const {
  for (const auto& [k, v] : qualifiers) {
    if (k == key) return v;
  }
  return std::nullopt;
}

void Purl::setQualifier(std::string key, std::string value) {
  auto it = std::find_if(qualifiers.begin(), qualifiers.end(), [&](const auto& kv) { return kv.first == key; });
  if (it != qualifiers.end()) qualifiers.erase(it);
  if (value.empty()) return;
  auto pos = std::lower_bound(qualifiers.begin(), qualifiers.end(), key,
                              [](const auto& kv, const std::string& k) { return kv.first < k; });
  qualifiers.emplace(pos, std::move(key), std::move(value));
}

std::string Purl::toString() const {
  std::string out = "pkg:" + type + "/";
  auto appendSegments = [&out](std::string_view s) {
    std::size_t start = 0;
    bool first = true;
    while (start <= s.size()) {
      std::size_t slash = s.find('/', start);
      if (slash == std::string_view::npos) slash = s.size();
      std::string_view seg = s.substr(start, slash - start);
      start = slash + 1;
      if (seg.empty()) continue;
      if (!first) out.push_back('/');
      out += transport::percentEncode(seg, kKeep);
      first = false;
    }
  };
  if (!namespace_.empty()) {
    appendSegments(namespace_);
    out.push_back('/');
  }
  out += transport::percentEncode(name, kKeep);
  if (!version.empty()) out += "@" + transport::percentEncode(version, kKeep);
  char sep = '?';
  for (const auto& [k, v] : qualifiers) {
    out.push_back(sep);
    sep = '&';
    out += k + "=" + transport::percentEncode(v, kKeepInQualifier);
  }
  if (!subpath.empty()) {
    out.push_back('#');
    appendSegments(subpath);
  }
  return out;
}

Result<Purl> parsePurl(std::string_view text) {
  if (text.size() > kMaxPurlLength) {
    return makeError(ErrorCategory::kLimit, "purl longer than " + std::to_string(kMaxPurlLength) + " bytes");
  }
  Purl p;
  std::string_view rest = text;
  if (auto hash = rest.rfind('#'); hash != std::string_view::npos) {
    PSIRT_ASSIGN_OR_RETURN(sub, decodeSegments(rest.substr(hash + 1), true, text));
    p.subpath = std::move(sub);
    rest = rest.substr(0, hash);
  }
  if (auto q = rest.rfind('?'); q != std::string_view::npos) {
    std::string_view qs = rest.substr(q + 1);
    rest = rest.substr(0, q);
    std::size_t start = 0;
    while (start <= qs.size()) {
      std::size_t amp = qs.find('&', start);
      if (amp == std::string_view::npos) amp = qs.size();
      std::string_view pair = qs.substr(start, amp - start);
      start = amp + 1;
      if (pair.empty()) continue;
      std::size_t eq = pair.find('=');
      if (eq == std::string_view::npos) return purlError("qualifier without '='", text);
      std::string value;
      PSIRT_TRY(percentDecode(pair.substr(eq + 1), text, value));
      p.qualifiers.emplace_back(std::string(pair.substr(0, eq)), std::move(value));
    }
  }
  std::size_t colon = rest.find(':');
  if (colon == std::string_view::npos || toLower(rest.substr(0, colon)) != "pkg") {
    return purlError("missing 'pkg:' scheme", text);
  }
  rest = rest.substr(colon + 1);
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return purlError("missing type or name", text);
  p.type = toLower(rest.substr(0, slash));
  rest = rest.substr(slash + 1);
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    PSIRT_TRY(percentDecode(rest.substr(at + 1), text, p.version));
    rest = rest.substr(0, at);
  }
  std::size_t last = rest.rfind('/');
  std::string_view rawName = last == std::string_view::npos ? rest : rest.substr(last + 1);
  PSIRT_TRY(percentDecode(rawName, text, p.name));
  if (last != std::string_view::npos) {
    PSIRT_ASSIGN_OR_RETURN(ns, decodeSegments(rest.substr(0, last), false, text));
    p.namespace_ = std::move(ns);
  }
  PSIRT_TRY(finish(p, text));
  return p;
}

bool samePackageIdentity(const Purl& a, const Purl& b) {
  if (a.type != b.type || a.namespace_ != b.namespace_ || a.name != b.name) return false;
  auto archA = a.qualifier("arch");
  auto archB = b.qualifier("arch");
  return !archA || !archB || *archA == *archB;
}

Result<Purl> makePurl(std::string type, std::string namespace_, std::string name, std::string version,
                      std::vector<std::pair<std::string, std::string>> qualifiers, std::string subpath) {
  Purl p;
  p.type = toLower(type);
  p.namespace_ = std::move(namespace_);
  p.name = std::move(name);
  p.version = std::move(version);
  p.qualifiers = std::move(qualifiers);
  p.subpath = std::move(subpath);
  std::string shown = p.type + "/" + p.name;
  PSIRT_TRY(finish(p, shown));
  return p;
}

}  // namespace psirt::identity
