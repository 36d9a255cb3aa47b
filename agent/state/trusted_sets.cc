#include "agent/state/trusted_sets.h"

#include "platform/fs/fault_injection.h"
#include "platform/fs/fs.h"

namespace psirt::state {
namespace {

Error setError(const std::string& what, const std::string& where) {
  return makeError(ErrorCategory::kParse, "damaged trusted set: " + what, where);
}

// Removes a set directory and its (flat) content. Best effort.
void removeSetDir(const std::string& dir) {
  if (auto files = fs::listDirectory(dir)) {
    for (const auto& f : *files) (void)fs::removeFile(fs::joinPath(dir, f.name));
  }
  (void)fs::removeDirectory(dir);
}

}  // namespace

Result<std::int64_t> currentSet(const Layout& layout) {
  const std::string path = layout.currentSetPointer();
  PSIRT_ASSIGN_OR_RETURN(present, fs::exists(path));
  if (!present) return std::int64_t{0};
  PSIRT_ASSIGN_OR_RETURN(text, fs::readFile(path, 32));
  std::int64_t n = 0;
  std::size_t digits = 0;
  for (char c : text) {
    if (c == '\n') break;
    if (c < '0' || c > '9' || ++digits > 15) return setError("malformed pointer", path);
    n = n * 10 + (c - '0');
  }
  if (n <= 0) return setError("malformed pointer", path);
  return n;
}

Result<std::string> readSetRole(const Layout& layout, std::int64_t n, std::string_view role,
                                std::size_t max_bytes) {
  return fs::readFile(fs::joinPath(layout.setDir(n), Layout::roleFileName(role)), max_bytes);
}

std::string setIndexPath(const Layout& layout, std::int64_t n) {
  return fs::joinPath(layout.setDir(n), Layout::kSetIndexFile);
}

Result<std::string> readSetIndex(const Layout& layout, std::int64_t n, std::size_t max_bytes) {
  return fs::readFile(setIndexPath(layout, n), max_bytes);
}

void removeSetsExcept(const Layout& layout, std::int64_t keep) {
  auto entries = fs::listDirectory(layout.setsDir());
  if (!entries) return;
  for (const auto& e : *entries) {
    if (e.is_directory && e.name != std::to_string(keep)) removeSetDir(fs::joinPath(layout.setsDir(), e.name));
  }
}

Result<SetWriter> SetWriter::begin(const Layout& layout) {
  PSIRT_ASSIGN_OR_RETURN(previous, currentSet(layout));
  const std::string dir = layout.setDir(previous + 1);
  removeSetDir(dir);  // an interrupted attempt's files must not join this set
  PSIRT_TRY(fs::makeDirectories(dir, 0700));
  return SetWriter(layout, previous + 1);
}

Result<std::string> SetWriter::writeRole(std::string_view role, std::string_view bytes) const {
  std::string file = Layout::roleFileName(role);
  PSIRT_TRY(fs::writeFileAtomicDeferred(fs::joinPath(layout_.setDir(sequence_), file), bytes, 0600));
  return file;
}

Status SetWriter::writeIndex(std::string_view bytes) const {
  return fs::writeFileAtomicDeferred(setIndexPath(layout_, sequence_), bytes, 0600);
}

Status SetWriter::commit() const {
  const std::string dir = layout_.setDir(sequence_);
  PSIRT_FAULT_POINT("state.set.before_flush");
  // Targets (deferred by the updater) and set files durable in one flush.
  PSIRT_TRY(fs::syncFileSystem(dir));
  PSIRT_TRY(fs::fsyncDirectory(dir));
  PSIRT_TRY(fs::fsyncDirectory(layout_.setsDir()));
  PSIRT_FAULT_POINT("state.set.before_switch");
  PSIRT_TRY(fs::writeFileAtomic(layout_.currentSetPointer(), std::to_string(sequence_) + "\n", 0600));
  PSIRT_FAULT_POINT("state.set.switched");
  removeSetsExcept(layout_, sequence_);
  return okStatus();
}

}  // namespace psirt::state
