#include "platform/clock/clock.h"

#include <time.h>

#include <cstdio>

namespace psirt::clock {

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;
constexpr std::size_t kMaxTextLength = 64;  // longest sane date-time with a long fraction

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

Civil civilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;                                      // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                                    // [0, 11]
  const unsigned d = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  const unsigned m = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

// A cursor over the text; every accessor checks bounds.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool digits(std::size_t n, unsigned* out) {
    unsigned v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (pos_ >= s_.size() || s_[pos_] < '0' || s_[pos_] > '9') return false;
      v = v * 10 + static_cast<unsigned>(s_[pos_++] - '0');
    }
    *out = v;
    return true;
  }
  bool literal(char c) {
    if (pos_ >= s_.size() || s_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool peekDigit() const { return pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9'; }
  bool done() const { return pos_ == s_.size(); }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

Error parseError(std::string_view text, const char* why) {
  std::string shown(text.substr(0, kMaxTextLength));
  return makeError(ErrorCategory::kParse, std::string("invalid date-time (") + why + ")", shown);
}

// "YYYY-MM-DDTHH:MM:SS", validated; seconds since the epoch in the given zone.
Result<Seconds> parseDateTime(Scanner& in, std::string_view text) {
  unsigned year, month, day, hour, minute, second;
  if (!in.digits(4, &year) || !in.literal('-') || !in.digits(2, &month) || !in.literal('-') ||
      !in.digits(2, &day)) {
    return parseError(text, "expected YYYY-MM-DD");
  }
  if (!in.literal('T')) return parseError(text, "expected 'T' between date and time");
  if (!in.digits(2, &hour) || !in.literal(':') || !in.digits(2, &minute) || !in.literal(':') ||
      !in.digits(2, &second)) {
    return parseError(text, "expected HH:MM:SS");
  }
  if (month < 1 || month > 12) return parseError(text, "month out of range");
  if (day < 1 || day > daysInMonth(year, month)) return parseError(text, "day out of range for the month");
  // 24:00:00 and leap second 60 are refused: POSIX time cannot represent them.
  if (hour > 23 || minute > 59 || second > 59) return parseError(text, "time of day out of range");
  return daysFromCivil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 + second;
}

}  // namespace

std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                    // [0, 399]
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

bool isLeapYear(std::int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

unsigned daysInMonth(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && isLeapYear(y) ? 29 : kDays[m - 1];
}

Seconds SystemClock::now() const {
  struct timespec ts{};
  // Through libc (not the vDSO directly), so faketime's LD_PRELOAD applies.
  if (::clock_gettime(CLOCK_REALTIME, &ts) != 0) return static_cast<Seconds>(::time(nullptr));
  return static_cast<Seconds>(ts.tv_sec);
}

Result<Seconds> parseRfc3339(std::string_view text) {
  if (text.size() > kMaxTextLength) return parseError(text, "too long");
  Scanner in(text);
  PSIRT_ASSIGN_OR_RETURN(local, parseDateTime(in, text));
  if (in.literal('.')) {
    if (!in.peekDigit()) return parseError(text, "empty fraction of a second");
    unsigned digit;
    while (in.peekDigit()) (void)in.digits(1, &digit);  // truncated
  }
  if (in.literal('Z')) {
    if (!in.done()) return parseError(text, "unexpected text after the time");
    return local;
  }
  int sign = 0;
  if (in.literal('+')) sign = 1;
  else if (in.literal('-')) sign = -1;
  else return parseError(text, "expected 'Z' or a +HH:MM/-HH:MM offset");
  unsigned oh, om;
  if (!in.digits(2, &oh) || !in.literal(':') || !in.digits(2, &om)) {
    return parseError(text, "offset must be +HH:MM or -HH:MM");
  }
  if (oh > 23 || om > 59) return parseError(text, "offset out of range");
  if (!in.done()) return parseError(text, "unexpected text after the offset");
  // Local time = UTC + offset, so UTC = local - offset.
  return local - sign * static_cast<Seconds>(oh * 3600 + om * 60);
}

Result<Seconds> parseTufTime(std::string_view text) {
  if (text.size() != 20) return parseError(text, "TUF expects exactly YYYY-MM-DDTHH:MM:SSZ");
  Scanner in(text);
  PSIRT_ASSIGN_OR_RETURN(t, parseDateTime(in, text));
  if (!in.literal('Z') || !in.done()) return parseError(text, "TUF expects exactly YYYY-MM-DDTHH:MM:SSZ");
  return t;
}

std::string formatRfc3339(Seconds t) {
  // Floor division so that times before 1970 land on the right day.
  std::int64_t days = t / kSecondsPerDay;
  std::int64_t rem = t % kSecondsPerDay;
  if (rem < 0) {
    rem += kSecondsPerDay;
    days -= 1;
  }
  const Civil c = civilFromDays(days);
  const unsigned sod = static_cast<unsigned>(rem);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02uZ", static_cast<long long>(c.year), c.month,
                c.day, sod / 3600, sod / 60 % 60, sod % 60);
  return buf;
}

}  // namespace psirt::clock
