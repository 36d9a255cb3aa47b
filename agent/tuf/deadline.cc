#include "agent/tuf/deadline.h"

#include <algorithm>
#include <cstdint>

namespace psirt::tuf {

UpdateDeadline UpdateDeadline::in(int seconds) {
  return UpdateDeadline(std::chrono::steady_clock::now() + std::chrono::seconds(seconds), seconds);
}

int UpdateDeadline::millisecondsLeft() const {
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(end_ - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<std::int64_t>(ms.count(), 0, std::int64_t{1} << 30));
}

Error UpdateDeadline::exceeded(const std::string& location) const {
  return makeError(ErrorCategory::kLimit,
                   "update deadline of " + std::to_string(seconds_) +
                       " s exceeded (the server is too slow or trickling; --deadline SECONDS); nothing more fetched, "
                       "the trusted set is unchanged",
                   location.substr(0, 300));
}

}  // namespace psirt::tuf
