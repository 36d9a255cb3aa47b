// Bounds and strictness of a JSON parse (json.h, value.h).
#pragma once

#include <cstddef>
#include <cstdint>

namespace psirt::json {

enum class Strictness {
  kStandard,        // RFC 8259 numbers allowed (CSAF has CVSS floats)
  kSignedMetadata,  // integers in [-2^53, 2^53] only, as canonical JSON needs
};

struct ParseOptions {
  Strictness strictness = Strictness::kStandard;
  std::size_t max_bytes = 16u << 20;        // whole input
  std::size_t max_depth = 64;               // nested objects/arrays
  std::size_t max_string_bytes = 1u << 20;  // one string or key, UTF-8 bytes
  std::size_t max_values = 1u << 20;        // total values in the document
};

inline constexpr std::int64_t kMaxSafeInteger = std::int64_t{1} << 53;

}  // namespace psirt::json
