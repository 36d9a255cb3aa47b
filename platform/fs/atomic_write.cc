// Atomic replace of a file: temp file in the same directory, fsync, rename,
// fsync of the directory. The rename replaces only a regular file, a
// symbolic link or nothing (never a device node, FIFO, socket or directory).
//
// Temp files are named "<name>.tmp.XXXXXX" and held under flock(LOCK_EX) by
// their writer from creation until after the rename. A writer killed at any
// point leaves at most one such file behind; the next write of the same path
// removes every one it can lock (a lock is free only when its writer is gone).
// A live writer re-checks, once it holds its lock, that its temp file is still
// linked (a cleaner may have taken the lock first) and starts over if not.
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "platform/fs/fault_injection.h"
#include "platform/fs/fd.h"
#include "platform/fs/fs.h"
#include "platform/fs/temp_files.h"

namespace psirt::fs {

namespace detail {

int lockExclusive(int fd, bool wait) {
  int rc;
  do {
    rc = ::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB));
  } while (rc != 0 && errno == EINTR);
  return rc;
}

}  // namespace detail

namespace {

using detail::Fd;
using detail::ioError;

constexpr std::string_view kTempInfix = ".tmp.";
constexpr std::size_t kTempSuffixLength = 6;  // mkostemp's XXXXXX
constexpr int kMaxCreateAttempts = 8;

Status writeAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ioError("write failed", path, errno);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return okStatus();
}

std::string parentOf(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string baseOf(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool sameFile(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

using detail::lockExclusive;

bool isTempOf(std::string_view name, std::string_view base) {
  if (name.size() != base.size() + kTempInfix.size() + kTempSuffixLength) return false;
  if (name.substr(0, base.size()) != base || name.substr(base.size(), kTempInfix.size()) != kTempInfix) {
    return false;
  }
  for (char c : name.substr(name.size() - kTempSuffixLength)) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) return false;
  }
  return true;
}

// Best effort: failures only leave a stale file behind, never affect the write.
// A temp file of any name in the directory ("<name>.tmp.XXXXXX").
bool isAnyTemp(std::string_view name) {
  if (name.size() <= kTempInfix.size() + kTempSuffixLength) return false;
  const std::size_t base = name.size() - kTempInfix.size() - kTempSuffixLength;
  return isTempOf(name, name.substr(0, base));
}

}  // namespace

namespace detail {

void removeAbandonedTempsAt(int dir, const std::string& base) {
  std::vector<std::string> candidates;
  {
    const int list_fd = ::fcntl(dir, F_DUPFD_CLOEXEC, 0);
    if (list_fd < 0) return;
    DIR* d = ::fdopendir(list_fd);
    if (d == nullptr) {
      ::close(list_fd);
      return;
    }
    while (struct dirent* e = ::readdir(d)) {
      if (base.empty() ? isAnyTemp(e->d_name) : isTempOf(e->d_name, base)) candidates.emplace_back(e->d_name);
    }
    ::closedir(d);
  }
  for (const std::string& name : candidates) {
    Fd fd(::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (fd.get() < 0 || lockExclusive(fd.get(), false) != 0) continue;  // a live writer holds it
    struct stat held{}, linked{};
    if (::fstat(fd.get(), &held) == 0 && S_ISREG(held.st_mode) &&
        ::fstatat(dir, name.c_str(), &linked, AT_SYMLINK_NOFOLLOW) == 0 && sameFile(held, linked)) {
      ::unlinkat(dir, name.c_str(), 0);
    }
  }
}

}  // namespace detail

namespace {

// Removes the abandoned temps of `base` (every temp when `base` is empty).
void removeAbandonedTemps(const std::string& dir, const std::string& base) {
  Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() >= 0) detail::removeAbandonedTempsAt(dir_fd.get(), base);
}

// Creates and locks a fresh temp file next to `path`; *tmp receives its name.
Result<int> createLockedTemp(const std::string& path, std::string* tmp) {
  for (int attempt = 0; attempt < kMaxCreateAttempts; ++attempt) {
    std::string tmpl = path + std::string(kTempInfix) + std::string(kTempSuffixLength, 'X');
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    Fd fd(::mkostemp(name.data(), O_CLOEXEC));
    if (fd.get() < 0) return ioError("cannot create temporary file", path, errno);
    if (lockExclusive(fd.get(), true) != 0) {
      int e = errno;
      ::unlink(name.data());
      return ioError("cannot lock temporary file", name.data(), e);
    }
    // A concurrent cleaner may have locked and unlinked it before we did.
    struct stat held{}, linked{};
    if (::fstat(fd.get(), &held) == 0 && ::lstat(name.data(), &linked) == 0 && sameFile(held, linked)) {
      *tmp = name.data();
      return fd.release();
    }
  }
  return makeError(ErrorCategory::kIo, "temporary file kept disappearing", path);
}

}  // namespace

Status writeFileAtomic(const std::string& path, std::string_view content, unsigned mode) {
  bool sent = false;
  return writeFileAtomicChunked(path, mode, [&]() -> Result<std::string_view> {
    if (sent) return std::string_view{};
    sent = true;
    return content;
  });
}

