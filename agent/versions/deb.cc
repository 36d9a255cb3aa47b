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
bool isCSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// dpkg's order(): digits 0, letters their code, '~' -1, end 0, others c+256.
// Bytes are read unsigned, so the result does not depend on char signedness.
int order(unsigned char c) {
  if (c >= '0' && c <= '9') return 0;
  if (isAlpha(static_cast<char>(c))) return c;
  if (c == '~') return -1;
  if (c != 0) return c + 256;
  return 0;
}

// Reads the epoch like strtol(s, &end, 10) followed by dpkg's checks.
Status parseEpoch(std::string_view s, std::size_t colon, Version& out) {
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
  out.epoch_value = static_cast<std::uint32_t>(value);
  out.epoch = std::to_string(value);
  out.has_epoch = true;
  return okStatus();
}

}  // namespace

Status parseDeb(std::string_view text, Version& out) {
  std::size_t b = 0;
  while (b < text.size() && isBlank(text[b])) ++b;
  std::size_t e = b;
  while (e < text.size() && !isBlank(text[e])) ++e;
  for (std::size_t i = e; i < text.size(); ++i) {
    if (!isBlank(text[i])) return parseError("version string has embedded spaces", text);
  }
  std::string_view s = text.substr(b, e - b);
  if (s.empty()) return parseError("version string is empty", text);
  if (s.find('\0') != std::string_view::npos) return parseError("NUL byte in version", text);
  out.text = std::string(s);
  std::size_t colon = s.find(':');
  std::string_view rest = s;
  if (colon != std::string_view::npos) {
    PSIRT_TRY(parseEpoch(s, colon, out));
    if (colon + 1 == s.size()) return parseError("nothing after colon in version number", text);
    rest = s.substr(colon + 1);
  }
  std::size_t hyphen = rest.rfind('-');
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
  for (char c : upstream) {
    if (!isAlnum(c) && std::string_view(".-+~:").find(c) == std::string_view::npos) {
      return parseError(std::string("invalid character '") + c + "' in version number", text);
    }
  }
  for (char c : revision) {
    if (!isAlnum(c) && std::string_view(".+~").find(c) == std::string_view::npos) {
      return parseError(std::string("invalid character '") + c + "' in revision number", text);
    }
  }
  out.upstream = std::string(upstream);
  out.revision = std::string(revision);
  return okStatus();
}

int debVerrevcmp(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  auto at = [](std::string_view s, std::size_t k) -> unsigned char {
    return k < s.size() ? static_cast<unsigned char>(s[k]) : 0;
  };
  auto digit = [](unsigned char c) { return c >= '0' && c <= '9'; };
  while (i < a.size() || j < b.size()) {
    int first_diff = 0;
    while ((i < a.size() && !digit(at(a, i))) || (j < b.size() && !digit(at(b, j)))) {
      int ac = order(at(a, i));
      int bc = order(at(b, j));
      if (ac != bc) return ac < bc ? -1 : 1;
      ++i;
      ++j;
    }
    while (at(a, i) == '0') ++i;
    while (at(b, j) == '0') ++j;
    while (digit(at(a, i)) && digit(at(b, j))) {
      if (first_diff == 0) first_diff = at(a, i) - at(b, j);
      ++i;
      ++j;
    }
    if (digit(at(a, i))) return 1;
    if (digit(at(b, j))) return -1;
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
