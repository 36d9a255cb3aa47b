// Bounded JSON parsing for the inventory's JSON inputs (internal). nlohmann
// stays in .cc files; this header only forward-declares what it needs.
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "platform/error/result.h"

namespace psirt::inventory::detail {

// Parses `text` rejecting nesting deeper than max_depth; never throws.
Result<nlohmann::json> parseJsonBounded(std::string_view text, std::size_t max_depth);

}  // namespace psirt::inventory::detail
