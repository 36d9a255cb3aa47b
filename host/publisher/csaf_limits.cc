#include "host/publisher/csaf_limits.h"

#include <algorithm>

namespace psirt::publish {

csaf::Limits publisherLimits(std::size_t max_document_bytes) {
  csaf::Limits limits;  // depth and string bounds stay the agent's
  limits.max_document_bytes = max_document_bytes;
  limits.max_values = std::max(limits.max_values, max_document_bytes / 8);
  return limits;
}

std::optional<std::size_t> parseMaxDocumentBytes(const std::string& text) {
  if (text.empty() || text.size() > 13) return std::nullopt;
  std::size_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n == 0 || n > (std::size_t{1} << 40)) return std::nullopt;
  return n;
}

}  // namespace psirt::publish
