#include "agent/tuf/http_fetcher.h"

namespace psirt::tuf {

Result<std::string> HttpFetcher::fetch(const std::string& location, std::size_t max_bytes) {
  requested_.push_back(location);
  transport::RequestOptions options = options_;
  options.limits.max_body = max_bytes;
  auto response = transport::httpGet(location, options);
  if (!response) return response.error();
  if (response->status == 404) {
    return makeError(ErrorCategory::kIo, "not found (HTTP 404)", location, kFetchNotFound);
  }
  if (response->status != 200) {
    return makeError(ErrorCategory::kIo, "HTTP status " + std::to_string(response->status), location,
                     response->status);
  }
  return std::move(response->body);
}

}  // namespace psirt::tuf
