#include "agent/state/state_store.h"

#include "platform/fs/fs.h"

namespace psirt::state {

Result<StateStore> StateStore::openStateDir(const std::string& dir) {
  Layout layout(dir);
  PSIRT_TRY(fs::makeDirectories(layout.metadataDir(), 0700));
  PSIRT_TRY(fs::makeDirectories(layout.targetsDir(), 0700));
  std::string metadata = layout.metadataDir(), floor = layout.timeFloor();
  return StateStore(std::move(layout), std::move(metadata), std::move(floor), true);
}

Result<StateStore> StateStore::openMetadataDir(const std::string& dir) {
  PSIRT_TRY(fs::makeDirectories(dir, 0700));
  // The conformance client's directory is flat: its floor sits beside the roles.
  Layout layout(dir);
  return StateStore(layout, dir, layout.timeFloor(), false);
}

std::string StateStore::rolePath(std::string_view role) const {
  return fs::joinPath(metadata_dir_, Layout::roleFileName(role));
}

Result<std::optional<std::string>> StateStore::readRole(std::string_view role, std::size_t max_bytes) const {
  const std::string path = rolePath(role);
  PSIRT_ASSIGN_OR_RETURN(present, fs::exists(path));
  if (!present) return std::optional<std::string>{};
  PSIRT_ASSIGN_OR_RETURN(bytes, fs::readFile(path, max_bytes));
  return std::optional<std::string>{std::move(bytes)};
}

Status StateStore::writeRole(std::string_view role, std::string_view bytes) const {
  return fs::writeFileAtomic(rolePath(role), bytes, 0600);
}

Status StateStore::removeRole(std::string_view role) const { return fs::removeFile(rolePath(role)); }

Result<clock::Seconds> StateStore::readTimeFloor() const {
  PSIRT_ASSIGN_OR_RETURN(present, fs::exists(floor_path_));
  if (!present) return clock::Seconds{0};
  PSIRT_ASSIGN_OR_RETURN(text, fs::readFile(floor_path_, 128));
  const std::size_t sp = text.find(' ');
  const std::string digits = text.substr(0, sp);
  bool ok = !digits.empty() && digits.size() <= 18;
  clock::Seconds value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9')
      ok = false;
    else
      value = value * 10 + (c - '0');
  }
  if (!ok) return makeError(ErrorCategory::kParse, "malformed time floor", floor_path_);
  return value;
}

Status StateStore::writeTimeFloor(clock::Seconds floor) const {
  return fs::writeFileAtomic(floor_path_, std::to_string(floor) + " " + clock::formatRfc3339(floor) + "\n", 0600);
}

Result<std::string> StateStore::targetPath(std::string_view sha256_hex) const {
  if (!target_store_) return makeError(ErrorCategory::kInternal, "no target store", metadata_dir_);
  if (!isSha256Hex(sha256_hex))
    return makeError(ErrorCategory::kParse, "not a lower-case sha256 hex digest", std::string(sha256_hex));
  return layout_.targetFile(sha256_hex);
}

Result<std::optional<std::string>> StateStore::readTarget(std::string_view sha256_hex, std::size_t max_bytes) const {
  PSIRT_ASSIGN_OR_RETURN(path, targetPath(sha256_hex));
  PSIRT_ASSIGN_OR_RETURN(present, fs::exists(path));
  if (!present) return std::optional<std::string>{};
  PSIRT_ASSIGN_OR_RETURN(bytes, fs::readFile(path, max_bytes));
  return std::optional<std::string>{std::move(bytes)};
}

Result<std::string> StateStore::writeTarget(std::string_view sha256_hex, std::string_view bytes) const {
  PSIRT_ASSIGN_OR_RETURN(path, targetPath(sha256_hex));
  PSIRT_TRY(fs::writeFileAtomicDeferred(path, bytes, 0600));
  return path;
}

void StateStore::removeAbandonedTargetTemps() const {
  if (target_store_) fs::removeAbandonedTemps(layout_.targetsDir());
}

Status StateStore::flushTargets() const {
  if (!target_store_) return okStatus();
  return fs::syncFileSystem(layout_.targetsDir());
}

}  // namespace psirt::state
