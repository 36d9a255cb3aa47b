#include "agent/cvss/exact_decimal.h"

#include <algorithm>
#include <cassert>

namespace psirt::cvss::detail {

namespace {

using Limbs = std::vector<std::uint32_t>;
constexpr std::uint32_t kBase = 1000000000u;  // 10^9 per limb
constexpr std::uint32_t kPow10[] = {1,      10,      100,      1000,      10000,
                                    100000, 1000000, 10000000, 100000000, 1000000000};

void trim(Limbs& a) {
  while (!a.empty() && a.back() == 0) a.pop_back();
}

int compareMag(const Limbs& a, const Limbs& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (std::size_t i = a.size(); i-- > 0;) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

Limbs addMag(const Limbs& a, const Limbs& b) {
  Limbs r(std::max(a.size(), b.size()) + 1, 0);
  std::uint64_t carry = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    std::uint64_t s = carry;
    if (i < a.size()) s += a[i];
    if (i < b.size()) s += b[i];
    r[i] = static_cast<std::uint32_t>(s % kBase);
    carry = s / kBase;
  }
  trim(r);
  return r;
}

// a - b with a >= b.
Limbs subMag(const Limbs& a, const Limbs& b) {
  Limbs r(a.size(), 0);
  std::int64_t borrow = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::int64_t d = static_cast<std::int64_t>(a[i]) - borrow - (i < b.size() ? b[i] : 0);
    borrow = d < 0 ? 1 : 0;
    if (d < 0) d += kBase;
    r[i] = static_cast<std::uint32_t>(d);
  }
  assert(borrow == 0);
  trim(r);
  return r;
}

Limbs mulMag(const Limbs& a, const Limbs& b) {
  if (a.empty() || b.empty()) return {};
  Limbs r(a.size() + b.size(), 0);
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::uint64_t carry = 0;
    for (std::size_t j = 0; j < b.size() || carry != 0; ++j) {
      std::uint64_t cur = r[i + j] + carry + (j < b.size() ? std::uint64_t{a[i]} * b[j] : 0);
      r[i + j] = static_cast<std::uint32_t>(cur % kBase);
      carry = cur / kBase;
    }
  }
  trim(r);
  return r;
}

void mulSmall(Limbs& a, std::uint32_t m) {
  std::uint64_t carry = 0;
  for (auto& limb : a) {
    std::uint64_t cur = std::uint64_t{limb} * m + carry;
    limb = static_cast<std::uint32_t>(cur % kBase);
    carry = cur / kBase;
  }
  if (carry != 0) a.push_back(static_cast<std::uint32_t>(carry));
  trim(a);
}

// a = a / d; returns whether the remainder was non-zero.
bool divSmall(Limbs& a, std::uint32_t d) {
  std::uint64_t rem = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    std::uint64_t cur = a[i] + rem * kBase;
    a[i] = static_cast<std::uint32_t>(cur / d);
    rem = cur % d;
  }
  trim(a);
  return rem != 0;
}

void mulPow10(Limbs& a, int n) {
  for (; n >= 9; n -= 9) mulSmall(a, kBase);
  if (n > 0) mulSmall(a, kPow10[n]);
}

// a = floor(a / 10^n); returns whether anything non-zero was dropped.
bool divPow10(Limbs& a, int n) {
  bool inexact = false;
  for (; n >= 9; n -= 9) inexact = divSmall(a, kBase) || inexact;
  if (n > 0) inexact = divSmall(a, kPow10[n]) || inexact;
  return inexact;
}

Limbs fromUnsigned(std::uint64_t v) {
  Limbs r;
  while (v != 0) {
    r.push_back(static_cast<std::uint32_t>(v % kBase));
    v /= kBase;
  }
  return r;
}

}  // namespace

ExactDecimal::ExactDecimal(std::int64_t units, int scale) : scale_(scale) {
  assert(scale >= 0);
  negative_ = units < 0;
  // Negate in unsigned arithmetic so INT64_MIN is fine.
  std::uint64_t mag = negative_ ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
  limbs_ = fromUnsigned(mag);
  if (limbs_.empty()) negative_ = false;
}

ExactDecimal operator+(const ExactDecimal& a, const ExactDecimal& b) {
  // Bring both to the larger scale (exact: multiplies by 10^k).
  ExactDecimal x = a, y = b;
  int scale = std::max(x.scale_, y.scale_);
  mulPow10(x.limbs_, scale - x.scale_);
  mulPow10(y.limbs_, scale - y.scale_);
  ExactDecimal r;
  r.scale_ = scale;
  if (x.negative_ == y.negative_) {
    r.limbs_ = addMag(x.limbs_, y.limbs_);
    r.negative_ = x.negative_;
  } else if (compareMag(x.limbs_, y.limbs_) >= 0) {
    r.limbs_ = subMag(x.limbs_, y.limbs_);
    r.negative_ = x.negative_;
  } else {
    r.limbs_ = subMag(y.limbs_, x.limbs_);
    r.negative_ = y.negative_;
  }
  if (r.limbs_.empty()) r.negative_ = false;
  return r;
}

ExactDecimal operator-(const ExactDecimal& a, const ExactDecimal& b) {
  ExactDecimal nb = b;
  if (!nb.limbs_.empty()) nb.negative_ = !nb.negative_;
  return a + nb;
}

ExactDecimal operator*(const ExactDecimal& a, const ExactDecimal& b) {
  ExactDecimal r;
  r.limbs_ = mulMag(a.limbs_, b.limbs_);
  r.scale_ = a.scale_ + b.scale_;
  r.negative_ = !r.limbs_.empty() && (a.negative_ != b.negative_);
  return r;
}

ExactDecimal ExactDecimal::pow(unsigned exponent) const {
  ExactDecimal result(1, 0), base = *this;
  while (exponent != 0) {
    if ((exponent & 1u) != 0) result = result * base;
    exponent >>= 1;
    if (exponent != 0) base = base * base;
  }
  return result;
}

int compare(const ExactDecimal& a, const ExactDecimal& b) {
  ExactDecimal d = a - b;
  if (d.limbs_.empty()) return 0;
  return d.negative_ ? -1 : 1;
}

std::int64_t ExactDecimal::roundTo(int digits, Rounding mode) const {
  Limbs mag = limbs_;
  bool inexact = false;
  if (digits >= scale_) {
    mulPow10(mag, digits - scale_);
  } else {
    int drop = scale_ - digits;
    if (mode == Rounding::kHalfUp) {
      // floor((m + 5 x 10^(drop-1)) / 10^drop) on the magnitude: ties go away from zero.
      Limbs half = fromUnsigned(5);
      mulPow10(half, drop - 1);
      mag = addMag(mag, half);
      divPow10(mag, drop);
    } else {
      inexact = divPow10(mag, drop);
    }
  }
  std::uint64_t v = 0;
  for (std::size_t i = mag.size(); i-- > 0;) v = v * kBase + mag[i];
  assert(mag.size() <= 2);
  auto result = static_cast<std::int64_t>(v);
  // The magnitude was truncated toward zero; adjust for the direction asked.
  if (inexact) {
    if (mode == Rounding::kCeiling && !negative_) result += 1;
    if (mode == Rounding::kFloor && negative_) result += 1;
  }
  return negative_ ? -result : result;
}

}  // namespace psirt::cvss::detail
