#include "platform/fs/random_access.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "platform/fs/fd.h"
#include "platform/fs/read_open.h"

namespace psirt::fs {

using detail::Fd;
using detail::ioError;

Result<RandomAccessFile> RandomAccessFile::open(const std::string& path) {
  struct stat st{};
  PSIRT_ASSIGN_OR_RETURN(fd, detail::openRegularAt(AT_FDCWD, path.c_str(), false, path, &st));
  return RandomAccessFile(fd.release(), static_cast<std::uint64_t>(st.st_size), path);
}

RandomAccessFile::RandomAccessFile(RandomAccessFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), size_(other.size_), path_(std::move(other.path_)) {}

RandomAccessFile& RandomAccessFile::operator=(RandomAccessFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    size_ = other.size_;
    path_ = std::move(other.path_);
  }
  return *this;
}

RandomAccessFile::~RandomAccessFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status RandomAccessFile::readAt(std::uint64_t offset, void* out, std::size_t n) const {
  auto* p = static_cast<char*>(out);
  std::size_t done = 0;
  while (done < n) {
    const ssize_t r = ::pread(fd_, p + done, n - done, static_cast<off_t>(offset + done));
    if (r < 0) {
      if (errno == EINTR) continue;
      return ioError("cannot read", path_, errno);
    }
    if (r == 0) return makeError(ErrorCategory::kIo, "short read (file truncated while open)", path_);
    done += static_cast<std::size_t>(r);
  }
  return okStatus();
}

}  // namespace psirt::fs
