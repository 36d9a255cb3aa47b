// Internal to psirt_fs: a descriptor owner and the errno -> Error helper.
#pragma once

#include <unistd.h>

#include <cstring>
#include <string>

#include "platform/error/error.h"

namespace psirt::fs::detail {

inline Error ioError(const std::string& what, const std::string& path, int err) {
  return makeError(ErrorCategory::kIo, what + ": " + std::strerror(err), path, err);
}

// Closes a descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  int get() const { return fd_; }
  int release() { int f = fd_; fd_ = -1; return f; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }
 private:
  int fd_;
};

}  // namespace psirt::fs::detail
