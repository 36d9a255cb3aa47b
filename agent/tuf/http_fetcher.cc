#include "agent/tuf/http_fetcher.h"

#include <algorithm>

namespace psirt::tuf {

Result<std::string> HttpFetcher::fetch(const std::string& location, std::size_t max_bytes) {
  requested_.push_back(location);
  transport::RequestOptions options = options_;
  options.limits.max_body = max_bytes;
  if (deadline_) {
    const int left = deadline_->millisecondsLeft();
    if (left <= 0 || deadline_->passed()) return deadline_->exceeded(location);
    // +1: the transport stops when less than 1 ms is left of its own limit.
    options.total_timeout_ms = std::min(options.total_timeout_ms, left + 1);
  }
  auto response = transport::httpGet(location, options);
  if (!response) {
    // A request cut short by the update's deadline says so, not "timed out".
    if (deadline_ && deadline_->passed()) return deadline_->exceeded(location);
    return response.error();
  }
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
