// PRIVATE to agent/csaf: the JSON Schema "format" checks the CSAF schema uses,
// written to accept exactly what ajv-formats (full mode) accepts, so our
// validation agrees with the reference validator (docs/formats/csaf.md).
#pragma once

#include <cstddef>
#include <string_view>

namespace psirt::csaf::detail {

// Reads exactly n ASCII digits of s at pos into out; false if any is missing
// or not a digit (no sign, no spaces). Shared by the format checks and the
// revision-history tests, which parse the same RFC 3339 fields.
bool fixedDigits(std::string_view s, std::size_t pos, std::size_t n, int& out);

// RFC 3339 date-time with a mandatory time zone ("T", "t" or one space between
// date and time; calendar days checked; leap second only at 23:59 UTC).
bool isDateTime(std::string_view s);
// RFC 3986 absolute URI (scheme required): uriExpression() matched with
// agent/pattern, ASCII case-insensitively, against the whole string.
bool isUri(std::string_view s);
std::string_view uriExpression();

}  // namespace psirt::csaf::detail
