// The agent's TUF state directory (docs/design.md#state, docs/formats/tuf-state.md):
//
//   DIR/metadata/<role>.json     trusted metadata, byte-exact, unversioned
//   DIR/targets/sha256/<hex>     verified target files, content-addressed, 0600
//   DIR/time-floor               "<seconds> <YYYY-MM-DDTHH:MM:SSZ>\n" (not *.json)
//
// Role file names: top-level roles as "root.json" etc.; a delegated role name
// is percent-encoded (every byte but [A-Za-z0-9_.~-]) so '/', '..', '?', '#'
// cannot leave the directory; an encoded name over 200 bytes becomes
// "%%<sha256 hex of the name>.json". Nothing else named *.json is written
// there (atomic writes use "<name>.json.tmp.XXXXXX" and rename).
// Every write is fs::writeFileAtomic; reads are bounded.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "platform/clock/clock.h"
#include "platform/error/result.h"

namespace psirt::tuf {

class StateStore {
 public:
  // The full layout under `dir` (created 0700 if missing).
  static Result<StateStore> openStateDir(const std::string& dir);
  // Only a metadata directory, e.g. the conformance client's --metadata-dir:
  // roles in `dir` itself, time floor in dir/time-floor, no target store.
  static Result<StateStore> openMetadataDir(const std::string& dir);

  static std::string roleFileName(std::string_view role);

  // nullopt when the role has no file. kLimit above max_bytes.
  Result<std::optional<std::string>> readRole(std::string_view role, std::size_t max_bytes) const;
  Status writeRole(std::string_view role, std::string_view bytes) const;
  Status removeRole(std::string_view role) const;
  std::string rolePath(std::string_view role) const;

  // 0 when no floor was stored yet; kParse if the file is malformed.
  Result<clock::Seconds> readTimeFloor() const;
  Status writeTimeFloor(clock::Seconds floor) const;

  bool hasTargetStore() const { return !targets_dir_.empty(); }
  // DIR/targets/sha256/<hex> (hex must be 64 lower-case hex digits).
  Result<std::string> targetPath(std::string_view sha256_hex) const;

  const std::string& metadataDir() const { return metadata_dir_; }

 private:
  std::string metadata_dir_;
  std::string targets_dir_;  // empty: no target store
  std::string floor_path_;
};

}  // namespace psirt::tuf
