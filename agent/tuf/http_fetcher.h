// tuf::Fetcher over platform/transport's HTTP client (http:// and https://).
// `location` is an absolute URL. 404 -> kIo with code kFetchNotFound; a body
// longer than max_bytes -> kLimit after reading at most max_bytes + 1 body
// bytes; any other non-200 status or a refused redirect -> kIo naming the URL.
// Plain http:// is refused unless options.allow_insecure_http is set (TUF
// carries integrity, but the operator must ask for it: docs/design.md#command-lines-and-exit-status).
// With an UpdateDeadline, each request's total time limit is cut to the time
// left and a fetch at or past it fails with the deadline's kLimit error.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agent/tuf/deadline.h"
#include "agent/tuf/fetcher.h"
#include "platform/transport/http_client.h"

namespace psirt::tuf {

class HttpFetcher final : public Fetcher {
 public:
  explicit HttpFetcher(transport::RequestOptions options = {}, std::optional<UpdateDeadline> deadline = {})
      : options_(std::move(options)), deadline_(deadline) {}
  Result<std::string> fetch(const std::string& location, std::size_t max_bytes) override;
  // Every URL asked for, in order (for -v logs and tests).
  const std::vector<std::string>& requested() const { return requested_; }

 private:
  transport::RequestOptions options_;
  std::optional<UpdateDeadline> deadline_;
  std::vector<std::string> requested_;
};

}  // namespace psirt::tuf
