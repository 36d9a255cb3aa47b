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

}  // namespace psirt::clock
