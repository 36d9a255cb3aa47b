// Positional reads from one open regular file, for container readers that
// keep an index and read entries on demand (agent/bundle). The descriptor is
// opened once, so later reads see the same file even if the path is replaced.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "platform/error/result.h"

namespace psirt::fs {

class RootDir;

class RandomAccessFile {
 public:
  // Opens `path` read-only; anything but a regular file (FIFO, device,
  // directory) is refused with kIo, so a read can never block or be endless.
  static Result<RandomAccessFile> open(const std::string& path);
  RandomAccessFile(RandomAccessFile&& other) noexcept;
  RandomAccessFile& operator=(RandomAccessFile&& other) noexcept;
  RandomAccessFile(const RandomAccessFile&) = delete;
  RandomAccessFile& operator=(const RandomAccessFile&) = delete;
  ~RandomAccessFile();

  // Size at open time (fstat); readers bound every declared length by it.
  std::uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }
  // The open descriptor, borrowed (still owned and closed by this object):
  // for fstat and for checking where it leads (the rooted resolver's fuzzer
  // reads its /proc/self/fd link).
  int descriptor() const { return fd_; }
  // Reads exactly n bytes at offset into out; kIo naming the path on a
  // short read (file truncated since open) or a read error.
  Status readAt(std::uint64_t offset, void* out, std::size_t n) const;

 private:
  friend class RootDir;  // adopts a descriptor it opened (type-checked) inside a root
  RandomAccessFile(int fd, std::uint64_t size, std::string path) : fd_(fd), size_(size), path_(std::move(path)) {}
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::string path_;
};

}  // namespace psirt::fs
