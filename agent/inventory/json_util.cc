#include "agent/inventory/json_util.h"

#include <nlohmann/json.hpp>

namespace psirt::inventory::detail {

Result<nlohmann::json> parseJsonBounded(std::string_view text, std::size_t max_depth) {
  bool tooDeep = false;
  auto limit = [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > static_cast<int>(max_depth)) tooDeep = true;
    return !tooDeep;
  };
  try {
    nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), limit);
    if (tooDeep) {
      return makeError(ErrorCategory::kLimit, "JSON nested deeper than " + std::to_string(max_depth) + " levels");
    }
    return j;
  } catch (const nlohmann::json::exception& e) {
    if (tooDeep) {
      return makeError(ErrorCategory::kLimit, "JSON nested deeper than " + std::to_string(max_depth) + " levels");
    }
    return makeError(ErrorCategory::kParse, std::string("invalid JSON: ") + e.what());
  }
}

}  // namespace psirt::inventory::detail
