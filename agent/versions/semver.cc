// semver: Semantic Versioning 2.0.0 (https://semver.org), strict grammar:
//   MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]
// numeric identifiers without leading zeros, identifiers [0-9A-Za-z-]+.
// Precedence per §11; build metadata is ignored when comparing (so
// "1.0.0+a" and "1.0.0+b" compare equal). Numbers of any length compare.
#include <string>
#include <vector>

#include "agent/versions/schemes.h"

namespace psirt::versions::detail {
namespace {

bool isIdentChar(char c) { return isAlnum(c) || c == '-'; }
bool allDigits(std::string_view s) {
  for (char c : s) if (!isDigit(c)) return false;
  return !s.empty();
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) return out;
    start = p + 1;
  }
}

struct Parts {
  std::string_view core, pre;
  bool has_pre = false;
};

Parts splitParts(std::string_view text) {
  Parts p;
  std::size_t plus = text.find('+');
  std::string_view head = text.substr(0, plus);
  std::size_t dash = head.find('-');
  p.core = head.substr(0, dash);
  if (dash != std::string_view::npos) {
    p.has_pre = true;
    p.pre = head.substr(dash + 1);
  }
  return p;
}

}  // namespace

Status parseSemver(std::string_view text, Version& out) {
  if (text.empty()) return parseError("empty semver version", text);
  std::size_t plus = text.find('+');
  if (plus != std::string_view::npos) {
    for (std::string_view id : split(text.substr(plus + 1), '.')) {
      if (id.empty()) return parseError("empty build metadata identifier", text);
      for (char c : id) if (!isIdentChar(c)) return parseError("invalid character in build metadata", text);
    }
  }
  Parts p = splitParts(text);
  auto core = split(p.core, '.');
  if (core.size() != 3) return parseError("semver needs MAJOR.MINOR.PATCH", text);
  for (std::string_view n : core) {
    if (!allDigits(n)) return parseError("MAJOR, MINOR and PATCH must be numbers", text);
    if (n.size() > 1 && n[0] == '0') return parseError("leading zero in a numeric field", text);
  }
  if (p.has_pre) {
    for (std::string_view id : split(p.pre, '.')) {
      if (id.empty()) return parseError("empty pre-release identifier", text);
      for (char c : id) if (!isIdentChar(c)) return parseError("invalid character in pre-release", text);
      if (allDigits(id) && id.size() > 1 && id[0] == '0') {
        return parseError("leading zero in a numeric pre-release identifier", text);
      }
    }
  }
  out.text = std::string(text);
  out.upstream = out.text;
  return okStatus();
}

int compareSemver(const Version& a, const Version& b) {
  Parts pa = splitParts(a.text), pb = splitParts(b.text);
  auto ca = split(pa.core, '.'), cb = split(pb.core, '.');
  for (std::size_t i = 0; i < 3; ++i) {
    int r = compareDigitRuns(ca[i], cb[i]);
    if (r != 0) return r;
  }
  if (!pa.has_pre || !pb.has_pre) {
    if (pa.has_pre == pb.has_pre) return 0;
    return pa.has_pre ? -1 : 1;  // a pre-release precedes its release
  }
  auto ia = split(pa.pre, '.'), ib = split(pb.pre, '.');
  for (std::size_t i = 0; i < ia.size() && i < ib.size(); ++i) {
    bool na = allDigits(ia[i]), nb = allDigits(ib[i]);
    int r = 0;
    if (na && nb) r = compareDigitRuns(ia[i], ib[i]);
    else if (na != nb) r = na ? -1 : 1;  // numeric identifiers sort first
    else r = ia[i].compare(ib[i]) < 0 ? -1 : (ia[i] == ib[i] ? 0 : 1);
    if (r != 0) return r;
  }
  if (ia.size() == ib.size()) return 0;
  return ia.size() < ib.size() ? -1 : 1;
}

}  // namespace psirt::versions::detail
