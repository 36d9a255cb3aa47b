// FIRST's CVSS v4.0 macro-vector lookup table (internal), in tenths of a
// point; generated from FIRST's reference data (see cvss4_lookup.cc).
#pragma once

#include <cstddef>
#include <cstdint>

namespace psirt::cvss::detail {

inline constexpr std::size_t kCvss4LookupSize = 3 * 2 * 3 * 3 * 3 * 2;
extern const std::int8_t kCvss4Lookup[kCvss4LookupSize];

}  // namespace psirt::cvss::detail
