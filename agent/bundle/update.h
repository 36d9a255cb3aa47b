// Offline update (docs/design.md#offline-bundle): the bundle is first copied
// into private storage under the state directory, then verified from that
// copy by the TUF updater through a BundleFetcher, then the copy is removed.
// The caller holds the state lock (psirt-agent update does).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agent/bundle/format.h"
#include "agent/tuf/repository_update.h"
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

// import -> open (structure) -> tuf::refreshAndStore (the steps every source
// shares) through a BundleFetcher. Trust failures are kSecurity (nothing
// accepted that did not verify); a structurally bad bundle is kParse/kLimit
// before the updater runs. A target missing from the bundle is an error
// unless it is under "artifacts/" (artifacts may be a subset): those are
// listed in missing_artifacts, not a trust failure.
Result<tuf::UpdateOutcome> updateFromBundle(const std::string& state_dir, const std::string& bundle_path,
                                            const clock::Clock& clock,
                                            const BundleUpdateOptions& options = {});

}  // namespace psirt::bundle
