// Format checks mirroring ajv-formats 3 (full mode): see schema_formats.h.
#include "agent/csaf/schema_formats.h"

#include <string>

#include "agent/pattern/pattern.h"
#include "platform/clock/clock.h"

namespace psirt::csaf::detail {

bool fixedDigits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

namespace {

bool isDate(std::string_view s) {
  int year = 0, month = 0, day = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!fixedDigits(s, 0, 4, year) || !fixedDigits(s, 5, 2, month) || !fixedDigits(s, 8, 2, day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= static_cast<int>(clock::daysInMonth(year, static_cast<unsigned>(month)));
}

// hh:mm:ss(.f+)?(z|[+-]hh(:?mm)?) with the time zone required.
bool isTime(std::string_view s) {
  int hr = 0, min = 0, sec = 0;
  if (s.size() < 8 || s[2] != ':' || s[5] != ':') return false;
  if (!fixedDigits(s, 0, 2, hr) || !fixedDigits(s, 3, 2, min) || !fixedDigits(s, 6, 2, sec)) return false;
  std::size_t i = 8;
  if (i < s.size() && s[i] == '.') {
    const std::size_t start = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  if (i >= s.size()) return false;  // strict time zone
  int tz_h = 0, tz_m = 0, sign = 1;
  if (s[i] == 'z' || s[i] == 'Z') {
    if (i + 1 != s.size()) return false;
  } else if (s[i] == '+' || s[i] == '-') {
    sign = s[i] == '-' ? -1 : 1;
    if (!fixedDigits(s, i + 1, 2, tz_h)) return false;
    i += 3;
    if (i < s.size() && s[i] == ':') ++i;
    if (i < s.size()) {
      if (!fixedDigits(s, i, 2, tz_m) || i + 2 != s.size()) return false;
    } else if (s[i - 1] == ':') {
      return false;
    }
  } else {
    return false;
  }
  if (tz_h > 23 || tz_m > 59) return false;
  if (hr <= 23 && min <= 59 && sec < 60) return true;
  const int utc_min = min - tz_m * sign;
  const int utc_hr = hr - tz_h * sign - (utc_min < 0 ? 1 : 0);
  return (utc_hr == 23 || utc_hr == -1) && (utc_min == 59 || utc_min == -1) && sec < 61;
}

}  // namespace

bool isDateTime(std::string_view s) {
  std::size_t sep = std::string_view::npos;
  int count = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == 't' || c == 'T' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      if (count++ == 0) sep = i;
    }
  }
  if (count != 1) return false;
  return isDate(s.substr(0, sep)) && isTime(s.substr(sep + 1));
}

std::string_view uriExpression() {
  // The RFC 3986 expression of ajv-formats (full mode), matched case-insensitively.
  return R"(^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$)";
}

bool isUri(std::string_view s) {
  static const auto kUri = pattern::Pattern::compile(uriExpression(), {.ascii_ignore_case = true});
  if (!kUri) return false;  // cannot happen: the unit tests compile uriExpression()
  if (s.find('/') == std::string_view::npos && s.find(':') == std::string_view::npos) return false;
  return kUri->fullMatch(s);
}

}  // namespace psirt::csaf::detail
