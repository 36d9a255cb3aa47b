// deb (and opkg): dpkg's parseversion() and verrevcmp(), byte for byte.
//
// Acceptance follows libdpkg parseversion in strict mode: its errors AND its
// warnings (bad first character, invalid characters) reject the version,
// which is what `dpkg --validate-version` does. Quirks kept on purpose so
// that we agree with dpkg: blanks (space, TAB) around the version are
// ignored; the epoch is read like strtol (leading isspace characters and a
// sign are accepted, "+1:" and "-0:" are epochs 1 and 0).
#include <climits>
#include <cstdint>
#include <string>

#include "agent/versions/schemes.h"

namespace psirt::versions::detail {
namespace {

bool isBlank(char c) { return c == ' ' || c == '\t'; }

// Characters dpkg allows: bit 1 in the upstream version, bit 2 in the revision;
// bit 4 marks the blanks (space, TAB) that end a version.
struct CharTable {
  unsigned char bits[256] = {};
  constexpr CharTable() {
    for (int c = 0; c < 256; ++c) {
      bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (alnum || c == '.' || c == '-' || c == '+' || c == '~' || c == ':') bits[c] |= 1;
      if (alnum || c == '.' || c == '+' || c == '~') bits[c] |= 2;
      if (c == ' ' || c == '\t') bits[c] |= 4;
    }
  }
};
constexpr CharTable kChars;
std::string shownChar(char c) {
  if (c > 0x20 && c < 0x7f) return std::string("'") + c + "'";
  static constexpr char kHex[] = "0123456789abcdef";
  auto u = static_cast<unsigned char>(c);
  return std::string("\\x") + kHex[u >> 4] + kHex[u & 0xf];
}
bool allowed(char c, unsigned char bit) { return (kChars.bits[static_cast<unsigned char>(c)] & bit) != 0; }
bool isCSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// dpkg's order(): digits 0, letters their code, '~' -1, end 0, others c+256.
// Bytes are read unsigned, so the result does not depend on char signedness.
struct OrderTable {
  std::int16_t value[256] = {};
  constexpr OrderTable() {
    for (int c = 1; c < 256; ++c) {
      bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      value[c] = static_cast<std::int16_t>((c >= '0' && c <= '9') ? 0 : alpha ? c : c == '~' ? -1 : c + 256);
    }
  }
};
constexpr OrderTable kOrder;
int order(unsigned char c) { return kOrder.value[c]; }

// Reads the epoch like strtol(s, &end, 10) followed by dpkg's checks.
Status parseEpoch(std::string_view s, std::size_t colon, DebView& out) {
  std::size_t i = 0;
  while (i < colon && isCSpace(s[i])) ++i;
  bool negative = false;
  if (i < colon && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  std::size_t digits = i;
  std::uint64_t value = 0;
  bool big = false;
  while (i < s.size() && isDigit(s[i])) {
    if (!big) {
      value = value * 10 + static_cast<std::uint64_t>(s[i] - '0');
      if (value > INT_MAX) big = true;
    }
    ++i;
  }
  if (i == digits) return parseError("epoch in version is empty", s);
  if (i != colon) return parseError("epoch in version is not number", s);
  if (negative && (value != 0 || big)) return parseError("epoch in version is negative", s);
  if (big) return parseError("epoch in version is too big", s);
  out.epoch = static_cast<std::uint32_t>(value);
  out.has_epoch = true;
  return okStatus();
}

}  // namespace

Status splitDeb(std::string_view text, DebView& out) {
  constexpr std::size_t npos = std::string_view::npos;
  std::size_t b = 0;
  while (b < text.size() && isBlank(text[b])) ++b;
  // One pass: the end of the version (first blank), the first ':', the last
  // '-', and whether every character is one the upstream part allows.
  std::size_t e = b, colon = npos, last_hyphen = npos;
  unsigned char all = 1;
  for (; e < text.size(); ++e) {
    char c = text[e];
    unsigned char bits = kChars.bits[static_cast<unsigned char>(c)];
    if ((bits & 4) != 0) break;  // blank
    all &= bits;
    if (c == ':' && colon == npos) colon = e - b;
    if (c == '-') last_hyphen = e - b;
  }
  for (std::size_t i = e; i < text.size(); ++i) {
    if (!isBlank(text[i])) return parseError("version string has embedded spaces", text);
  }
  std::string_view s = text.substr(b, e - b);
  if (s.empty()) return parseError("version string is empty", text);
  out.text = s;  // a NUL byte is rejected below as an invalid character
  std::string_view rest = s;
  std::size_t hyphen = last_hyphen;  // relative to rest, below
  if (colon != npos) {
    PSIRT_TRY(parseEpoch(s, colon, out));
    if (colon + 1 == s.size()) return parseError("nothing after colon in version number", text);
    rest = s.substr(colon + 1);
    hyphen = (last_hyphen == npos || last_hyphen < colon) ? npos : last_hyphen - colon - 1;
  }
  std::string_view upstream = rest;
  std::string_view revision;
  if (hyphen != std::string_view::npos) {
    upstream = rest.substr(0, hyphen);
    revision = rest.substr(hyphen + 1);
    if (revision.empty()) return parseError("revision number is empty", text);
    out.has_revision = true;
  }
  if (upstream.empty()) return parseError("version number is empty", text);
  if (!isDigit(upstream[0])) return parseError("version number does not start with digit", text);
  for (char c : (all & 1) != 0 ? std::string_view() : upstream) {  // checked in the pass above
    if (!allowed(c, 1)) {
      return parseError("invalid character " + shownChar(c) + " in version number", text);
    }
  }
  for (char c : revision) {
    if (!allowed(c, 2)) {
      return parseError("invalid character " + shownChar(c) + " in revision number", text);
    }
  }
  out.upstream = upstream;
  out.revision = revision;
  return okStatus();
}

Status parseDeb(std::string_view text, Version& out) {
  DebView v;
  PSIRT_TRY(splitDeb(text, v));
  out.text = std::string(v.text);
  out.epoch_value = v.epoch;
  out.has_epoch = v.has_epoch;
  if (v.has_epoch) out.epoch = std::to_string(v.epoch);
  out.upstream = std::string(v.upstream);
  out.revision = std::string(v.revision);
  out.has_revision = v.has_revision;
  return okStatus();
}

int debVerrevcmp(std::string_view as, std::string_view bs) {
  const char* a = as.data();
  const char* ae = a + as.size();
  const char* b = bs.data();
  const char* be = b + bs.size();
  auto at = [](const char* p, const char* e) -> unsigned char {
    return p < e ? static_cast<unsigned char>(*p) : 0;
  };
  auto digit = [](unsigned char c) { return c >= '0' && c <= '9'; };
  while (a < ae || b < be) {
    int first_diff = 0;
    while ((a < ae && !digit(at(a, ae))) || (b < be && !digit(at(b, be)))) {
      int ac = order(at(a, ae));
      int bc = order(at(b, be));
      if (ac != bc) return ac < bc ? -1 : 1;
      ++a;
      ++b;
    }
    while (at(a, ae) == '0') ++a;
    while (at(b, be) == '0') ++b;
    while (digit(at(a, ae)) && digit(at(b, be))) {
      if (first_diff == 0) first_diff = at(a, ae) - at(b, be);
      ++a;
      ++b;
    }
    if (digit(at(a, ae))) return 1;
    if (digit(at(b, be))) return -1;
    if (first_diff != 0) return first_diff < 0 ? -1 : 1;
  }
  return 0;
}

int compareDeb(const Version& a, const Version& b) {
  if (a.epoch_value != b.epoch_value) return a.epoch_value < b.epoch_value ? -1 : 1;
  int r = debVerrevcmp(a.upstream, b.upstream);
  if (r != 0) return r;
  return debVerrevcmp(a.revision, b.revision);
}

int compareDebViews(const DebView& a, const DebView& b) {
  if (a.epoch != b.epoch) return a.epoch < b.epoch ? -1 : 1;
  int r = debVerrevcmp(a.upstream, b.upstream);
  if (r != 0) return r;
  return debVerrevcmp(a.revision, b.revision);
}

}  // namespace psirt::versions::detail

namespace psirt::versions::detail {

// opkg: dpkg's split and order with libopkg's looser acceptance (it checks no
// characters, so "001.CIBUILDX20160919_153521" is valid). We still require
// 1..1024 printable ASCII characters without blanks, a decimal epoch
// <= INT_MAX when a ':' is present, and non-empty upstream and revision.
Status parseOpkg(std::string_view text, Version& out) {
  if (text.empty()) return parseError("empty opkg version", text);
  for (char c : text) {
    if (c < 0x21 || c > 0x7e) return parseError("opkg versions are printable ASCII without spaces", text);
  }
  out.text = std::string(text);
  std::size_t colon = text.find(':');
  std::string_view rest = text;
  if (colon != std::string_view::npos) {
    std::string_view e = text.substr(0, colon);
    if (e.empty()) return parseError("epoch in version is empty", text);
    std::uint64_t value = 0;
    for (char c : e) {
      if (!isDigit(c)) return parseError("epoch in version is not number", text);
      value = value * 10 + static_cast<std::uint64_t>(c - '0');
      if (value > INT_MAX) return parseError("epoch in version is too big", text);
    }
    out.epoch_value = static_cast<std::uint32_t>(value);
    out.epoch = std::to_string(value);
    out.has_epoch = true;
    rest = text.substr(colon + 1);
  }
  std::size_t hyphen = rest.rfind('-');
  std::string_view upstream = rest.substr(0, hyphen);
  if (hyphen != std::string_view::npos) {
    out.revision = std::string(rest.substr(hyphen + 1));
    out.has_revision = true;
    if (out.revision.empty()) return parseError("revision number is empty", text);
  }
  if (upstream.empty()) return parseError("version number is empty", text);
  out.upstream = std::string(upstream);
  return okStatus();
}

}  // namespace psirt::versions::detail
