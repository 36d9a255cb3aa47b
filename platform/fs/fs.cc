#include "platform/fs/fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "platform/fs/fd.h"

namespace psirt::fs {

namespace {

using detail::Fd;
using detail::ioError;

Result<int> openRegularForRead(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return ioError("cannot open", path, errno);
  struct stat st{};
  if (::fstat(fd, &st) != 0) {
    int e = errno;
    ::close(fd);
    return ioError("cannot stat", path, e);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return makeError(ErrorCategory::kIo, "not a regular file", path);
  }
  return fd;
}

}  // namespace

Result<std::string> readFile(const std::string& path, std::size_t max_bytes) {
  std::string out;
  // Capacity hint only (the read below enforces the limit): one allocation of
  // the file's size instead of doubling growth up to twice its size.
  struct stat hint{};
  if (::stat(path.c_str(), &hint) == 0 && S_ISREG(hint.st_mode) && hint.st_size > 0) {
    out.reserve(std::min<std::uint64_t>(static_cast<std::uint64_t>(hint.st_size), max_bytes));
  }
  Status st = readChunks(path, 1 << 16, max_bytes, [&](std::span<const std::uint8_t> chunk) {
    out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
    return okStatus();
  });
  if (!st) return st.error();
  return out;
}

Status readChunks(const std::string& path, std::size_t chunk_size, std::uint64_t max_bytes,
                  const std::function<Status(std::span<const std::uint8_t>)>& on_chunk) {
  auto fd_r = openRegularForRead(path);
  if (!fd_r) return fd_r.error();
  Fd fd(*fd_r);
  std::vector<std::uint8_t> buf(std::max<std::size_t>(chunk_size, 1));
  std::uint64_t total = 0;
  for (;;) {
    // Never ask for more than one byte past the limit (max_bytes may be UINT64_MAX).
    const std::uint64_t remaining = max_bytes - std::min(total, max_bytes);
    const std::size_t want = remaining >= buf.size() ? buf.size() : static_cast<std::size_t>(remaining) + 1;
    ssize_t n = ::read(fd.get(), buf.data(), want);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ioError("read failed", path, errno);
    }
    if (n == 0) return okStatus();
    total += static_cast<std::uint64_t>(n);
    if (total > max_bytes) {
      return makeError(ErrorCategory::kLimit,
                       "file is larger than the limit of " + std::to_string(max_bytes) + " bytes", path);
    }
    PSIRT_TRY(on_chunk(std::span<const std::uint8_t>(buf.data(), static_cast<std::size_t>(n))));
  }
}

Status makeDirectories(const std::string& path, unsigned mode) {
  if (path.empty()) return makeError(ErrorCategory::kUsage, "empty directory path");
  std::string partial;
  std::size_t pos = 0;
  while (pos != std::string::npos) {
    pos = path.find('/', pos + 1);
    partial = path.substr(0, pos);
    if (partial.empty()) continue;
    if (::mkdir(partial.c_str(), mode) != 0 && errno != EEXIST) {
      return ioError("cannot create directory", partial, errno);
    }
  }
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return makeError(ErrorCategory::kIo, "not a directory", path);
  }
  return okStatus();
}

Result<bool> exists(const std::string& path) {
  struct stat st{};
  if (::lstat(path.c_str(), &st) == 0) return true;
  if (errno == ENOENT || errno == ENOTDIR) return false;
  return ioError("cannot stat", path, errno);
}

Status removeFile(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return ioError("cannot remove", path, errno);
  return okStatus();
}

Status removeDirectory(const std::string& path) {
  if (::rmdir(path.c_str()) != 0 && errno != ENOENT) return ioError("cannot remove directory", path, errno);
  return okStatus();
}

Result<std::vector<DirEntry>> listDirectory(const std::string& path) {
  DIR* d = ::opendir(path.c_str());
  if (d == nullptr) return ioError("cannot list directory", path, errno);
  std::vector<DirEntry> out;
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

std::string joinPath(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  if (b.empty()) return std::string(a);
  std::string out(a);
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  while (!b.empty() && b.front() == '/') b.remove_prefix(1);
  if (out != "/") out.push_back('/');
  out.append(b);
  return out;
}

Result<FileLock> FileLock::acquire(const std::string& path, bool wait) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return ioError("cannot open lock file", path, errno);
  int rc;
  do {
    rc = ::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB));
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    int e = errno;
    ::close(fd);
    if (e == EWOULDBLOCK) return makeError(ErrorCategory::kIo, "locked by another process", path, e);
    return ioError("cannot lock", path, e);
  }
  return FileLock(fd);
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}
FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace psirt::fs
