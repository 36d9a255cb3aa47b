#include "platform/fs/read_open.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <vector>

namespace psirt::fs::detail {

std::string_view fileTypeName(mode_t mode) {
  if (S_ISREG(mode)) return "regular file";
  if (S_ISDIR(mode)) return "directory";
  if (S_ISFIFO(mode)) return "fifo";
  if (S_ISCHR(mode)) return "character device";
  if (S_ISBLK(mode)) return "block device";
  if (S_ISSOCK(mode)) return "socket";
  if (S_ISLNK(mode)) return "symbolic link";
  return "unknown file type";
}

Error notRegular(mode_t mode, const std::string& shown) {
  return makeError(ErrorCategory::kIo, "not a regular file (" + std::string(fileTypeName(mode)) + ")", shown);
}

namespace {

// One attempt; nullopt when the name was replaced between the stat and the
// open (an atomic rename by a writer): the caller tries again.
Result<std::optional<Fd>> openOnce(int dirfd, const char* name, bool no_follow, const std::string& shown,
                                   struct stat* st_out) {
  struct stat before{};
  if (::fstatat(dirfd, name, &before, no_follow ? AT_SYMLINK_NOFOLLOW : 0) != 0) {
    return ioError("cannot open", shown, errno);
  }
  if (!S_ISREG(before.st_mode)) {
    if (S_ISLNK(before.st_mode)) {
      return makeError(ErrorCategory::kIo, "is a symbolic link (refused here)", shown, ELOOP);
    }
    return notRegular(before.st_mode, shown);
  }
  const int flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (no_follow ? O_NOFOLLOW : 0);
  Fd fd(::openat(dirfd, name, flags));
  if (fd.get() < 0) return ioError("cannot open", shown, errno);
  struct stat after{};
  if (::fstat(fd.get(), &after) != 0) return ioError("cannot stat", shown, errno);
  if (!S_ISREG(after.st_mode)) return notRegular(after.st_mode, shown);
  if (after.st_dev != before.st_dev || after.st_ino != before.st_ino) return std::optional<Fd>{};
  if (st_out != nullptr) *st_out = after;
  return std::optional<Fd>{std::move(fd)};
}

}  // namespace

Result<Fd> openRegularAt(int dirfd, const char* name, bool no_follow, const std::string& shown, struct stat* st_out) {
  // A writer's atomic replacement (rename over the name) between the stat
  // and the open is not an error: the reader sees the old or the new file,
  // each checked. Only a name replaced on every attempt is refused.
  constexpr int kAttempts = 8;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    PSIRT_ASSIGN_OR_RETURN(opened, openOnce(dirfd, name, no_follow, shown, st_out));
    if (opened) return std::move(*opened);
  }
  return makeError(ErrorCategory::kIo, "replaced while being opened (" + std::to_string(kAttempts) + " times)", shown);
}

Status readFdChunks(int fd, const std::string& shown, std::size_t chunk_size, std::uint64_t max_bytes,
                    const std::function<Status(std::span<const std::uint8_t>)>& on_chunk) {
  std::vector<std::uint8_t> buf(std::max<std::size_t>(chunk_size, 1));
  std::uint64_t total = 0;
  for (;;) {
    // Never ask for more than one byte past the limit (max_bytes may be UINT64_MAX).
    const std::uint64_t remaining = max_bytes - std::min(total, max_bytes);
    const std::size_t want = remaining >= buf.size() ? buf.size() : static_cast<std::size_t>(remaining) + 1;
    const ssize_t n = ::read(fd, buf.data(), want);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return makeError(ErrorCategory::kIo, "read would block (not an ordinary file)", shown, errno);
      }
      return ioError("read failed", shown, errno);
    }
    if (n == 0) return okStatus();
    total += static_cast<std::uint64_t>(n);
    if (total > max_bytes) {
      return makeError(ErrorCategory::kLimit,
                       "file is larger than the limit of " + std::to_string(max_bytes) + " bytes", shown);
    }
    PSIRT_TRY(on_chunk(std::span<const std::uint8_t>(buf.data(), static_cast<std::size_t>(n))));
  }
}

Result<std::string> readFdWhole(int fd, const std::string& shown, std::size_t max_bytes, std::uint64_t size_hint) {
  std::string out;
  // Capacity hint only (the read enforces the limit): one allocation of the
  // file's size instead of doubling growth up to twice its size.
  if (size_hint > 0) out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(size_hint, max_bytes)));
  PSIRT_TRY(readFdChunks(fd, shown, 1 << 16, max_bytes, [&](std::span<const std::uint8_t> chunk) {
    out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
    return okStatus();
  }));
  return out;
}

Result<std::vector<DirEntry>> listDirectoryFd(int fd, const std::string& shown) {
  DIR* d = ::fdopendir(fd);
  if (d == nullptr) {
    const int e = errno;
    ::close(fd);
    return ioError("cannot list directory", shown, e);
  }
  std::vector<DirEntry> out;
  errno = 0;
  while (struct dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    struct stat st{};
    DirEntry entry{name, false, false, false};
    if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
      entry.is_directory = S_ISDIR(st.st_mode);
      entry.is_regular = S_ISREG(st.st_mode);
      entry.is_symlink = S_ISLNK(st.st_mode);
    }
    out.push_back(std::move(entry));
  }
  ::closedir(d);
  std::sort(out.begin(), out.end(), [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return out;
}

}  // namespace psirt::fs::detail
