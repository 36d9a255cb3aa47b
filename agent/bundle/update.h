// Offline update (docs/design.md#offline-bundle): the bundle is first copied
// into private storage under the state directory, then verified from that
// copy by the TUF updater through a BundleFetcher, then the copy is removed.
// The caller holds the state lock (psirt-agent update does).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agent/bundle/format.h"
#include "platform/clock/clock.h"
#include "platform/error/result.h"

namespace psirt::bundle {

// Copies bundle_path (a regular file of at most max_bytes) into
// private storage (agent/state incoming.h: DIR/incoming/bundle-<random
// hex>.psb), mode 0600, written atomically
// (fsync, rename, fsync dir), streamed in 64 KiB chunks. Left-over copies
// from an interrupted run are removed first. Returns the private path; the
// caller removes it when done.
Result<std::string> importBundle(const std::string& bundle_path, const std::string& state_dir,
                                 std::uint64_t max_bytes = std::uint64_t{2} << 30);

struct BundleUpdateOptions {
  clock::Seconds build_time = 0;     // lower bound of the TUF time floor
  std::vector<std::string> targets;  // empty: every target the trusted roles list
  Limits limits;                     // container bounds (max_bundle_bytes also bounds the copy)
};

struct BundleUpdateOutcome {
  std::int64_t root_version = 0;
  std::int64_t timestamp_version = 0;
  std::int64_t snapshot_version = 0;
  std::int64_t targets_version = 0;
  int stored = 0;                              // targets verified and stored
  std::vector<std::string> missing_artifacts;  // artifacts/* not in the bundle (not a trust failure)
  std::vector<std::string> warnings;           // updater warnings (clock behind floor, ...)
};

// import -> open (structure) -> Updater::refresh -> findTarget/storeTarget
// for each target. Trust failures are kSecurity (nothing accepted that did
// not verify); a structurally bad bundle is kParse/kLimit before the updater
// runs. A target missing from the bundle is an error unless it is under
// "artifacts/" (artifacts may be a subset).
Result<BundleUpdateOutcome> updateFromBundle(const std::string& state_dir, const std::string& bundle_path,
                                             const clock::Clock& clock, const BundleUpdateOptions& options = {});

}  // namespace psirt::bundle
