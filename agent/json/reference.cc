#include "agent/json/reference.h"

#include <nlohmann/json.hpp>

namespace psirt::json::reference {

std::optional<std::size_t> parseAndCount(std::string_view text) {
  const auto doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return std::nullopt;
  return doc.size();
}

}  // namespace psirt::json::reference
