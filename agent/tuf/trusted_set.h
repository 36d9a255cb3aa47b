// The last complete, consistent trusted set (docs/design.md#state: evaluation reads
// only the last complete, consistent set; docs/formats/tuf-state.md).
//
// The updater persists each role as soon as it is verified, so after a failed
// update DIR/metadata/ may hold a new timestamp and snapshot beside old
// targets. Evaluation must not read such a mix. After an update that verified
// and stored EVERY target, recordCompleteSet() copies the exact bytes of the
// roles that were trusted into a numbered set and switches one pointer file:
//
//   DIR/sets/<N>/<role file>     byte-exact role metadata (state::Layout names)
//   DIR/sets/<N>/index           JSON: roles in load order with their
//                                delegator, targets (path, sha256, length,
//                                delegation chain), missing artifacts,
//                                withdrawn names (in set N-1, not in N)
//   DIR/current-set              "<N>\n", written atomically last
//
// Targets are made durable first (one syncfs for the whole store), then the
// set files, then the pointer: after a crash at any point the pointer names
// a set whose every file and target is on disk. Older sets are removed after
// the switch. agent/state (trusted_sets.h) owns these files and the switch
// protocol; this file decides what a set holds and verifies it.
//
// CompleteSet::load() re-verifies the set from its own root at a reference
// time (signatures, thresholds, hash bindings, versions, EXPIRY: an expired
// set is a kSecurity/kExpired error), then rebuilds every target's TargetFile
// from the verified metadata (the index only says which role speaks for a
// path, and its digest must equal the metadata's). Only the targets' length
// and sha256 are kept after that (memory: the metadata of thousands of
// targets is not held while advisories are evaluated). readTarget() and
// openTarget() check length and sha256 on every read, so a damaged store
// file is refused, never evaluated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agent/state/layout.h"
#include "agent/tuf/target_stream.h"
#include "agent/tuf/trusted_state.h"
#include "agent/tuf/updater.h"
#include "platform/error/result.h"

namespace psirt::tuf {

struct TrustedSetSummary {
  std::int64_t sequence = 0;  // N of DIR/sets/N
  std::int64_t root_version = 0, timestamp_version = 0, snapshot_version = 0, targets_version = 0;
  std::optional<Seconds> issued;  // newest x-psirt-issued of timestamp/snapshot
  Seconds expires = 0;            // earliest expiry of the set's roles
};

// Records the updater's trusted roles and `stored` targets (every target the
// roles list, except `missing` artifacts) as the new current set.
Status recordCompleteSet(const std::string& state_dir, const Updater& updater,
                         const std::vector<TargetMatch>& stored, const std::vector<std::string>& missing);

class CompleteSet {
 public:
  // kUsage "no complete trusted set" when none was recorded yet; kSecurity
  // when the set no longer verifies at reference_time (expired, damaged).
  static Result<CompleteSet> load(const std::string& state_dir, Seconds reference_time);

  const std::vector<TargetMatch>& targets() const { return targets_; }
  const std::vector<std::string>& missingArtifacts() const { return missing_; }
  const std::vector<std::string>& withdrawn() const { return withdrawn_; }
  const TrustedSetSummary& summary() const { return summary_; }

  // The bytes of one of targets() from DIR/targets/sha256/<hex>: length and
  // sha256 checked again (every listed hash was checked when it was stored);
  // kSecurity when they differ.
  Result<std::string> readTarget(const TargetMatch& match) const;
  // The same file as a stream (target_stream.h) for consumers that must not
  // hold it whole: the length is checked now (kLengthMismatch), the sha256 of
  // exactly the bytes handed out at the end (kHashMismatch).
  Result<TargetStream> openTarget(const TargetMatch& match) const;

 private:
  explicit CompleteSet(state::Layout layout) : layout_(std::move(layout)) {}
  state::Layout layout_;
  std::vector<TargetMatch> targets_;
  std::vector<std::string> missing_, withdrawn_;
  TrustedSetSummary summary_;
};

// Fetches and stores every target the trusted roles list (or only `only`),
// then — when all were asked for — records the complete set. Targets under
// "artifacts/" that the source does not have are returned as missing when
// `artifacts_optional` (offline bundles carry a subset), an error otherwise.
struct StoreAllOutcome {
  int stored = 0;
  std::vector<std::string> missing_artifacts;
  bool recorded = false;  // a new complete set was recorded
};
Result<StoreAllOutcome> storeAllTargets(const std::string& state_dir, Updater& updater,
                                        const std::vector<std::string>& only, bool artifacts_optional);

}  // namespace psirt::tuf