namespace {

enum class Durability { kNow, kDeferred };

// A written temp file next to `path`, still locked by its writer (an open
// descriptor), not yet renamed.
struct Staged {
  Fd fd;
  std::string tmp;
};

// Everything up to the rename: temp file created and locked, chmod, content,
// fsync (kNow). On failure the temp file is removed.
Result<Staged> stage(const std::string& path, unsigned mode,
                     const std::function<Result<std::string_view>()>& next_chunk, Durability durability) {
  // Deferred writes come in batches into one directory: listing it on every
  // write would be quadratic; their caller cleans once (removeAbandonedTemps).
  if (durability == Durability::kNow) removeAbandonedTemps(parentOf(path), baseOf(path));
  Staged s;
  auto fd_r = createLockedTemp(path, &s.tmp);
  if (!fd_r) return fd_r.error();
  // Stays open (and locked) until after the rename: see the file comment.
  s.fd.reset(*fd_r);
  auto fail = [&](Error e) -> Error {
    ::unlink(s.tmp.c_str());
    return e;
  };
  if (::fchmod(s.fd.get(), static_cast<mode_t>(mode)) != 0) return fail(ioError("chmod failed", s.tmp, errno));
  for (;;) {
    auto chunk = next_chunk();
    if (!chunk) return fail(chunk.error());
    if (chunk->empty()) break;  // end of content (an empty first chunk: empty file)
    if (Status st = writeAll(s.fd.get(), *chunk, s.tmp); !st) return fail(st.error());
    PSIRT_FAULT_POINT("atomic_write.mid_write");
  }
  PSIRT_FAULT_POINT("atomic_write.before_fsync");
  if (durability == Durability::kNow && ::fsync(s.fd.get()) != 0) return fail(ioError("fsync failed", s.tmp, errno));
  return s;
}

// The rename over `path`, then (kNow) the fsync of its directory.
Status install(Staged& s, const std::string& path, Durability durability) {
  PSIRT_FAULT_POINT("atomic_write.before_rename");
  // Only a regular file (or a symbolic link, which rename replaces without
  // touching what it points at) is ever replaced: renaming over a device
  // node, FIFO or socket would destroy it (as root, /dev/full became a
  // regular file), and over a directory cannot be what the caller meant.
  if (struct stat there{}; ::lstat(path.c_str(), &there) == 0 && !S_ISREG(there.st_mode) && !S_ISLNK(there.st_mode)) {
    ::unlink(s.tmp.c_str());
    return makeError(ErrorCategory::kIo, "not a regular file: refusing to replace it", path);
  }
  if (::rename(s.tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(s.tmp.c_str());
    return ioError("rename failed", path, e);
  }
  // The data is durable (fsync in stage); a close error here cannot lose it.
  s.fd.reset();
  if (durability == Durability::kDeferred) return okStatus();
  PSIRT_FAULT_POINT("atomic_write.before_dir_fsync");
  // An error from here on means: replaced, but the rename may not survive power loss.
  return fsyncDirectory(parentOf(path));
}

Status replaceAtomically(const std::string& path, unsigned mode,
                         const std::function<Result<std::string_view>()>& next_chunk, Durability durability) {
  PSIRT_ASSIGN_OR_RETURN(staged, stage(path, mode, next_chunk, durability));
  return install(staged, path, durability);
}

}  // namespace

Result<PreparedReplace> PreparedReplace::prepare(const std::string& path, unsigned mode,
                                                 const std::function<Result<std::string_view>()>& next_chunk) {
  PSIRT_ASSIGN_OR_RETURN(staged, stage(path, mode, next_chunk, Durability::kNow));
  PreparedReplace p;
  p.fd_ = staged.fd.release();
  p.tmp_ = std::move(staged.tmp);
  p.path_ = path;
  return p;
}

Status PreparedReplace::commit() {
  if (fd_ < 0) return makeError(ErrorCategory::kInternal, "nothing prepared", path_);
  Staged s{Fd(fd_), tmp_};
  fd_ = -1;
  return install(s, path_, Durability::kNow);
}

PreparedReplace::PreparedReplace(PreparedReplace&& other) noexcept
    : fd_(other.fd_), tmp_(std::move(other.tmp_)), path_(std::move(other.path_)) {
  other.fd_ = -1;
}

PreparedReplace& PreparedReplace::operator=(PreparedReplace&& other) noexcept {
  if (this != &other) {
    discard();
    fd_ = other.fd_;
    tmp_ = std::move(other.tmp_);
    path_ = std::move(other.path_);
    other.fd_ = -1;
  }
  return *this;
}

PreparedReplace::~PreparedReplace() { discard(); }

void PreparedReplace::discard() {
  if (fd_ < 0) return;
  ::unlink(tmp_.c_str());  // before the close: our lock still says it is ours
  ::close(fd_);
  fd_ = -1;
}

Status writeFileAtomicChunked(const std::string& path, unsigned mode,
                              const std::function<Result<std::string_view>()>& next_chunk) {
  return replaceAtomically(path, mode, next_chunk, Durability::kNow);
}

Status writeFileAtomicDeferred(const std::string& path, std::string_view content, unsigned mode) {
  bool sent = false;
  return replaceAtomically(path, mode, [&]() -> Result<std::string_view> {
    if (sent) return std::string_view{};
    sent = true;
    return content;
  }, Durability::kDeferred);
}

void removeAbandonedTemps(const std::string& dir) { removeAbandonedTemps(dir, std::string()); }

Status fsyncDirectory(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return ioError("cannot open directory", dir, errno);
  if (::fsync(fd.get()) != 0) return ioError("fsync of directory failed", dir, errno);
  return okStatus();
}

Status syncFileSystem(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return ioError("cannot open for syncfs", path, errno);
  if (::syncfs(fd.get()) != 0) return ioError("syncfs failed", path, errno);
  return okStatus();
}

}  // namespace psirt::fs
