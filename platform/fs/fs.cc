#include "platform/fs/fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "platform/fs/fd.h"
#include "platform/fs/read_open.h"

namespace psirt::fs {

using detail::ioError;

Result<std::string> readFile(const std::string& path, std::size_t max_bytes, Follow follow) {
  struct stat st{};
  PSIRT_ASSIGN_OR_RETURN(fd, detail::openRegularAt(AT_FDCWD, path.c_str(), follow == Follow::kNo, path, &st));
  return detail::readFdWhole(fd.get(), path, max_bytes, static_cast<std::uint64_t>(st.st_size));
}

Status readChunks(const std::string& path, std::size_t chunk_size, std::uint64_t max_bytes,
                  const std::function<Status(std::span<const std::uint8_t>)>& on_chunk, Follow follow) {
  PSIRT_ASSIGN_OR_RETURN(fd, detail::openRegularAt(AT_FDCWD, path.c_str(), follow == Follow::kNo, path));
  return detail::readFdChunks(fd.get(), path, chunk_size, max_bytes, on_chunk);
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

Result<std::uint64_t> availableBytes(const std::string& path) {
  detail::Fd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) return ioError("cannot open directory", path, errno);
  struct statvfs st{};
  if (::fstatvfs(fd.get(), &st) != 0) return ioError("statvfs failed", path, errno);
  return static_cast<std::uint64_t>(st.f_bavail) * static_cast<std::uint64_t>(st.f_frsize);
}

Result<std::vector<DirEntry>> listDirectory(const std::string& path) {
  // O_DIRECTORY: a FIFO or device in its place is refused without blocking.
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return ioError("cannot list directory", path, errno);
  return detail::listDirectoryFd(fd, path);
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
