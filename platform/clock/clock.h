// Time as 64-bit seconds since the Unix epoch (UTC) everywhere, on every
// architecture (armhf builds use 64-bit time_t too). The clock is injectable
// so that expiry and time-floor logic are tested without faking the system.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "platform/error/result.h"

namespace psirt::clock {

using Seconds = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Seconds now() const = 0;
};

// Reads the system wall clock through libc (so faketime's LD_PRELOAD works).
class SystemClock final : public Clock {
 public:
  Seconds now() const override;
};

// A clock that says what the test tells it.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Seconds t) : t_(t) {}
  Seconds now() const override { return t_; }
  void set(Seconds t) { t_ = t; }
 private:
  Seconds t_;
};

// RFC 3339 date-time, e.g. "2030-01-01T00:00:00Z" or with fraction and offset
// ("...T12:00:00.5+02:00"). Fractions are truncated. Our own arithmetic: no
// timegm/time_t, so dates past 2038 and up to 9999 work on 32-bit ARM.
Result<Seconds> parseRfc3339(std::string_view text);
// TUF's strict form: exactly "YYYY-MM-DDTHH:MM:SSZ".
Result<Seconds> parseTufTime(std::string_view text);
// "YYYY-MM-DDTHH:MM:SSZ".
std::string formatRfc3339(Seconds t);
// TUF's form is RFC 3339's without fraction or offset: the same text.
inline std::string formatTufTime(Seconds t) { return formatRfc3339(t); }

// The proleptic Gregorian calendar, the one copy of its arithmetic (other
// components validate and compare dates of their own grammars with it).
// Days since 1970-01-01 of year-month-day (H. Hinnant's days_from_civil), in
// 64-bit: no year in 0000..9999 overflows. month in 1..12, day in 1..31.
std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day);
bool isLeapYear(std::int64_t year);
// 28..31; month must be in 1..12.
unsigned daysInMonth(std::int64_t year, unsigned month);

}  // namespace psirt::clock
