#include "agent/tuf/state_store.h"

#include <cstdlib>

#include "agent/tuf/fetcher.h"
#include "agent/tuf/metadata.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"

namespace psirt::tuf {

Result<StateStore> StateStore::openStateDir(const std::string& dir) {
  StateStore s;
  s.metadata_dir_ = fs::joinPath(dir, "metadata");
  s.targets_dir_ = fs::joinPath(dir, "targets/sha256");
  s.floor_path_ = fs::joinPath(dir, "time-floor");
  PSIRT_TRY(fs::makeDirectories(s.metadata_dir_, 0700));
  PSIRT_TRY(fs::makeDirectories(s.targets_dir_, 0700));
  return s;
}

Result<StateStore> StateStore::openMetadataDir(const std::string& dir) {
  StateStore s;
  s.metadata_dir_ = dir;
  s.floor_path_ = fs::joinPath(dir, "time-floor");
  PSIRT_TRY(fs::makeDirectories(dir, 0700));
  return s;
}

std::string StateStore::roleFileName(std::string_view role) {
  if (isTopLevelRole(role)) return std::string(role) + ".json";
  std::string encoded = percentEncode(role);
  if (encoded.size() > 200) encoded = "%%" + crypto::toHex(crypto::sha256(crypto::asBytes(role)));
  return encoded + ".json";
}

std::string StateStore::rolePath(std::string_view role) const {
  return fs::joinPath(metadata_dir_, roleFileName(role));
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
  return fs::writeFileAtomic(floor_path_, std::to_string(floor) + " " + formatTufTime(floor) + "\n", 0600);
}

Result<std::string> StateStore::targetPath(std::string_view sha256_hex) const {
  if (targets_dir_.empty()) return makeError(ErrorCategory::kInternal, "no target store", metadata_dir_);
  bool hex = sha256_hex.size() == 64;
  for (char c : sha256_hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) hex = false;
  }
  if (!hex)
    return makeError(ErrorCategory::kParse, "not a lower-case sha256 hex digest", std::string(sha256_hex));
  return fs::joinPath(targets_dir_, sha256_hex);
}

}  // namespace psirt::tuf
