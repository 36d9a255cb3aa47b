#include "agent/bundle/bundle_fetcher.h"

namespace psirt::bundle {

static_assert(tuf::kFetchNotFound == 404, "reader.cc reports a missing entry with code 404");

Result<std::string> BundleFetcher::fetch(const std::string& location, std::size_t max_bytes) {
  return reader_.read(location, max_bytes);
}

}  // namespace psirt::bundle
