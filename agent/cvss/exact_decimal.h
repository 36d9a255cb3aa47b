// Exact decimal arithmetic for the CVSS v2 and v3.x formulas (internal).
//
// A value is sign x magnitude x 10^-scale with an unbounded magnitude, so
// +, - and x are exact: (ISS - 0.02)^15 has 90 decimals and is still exact.
// The specifications round only at named points (v3.0 "round up", v3.1
// Roundup, v2 round_to_1_decimal); evaluating everything else exactly gives
// the specified result with no floating-point error and no platform variance.
#pragma once

#include <cstdint>
#include <vector>

namespace psirt::cvss::detail {

class ExactDecimal {
 public:
  ExactDecimal() = default;
  // units x 10^-scale, e.g. (85, 2) is 0.85. scale >= 0.
  ExactDecimal(std::int64_t units, int scale);

  friend ExactDecimal operator+(const ExactDecimal& a, const ExactDecimal& b);
  friend ExactDecimal operator-(const ExactDecimal& a, const ExactDecimal& b);
  friend ExactDecimal operator*(const ExactDecimal& a, const ExactDecimal& b);
  ExactDecimal pow(unsigned exponent) const;

  // <0, 0, >0 as a is less than, equal to or greater than b.
  friend int compare(const ExactDecimal& a, const ExactDecimal& b);
  friend bool operator<(const ExactDecimal& a, const ExactDecimal& b) { return compare(a, b) < 0; }
  friend bool operator<=(const ExactDecimal& a, const ExactDecimal& b) { return compare(a, b) <= 0; }
  friend ExactDecimal min(const ExactDecimal& a, const ExactDecimal& b) { return compare(a, b) <= 0 ? a : b; }

  enum class Rounding { kCeiling, kFloor, kHalfUp /* ties away from zero */ };
  // The value times 10^digits, rounded to an integer. The result must fit in
  // int64 (CVSS intermediate values are below 100 x 10^5).
  std::int64_t roundTo(int digits, Rounding mode) const;

 private:
  bool negative_ = false;
  std::vector<std::uint32_t> limbs_;  // base 10^9, least significant first, no high zero limbs
  int scale_ = 0;
};

}  // namespace psirt::cvss::detail
