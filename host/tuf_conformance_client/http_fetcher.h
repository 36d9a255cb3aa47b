// tuf::Fetcher over platform/transport's HTTP client: `location` is an
// absolute http:// URL. 404 -> kIo with code tuf::kFetchNotFound; a body
// longer than max_bytes -> kLimit after reading at most max_bytes + 1 body
// bytes; any other non-200 status or a redirect -> kIo naming the URL.
#pragma once

#include <string>
#include <vector>

#include "agent/tuf/fetcher.h"
#include "platform/transport/http_client.h"

namespace psirt::conformance {

class HttpFetcher final : public tuf::Fetcher {
 public:
  explicit HttpFetcher(transport::RequestOptions options = {}) : options_(options) {}
  Result<std::string> fetch(const std::string& location, std::size_t max_bytes) override;
  // Every URL asked for, in order (for -v logs).
  const std::vector<std::string>& requested() const { return requested_; }

 private:
  transport::RequestOptions options_;
  std::vector<std::string> requested_;
};

}  // namespace psirt::conformance
