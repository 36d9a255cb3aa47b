// rpm: EVR split like rpm 4.18's rpmverParse()/parseEVR(), segments compared
// like rpmvercmp(), whole versions like python rpm.labelCompare().
//
// rpm itself accepts any non-empty string as an EVR; we reject only what
// rpmverParse rejects (the empty string) plus what cannot reach rpm as a C
// string (a NUL byte). Everything else is a valid, comparable rpm version.
#include <string>

#include "agent/versions/schemes.h"

namespace psirt::versions::detail {

Status parseRpm(std::string_view text, Version& out) {
  if (text.empty()) return parseError("empty rpm version", text);
  if (text.find('\0') != std::string_view::npos) return parseError("NUL byte in version", text);
  out.text = std::string(text);
  std::size_t s = 0;
  while (s < text.size() && isDigit(text[s])) ++s;  // s: epoch terminator
  std::size_t se = text.rfind('-');                   // release separator...
  if (se != std::string_view::npos && se < s) se = std::string_view::npos;  // ...searched from s
  std::size_t vbegin = 0;
  if (s < text.size() && text[s] == ':') {
    out.has_epoch = true;
    out.epoch = s == 0 ? "0" : std::string(text.substr(0, s));
    vbegin = s + 1;
  }
  std::size_t vend = text.size();
  if (se != std::string_view::npos) {
    out.has_revision = true;
    out.revision = std::string(text.substr(se + 1));
    vend = se;
  }
  out.upstream = std::string(text.substr(vbegin, vend - vbegin));
  return okStatus();
}

int rpmvercmp(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  auto at = [](std::string_view s, std::size_t k) { return k < s.size() ? s[k] : '\0'; };
  std::size_t one = 0, two = 0;
  while (one < a.size() || two < b.size()) {
    while (one < a.size() && !isAlnum(a[one]) && a[one] != '~' && a[one] != '^') ++one;
    while (two < b.size() && !isAlnum(b[two]) && b[two] != '~' && b[two] != '^') ++two;
    char c1 = at(a, one), c2 = at(b, two);
    // '~' sorts before everything, even the end of the string.
    if (c1 == '~' || c2 == '~') {
      if (c1 != '~') return 1;
      if (c2 != '~') return -1;
      ++one;
      ++two;
      continue;
    }
    // '^' sorts after the end of the string but before anything else.
    if (c1 == '^' || c2 == '^') {
      if (c1 == '\0') return -1;
      if (c2 == '\0') return 1;
      if (c1 != '^') return 1;
      if (c2 != '^') return -1;
      ++one;
      ++two;
      continue;
    }
    if (c1 == '\0' || c2 == '\0') break;
    std::size_t e1 = one, e2 = two;
    bool isnum = isDigit(c1);
    if (isnum) {
      while (e1 < a.size() && isDigit(a[e1])) ++e1;
      while (e2 < b.size() && isDigit(b[e2])) ++e2;
    } else {
      while (e1 < a.size() && isAlpha(a[e1])) ++e1;
      while (e2 < b.size() && isAlpha(b[e2])) ++e2;
    }
    if (e2 == two) return isnum ? 1 : -1;  // numeric segments beat alpha ones
    std::string_view s1 = a.substr(one, e1 - one), s2 = b.substr(two, e2 - two);
    if (isnum) {
      int r = compareDigitRuns(s1, s2);
      if (r != 0) return r;
    } else {
      int r = s1.compare(s2);
      if (r != 0) return r < 0 ? -1 : 1;
    }
    one = e1;
    two = e2;
  }
  if (one >= a.size() && two >= b.size()) return 0;
  return one >= a.size() ? -1 : 1;
}

// labelCompare: a missing epoch is "0"; a missing release sorts before any
// release (python rpm's compare_values), the epoch compared with rpmvercmp.
int compareRpm(const Version& a, const Version& b) {
  int r = rpmvercmp(a.has_epoch ? a.epoch : "0", b.has_epoch ? b.epoch : "0");
  if (r != 0) return r;
  r = rpmvercmp(a.upstream, b.upstream);
  if (r != 0) return r;
  if (!a.has_revision || !b.has_revision) {
    if (a.has_revision == b.has_revision) return 0;
    return a.has_revision ? 1 : -1;
  }
  return rpmvercmp(a.revision, b.revision);
}

}  // namespace psirt::versions::detail
