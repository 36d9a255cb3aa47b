// The yardstick of bench/baseline: nlohmann/json's own DOM parse of a whole
// document, with none of psirt_json's bounds or checks. The `check` budget is
// stated against "SHA-256 + one such parse of the same bytes", so the bench
// must time exactly this parse.
//
// NOT FOR PRODUCT CODE: unbounded (memory grows with the input, duplicate keys
// pass). It lives in its own library, psirt_json_reference, which only
// benchmarks link.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace psirt::json::reference {

// Parses `text`; the top-level value's member/element count, or nullopt when
// it is not JSON.
std::optional<std::size_t> parseAndCount(std::string_view text);

}  // namespace psirt::json::reference
