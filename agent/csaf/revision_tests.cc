// CSAF 2.0 6.1.14 (sorted revision history) and 6.1.16 (latest document
// version equals tracking.version). Dates compare as instants; revision
// numbers compare as semantic versions when both are, else as leading
// integers — the rules of the reference validator, so results agree.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/csaf/mandatory_tests.h"
#include "agent/csaf/schema_formats.h"
#include "platform/clock/clock.h"

namespace psirt::csaf::detail {
namespace {

// ---- instants: YYYY-MM-DD[Tt]HH:MM[:SS[.fffffffff]](Z|z|+HH:MM[:SS]) -------
struct Instant {
  std::int64_t seconds = 0;
  std::int32_t nanos = 0;
};

std::optional<Instant> parseInstant(std::string_view s) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (s.size() < 17 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':') return std::nullopt;
  if (!fixedDigits(s, 0, 4, year) || !fixedDigits(s, 5, 2, month) || !fixedDigits(s, 8, 2, day) ||
      !fixedDigits(s, 11, 2, hour) || !fixedDigits(s, 14, 2, minute)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1) return std::nullopt;
  if (day > static_cast<int>(clock::daysInMonth(year, static_cast<unsigned>(month)))) return std::nullopt;
  std::size_t i = 16;
  std::int32_t nanos = 0;
  if (i < s.size() && s[i] == ':') {
    if (!fixedDigits(s, i + 1, 2, second)) return std::nullopt;
    i += 3;
    if (i < s.size() && s[i] == '.') {
      std::size_t n = 0;
      ++i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9' && n < 9) {
        nanos = nanos * 10 + (s[i] - '0');
        ++i;
        ++n;
      }
      if (n == 0) return std::nullopt;
      for (; n < 9; ++n) nanos *= 10;
    }
  }
  if (hour > 23 || minute > 59 || second > 59 || i >= s.size()) return std::nullopt;
  std::int64_t offset = 0;
  if (s[i] == 'Z' || s[i] == 'z') {
    ++i;
  } else if (s[i] == '+' || s[i] == '-') {
    const int sign = s[i] == '-' ? -1 : 1;
    int oh = 0, om = 0, os = 0;
    if (!fixedDigits(s, i + 1, 2, oh) || i + 3 >= s.size() || s[i + 3] != ':' || !fixedDigits(s, i + 4, 2, om)) {
      return std::nullopt;
    }
    i += 6;
    if (i < s.size() && s[i] == ':') {
      if (!fixedDigits(s, i + 1, 2, os)) return std::nullopt;
      i += 3;
    }
    if (oh > 18 || om > 59 || os > 59 || oh * 3600 + om * 60 + os > 18 * 3600) return std::nullopt;
    offset = sign * (oh * 3600 + om * 60 + os);
  } else {
    return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  const std::int64_t days =
      clock::daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return Instant{days * 86400 + hour * 3600 + minute * 60 + second - offset, nanos};
}

// sign(a - b); 0 when either date does not parse (as the reference does).
int compareDates(const std::string& a, const std::string& b) {
  const auto x = parseInstant(a);
  const auto y = parseInstant(b);
  if (!x || !y) return 0;
  if (x->seconds != y->seconds) return x->seconds < y->seconds ? -1 : 1;
  if (x->nanos != y->nanos) return x->nanos < y->nanos ? -1 : 1;
  return 0;
}

// ---- semantic versions (node-semver, strict mode) --------------------------
struct SemVer {
  std::uint64_t major = 0, minor = 0, patch = 0;
  std::vector<std::string> pre;
  [[nodiscard]] std::string text() const {  // node-semver's .version (no build)
    std::string s = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
    for (std::size_t i = 0; i < pre.size(); ++i) s += (i == 0 ? "-" : ".") + pre[i];
    return s;
  }
};

bool isNumeric(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool validIdentifier(std::string_view s, bool numeric_no_leading_zero) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) return false;
  }
  return !(numeric_no_leading_zero && isNumeric(s) && s.size() > 1 && s[0] == '0');
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) return out;
    start = p + 1;
  }
}

