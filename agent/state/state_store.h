// The TUF side of the state directory (layout.h): the updater's working copy
// of the roles (DIR/metadata/, byte-exact, unversioned), the time floor and
// the content-addressed target store. Every write is atomic
// (fs::writeFileAtomic) except target files, which are deferred
// (fs::writeFileAtomicDeferred) and made durable in one flush before a
// trusted set refers to them (trusted_sets.h); every read is bounded.
//
// Nothing but role files is named *.json in the metadata directory (temp
// files are "<name>.json.tmp.XXXXXX"; the floor and the lock live in DIR).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "agent/state/layout.h"
#include "platform/clock/clock.h"
#include "platform/error/result.h"

namespace psirt::state {

class StateStore {
 public:
  // The full layout under `dir` (metadata/ and targets/sha256/ created 0700).
  static Result<StateStore> openStateDir(const std::string& dir);
  // Only a metadata directory, e.g. the conformance client's --metadata-dir:
  // roles in `dir` itself, time floor in dir/time-floor, no target store.
  static Result<StateStore> openMetadataDir(const std::string& dir);

  // nullopt when the role has no file. kLimit above max_bytes.
  Result<std::optional<std::string>> readRole(std::string_view role, std::size_t max_bytes) const;
  Status writeRole(std::string_view role, std::string_view bytes) const;
  Status removeRole(std::string_view role) const;
  std::string rolePath(std::string_view role) const;  // for messages

  // 0 when no floor was stored yet; kParse if the file is malformed.
  // Format: "<seconds> <YYYY-MM-DDTHH:MM:SSZ>\n" (only the first field is read).
  Result<clock::Seconds> readTimeFloor() const;
  Status writeTimeFloor(clock::Seconds floor) const;

  bool hasTargetStore() const { return target_store_; }
  // DIR/targets/sha256/<hex>: kParse unless hex is 64 lower-case hex digits,
  // kInternal without a target store.
  Result<std::string> targetPath(std::string_view sha256_hex) const;
  // The stored file, nullopt when absent (the caller verifies its content).
  Result<std::optional<std::string>> readTarget(std::string_view sha256_hex, std::size_t max_bytes) const;
  // Stores `bytes` under their (already verified) sha256; returns the path.
  // Deferred durability: the caller flushes the store (flushTargets, or
  // SetWriter::commit) before anything refers to the file.
  Result<std::string> writeTarget(std::string_view sha256_hex, std::string_view bytes) const;
  // Before a batch of deferred writes: removes temp files of killed writers.
  void removeAbandonedTargetTemps() const;
  // One syncfs(2) for every deferred target write.
  Status flushTargets() const;

  const std::string& metadataDir() const { return metadata_dir_; }

 private:
  StateStore(Layout layout, std::string metadata_dir, std::string floor_path, bool target_store)
      : layout_(std::move(layout)),
        metadata_dir_(std::move(metadata_dir)),
        floor_path_(std::move(floor_path)),
        target_store_(target_store) {}
  Layout layout_;
  std::string metadata_dir_;
  std::string floor_path_;
  bool target_store_ = false;
};

}  // namespace psirt::state
