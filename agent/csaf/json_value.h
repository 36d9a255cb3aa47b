// PRIVATE to agent/csaf (included only by its .cc files): the bounded strict
// JSON parse onto nlohmann::json, and small helpers on JSON pointers.
// Public headers of this component never include this file.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "agent/csaf/reader.h"

namespace psirt::csaf::detail {

using Json = nlohmann::json;

// Parses `bytes` as one JSON value within `limits`. Refuses duplicate object
// keys, nesting deeper than max_depth, strings/keys longer than
// max_string_bytes and more than max_values values. On failure returns false
// and fills `failure` (test "json" or "limit", pointer of the offending place).
bool parseStrict(std::string_view bytes, const Limits& limits, Json& out, Finding& failure);

// Escapes one reference token for a JSON pointer (~ -> ~0, / -> ~1).
std::string pointerToken(std::string_view token);

}  // namespace psirt::csaf::detail