std::optional<SemVer> parseSemVer(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.size() > 256) return std::nullopt;
  if (!s.empty() && s.front() == '=') s.remove_prefix(1);
  if (!s.empty() && s.front() == 'v') s.remove_prefix(1);
  if (auto plus = s.find('+'); plus != std::string_view::npos) {
    for (auto part : split(s.substr(plus + 1), '.')) {
      if (!validIdentifier(part, false)) return std::nullopt;
    }
    s = s.substr(0, plus);
  }
  std::string_view pre;
  if (auto dash = s.find('-'); dash != std::string_view::npos) {
    pre = s.substr(dash + 1);
    s = s.substr(0, dash);
    if (pre.empty()) return std::nullopt;
  }
  const auto core = split(s, '.');
  if (core.size() != 3) return std::nullopt;
  SemVer v;
  std::uint64_t* fields[] = {&v.major, &v.minor, &v.patch};
  for (std::size_t i = 0; i < 3; ++i) {
    if (!isNumeric(core[i]) || (core[i].size() > 1 && core[i][0] == '0') || core[i].size() > 15) return std::nullopt;
    *fields[i] = std::stoull(std::string(core[i]));
  }
  if (!pre.empty()) {
    for (auto part : split(pre, '.')) {
      if (!validIdentifier(part, true)) return std::nullopt;
      v.pre.emplace_back(part);
    }
  }
  return v;
}

int compareSemVer(const SemVer& a, const SemVer& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  if (a.pre.empty() || b.pre.empty()) return a.pre.empty() == b.pre.empty() ? 0 : (a.pre.empty() ? 1 : -1);
  for (std::size_t i = 0; i < std::max(a.pre.size(), b.pre.size()); ++i) {
    if (i >= a.pre.size()) return -1;
    if (i >= b.pre.size()) return 1;
    const auto& x = a.pre[i];
    const auto& y = b.pre[i];
    const bool xn = isNumeric(x), yn = isNumeric(y);
    if (xn && yn) {
      if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
      if (x != y) return x < y ? -1 : 1;
    } else if (xn != yn) {
      return xn ? -1 : 1;
    } else if (x != y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

// JavaScript parseInt on a revision number; nullopt is NaN.
std::optional<std::int64_t> leadingInteger(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  int sign = 1;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) sign = s[i++] == '-' ? -1 : 1;
  std::int64_t v = 0;
  std::size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 18) {
    v = v * 10 + (s[i++] - '0');
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  return sign * v;
}

// The reference's compareVersions(v1, v2): 1 if v2 >= v1 for semver, else
// parseInt(v2) - parseInt(v1) (NaN counts as equal).
int compareVersions(const std::string& v1, const std::string& v2) {
  const auto a = parseSemVer(v1);
  const auto b = parseSemVer(v2);
  if (a && b) return compareSemVer(*b, *a) >= 0 ? 1 : -1;
  const auto x = leadingInteger(v1);
  const auto y = leadingInteger(v2);
  if (!x || !y || *x == *y) return 0;
  return *y > *x ? 1 : -1;
}

std::string normalizeVersion(const std::string& v, bool draft) {
  const std::size_t cut = draft ? v.find_first_of("+-") : v.find('+');
  return v.substr(0, cut);
}

}  // namespace

void runRevisionTests(const Document& d, Findings& out) {
  const Tracking& t = d.document.tracking;
  if (t.revision_history.empty()) return;
  std::vector<const Revision*> revs;
  for (const auto& r : t.revision_history) revs.push_back(&r);

  // 6.1.14: ascending by date (ties by number) must be ascending by number.
  auto ascending = revs;
  std::stable_sort(ascending.begin(), ascending.end(), [](const Revision* a, const Revision* z) {
    int c = compareDates(a->date, z->date);
    if (c == 0) c = compareVersions(z->number, a->number);
    return c < 0;
  });
  std::vector<SemVer> numbers;
  std::vector<std::string> seen;
  for (const Revision* r : ascending) {
    auto v = parseSemVer(r->number);
    if (!v) v = parseSemVer(r->number + ".0.0");
    if (!v) continue;
    const std::string key = v->text();
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    numbers.push_back(*v);
  }
  for (std::size_t i = 1; i < numbers.size(); ++i) {
    if (compareSemVer(numbers[i], numbers[i - 1]) <= 0) {
      out.add("6.1.14", "/document/tracking/revision_history",
              "revision history is not in ascending order of number when sorted by date");
      break;
    }
  }

  // 6.1.16: the newest revision (latest date, then highest number) is the
  // document version (build metadata ignored; for drafts also pre-release).
  if (t.version.empty() || t.status.empty()) return;
  auto newest = revs;
  std::stable_sort(newest.begin(), newest.end(), [](const Revision* a, const Revision* z) {
    int c = compareDates(z->date, a->date);
    if (c == 0) c = compareVersions(a->number, z->number);
    return c < 0;
  });
  const bool draft = t.status == "draft";
  if (normalizeVersion(newest.front()->number, draft) != normalizeVersion(t.version, draft)) {
    out.add("6.1.16", "/document/tracking/version",
            "version \"" + t.version + "\" does not match the latest revision \"" + newest.front()->number + "\"");
  }
}

}  // namespace psirt::csaf::detail
