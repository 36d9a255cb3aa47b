// omnipcx: the vendor scheme (docs/formats/versions.md, "omnipcx").
//   canonical  LINE "-" TECH [ "." PATCH ]      12.4-M5.304.19, 12.4-M5.304.19.a
//   human      "R" LINE " " TECH [ "." PATCH ]  R12.4 M5.304.19   (input only)
//   LINE  = NUM *( "." NUM )          release line, e.g. 12.4
//   TECH  = UPPER NUM "." NUM "." NUM technical version, e.g. M5.304.19
//   PATCH = LOWER                     patch-set level, e.g. a
//   NUM   = "0" / (1-9 *DIGIT)        no leading zeros: one spelling per version
// Versions of different release lines are never compared (an error, not an
// order). Within a line: TECH letter, then its three numbers, then PATCH
// (absent < a < b < ... < z).
#include <string>

#include "agent/versions/schemes.h"

namespace psirt::versions::detail {
namespace {

bool isNum(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) if (!isDigit(c)) return false;
  return s.size() == 1 || s[0] != '0';
}

bool isLine(std::string_view s) {
  for (;;) {
    std::size_t dot = s.find('.');
    if (!isNum(s.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    s = s.substr(dot + 1);
  }
}

// TECH ["." PATCH]; fills upstream and revision.
bool parseTech(std::string_view s, Version& out) {
  if (s.empty() || s[0] < 'A' || s[0] > 'Z') return false;
  std::string_view rest = s.substr(1);
  for (int i = 0; i < 3; ++i) {
    std::size_t dot = rest.find('.');
    if (!isNum(rest.substr(0, dot))) return false;
    if (i < 2 && dot == std::string_view::npos) return false;
    rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
    if (i == 2 && dot != std::string_view::npos) {
      if (rest.size() != 1 || rest[0] < 'a' || rest[0] > 'z') return false;
      out.revision = std::string(rest);
      out.has_revision = true;
      s = s.substr(0, s.size() - 2);
    }
  }
  out.upstream = std::string(s);
  return true;
}

// The three numbers of a TECH ("M5.304.19" -> "5", "304", "19").
std::string_view techNumber(std::string_view tech, int index) {
  std::string_view rest = tech.substr(1);
  for (int i = 0; i < index; ++i) rest = rest.substr(rest.find('.') + 1);
  return rest.substr(0, rest.find('.'));
}

}  // namespace

Status parseOmnipcx(std::string_view text, Version& out) {
  std::string_view line, tech;
  if (!text.empty() && text[0] == 'R' && text.find(' ') != std::string_view::npos) {
    std::size_t sp = text.find(' ');
    line = text.substr(1, sp - 1);
    tech = text.substr(sp + 1);
  } else {
    std::size_t dash = text.find('-');
    if (dash == std::string_view::npos) {
      return parseError("omnipcx version must be LINE-TECH (12.4-M5.304.19) or R12.4 M5.304.19", text);
    }
    line = text.substr(0, dash);
    tech = text.substr(dash + 1);
  }
  if (!isLine(line)) return parseError("bad release line (expected e.g. 12.4)", text);
  if (!parseTech(tech, out)) return parseError("bad technical version (expected e.g. M5.304.19 or M5.304.19.a)", text);
  out.epoch = std::string(line);
  out.has_epoch = true;
  out.text = out.epoch + "-" + out.upstream + (out.has_revision ? "." + out.revision : "");
  return okStatus();
}

Result<int> compareOmnipcx(const Version& a, const Version& b) {
  if (a.epoch != b.epoch) {
    return makeError(ErrorCategory::kUnsupported,
                     "omnipcx versions of different release lines are not comparable",
                     a.text + " vs " + b.text);
  }
  if (a.upstream[0] != b.upstream[0]) return a.upstream[0] < b.upstream[0] ? -1 : 1;
  for (int i = 0; i < 3; ++i) {
    int r = compareDigitRuns(techNumber(a.upstream, i), techNumber(b.upstream, i));
    if (r != 0) return r;
  }
  if (a.revision == b.revision) return 0;
  return a.revision < b.revision ? -1 : 1;  // "" < "a" < ... < "z"
}

}  // namespace psirt::versions::detail
