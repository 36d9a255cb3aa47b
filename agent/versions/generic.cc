// generic: the project-defined scheme for versions no ecosystem owns
// (docs/formats/versions.md, "generic"). A version is 1..1024 printable
// ASCII characters (0x21-0x7E) holding at least one letter or digit. It is
// read as runs: a numeric run is a maximal run of digits, an alphabetic run
// a maximal run of ASCII letters; every other character only separates runs.
// Two versions compare run by run:
//   numeric vs numeric    by value (leading zeros ignored, any length)
//   alphabetic vs alpha.  byte order (case-sensitive, "A" < "Z" < "a")
//   numeric vs alphabetic the numeric run is greater
//   a run vs nothing      the version with more runs is greater
// So "1.0" == "1-0" == "01.00", "1.0" < "1.0.1", "1.0a" < "1.0.1".
#include <string>

#include "agent/versions/schemes.h"

namespace psirt::versions::detail {
namespace {

// Next run starting at or after pos; empty view when none is left.
std::string_view nextRun(std::string_view s, std::size_t& pos) {
  while (pos < s.size() && !isAlnum(s[pos])) ++pos;
  std::size_t start = pos;
  if (pos < s.size()) {
    bool digit = isDigit(s[pos]);
    while (pos < s.size() && isAlnum(s[pos]) && isDigit(s[pos]) == digit) ++pos;
  }
  return s.substr(start, pos - start);
}

}  // namespace

Status parseGeneric(std::string_view text, Version& out) {
  if (text.empty()) return parseError("empty version", text);
  bool any = false;
  for (char c : text) {
    if (c < 0x21 || c > 0x7e) return parseError("generic versions are printable ASCII without spaces", text);
    any = any || isAlnum(c);
  }
  if (!any) return parseError("generic version has no letter or digit", text);
  out.text = std::string(text);
  out.upstream = out.text;
  return okStatus();
}

int compareGeneric(const Version& a, const Version& b) {
  std::size_t i = 0, j = 0;
  for (;;) {
    std::string_view ra = nextRun(a.text, i), rb = nextRun(b.text, j);
    if (ra.empty() || rb.empty()) {
      if (ra.empty() && rb.empty()) return 0;
      return ra.empty() ? -1 : 1;
    }
    bool da = isDigit(ra[0]), db = isDigit(rb[0]);
    if (da != db) return da ? 1 : -1;
    int r = da ? compareDigitRuns(ra, rb) : ra.compare(rb);
    if (r != 0) return r < 0 ? -1 : 1;
  }
}

}  // namespace psirt::versions::detail
