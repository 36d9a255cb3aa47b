// The overall time limit of one update from a repository (docs/components/tuf.md
// "Update deadline"). Each fetch is already bounded (transport: 60 s per
// request, 15 s per read), but a server that trickles every file just under
// those limits (TUF's slow-retrieval attack, spec §1.5.2) would keep a
// 2,000-advisory update busy for a day. An UpdateDeadline is fixed when the
// update starts; every fetch may use only the time left (its request's total
// time limit is cut to it) and, once it is gone, the update fails closed:
// kLimit, nothing more is fetched, and the trusted set stays what it was (a
// set is recorded only after a complete update, trusted_set.h).
#pragma once

#include <chrono>
#include <string>

#include "platform/error/result.h"

namespace psirt::tuf {

// 15 min: a first update of a 2,000-advisory repository (~60 MB of CSAF at a
// few tens of KB each, plus metadata) takes about 8 min on a 1 Mbit/s link;
// later updates fetch only what changed. A trickling server costs at most
// this per update instead of (files x 60 s).
inline constexpr int kDefaultUpdateDeadlineSeconds = 900;
inline constexpr int kMaxUpdateDeadlineSeconds = 86400;

class UpdateDeadline {
 public:
  // Ends `seconds` (>= 1) from now, on the monotonic clock.
  static UpdateDeadline in(int seconds);
  int seconds() const { return seconds_; }
  // Milliseconds left, rounded up, clamped to [0, 2^30]: a request given this
  // long (plus the transport's 1 ms rounding) cannot stop before the deadline.
  int millisecondsLeft() const;
  bool passed() const { return std::chrono::steady_clock::now() >= end_; }
  // kLimit "update deadline of N s exceeded ..." naming `location` (URL: the host).
  Error exceeded(const std::string& location) const;

 private:
  UpdateDeadline(std::chrono::steady_clock::time_point end, int seconds) : end_(end), seconds_(seconds) {}
  std::chrono::steady_clock::time_point end_;
  int seconds_;
};

}  // namespace psirt::tuf
