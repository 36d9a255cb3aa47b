// A directory treated as the root of a file system image (`--sysroot DIR`).
// Every path given to a RootDir is resolved INSIDE it, as the image's own
// processes would see it after chroot: an absolute symlink target starts
// again at the root, ".." stops at the root, so no path (and no symlink in
// the image) can reach a host file. The kernel does this with openat2(2)
// RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS (Linux 5.6+); where it is missing
// (ENOSYS, EPERM from a seccomp filter, E2BIG/EINVAL) a portable resolver
// walks the path one component at a time (openat O_PATH | O_NOFOLLOW,
// symlink text re-resolved from the root or the current directory, ".."
// clamped at the root, at most 40 symlinks). Files are opened exactly as
// fs::readFile opens them (read_open.h): only regular files, non-blocking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/error/result.h"
#include "platform/fs/fs.h"
#include "platform/fs/random_access.h"

namespace psirt::fs {

class RootDir {
 public:
  enum class Resolver {
    kAuto,      // openat2 where the kernel has it, else the portable walk
    kPortable,  // always the portable walk (tests of the fallback)
  };
  // What a path names once resolved inside the root. kDanglingLink: the path
  // is a symbolic link whose target does not exist inside the root (a link
  // to a host path is exactly that).
  enum class Kind { kMissing, kRegular, kDirectory, kOther, kDanglingLink };

  // Opens `dir` (O_PATH | O_DIRECTORY). kIo naming `dir` when it does not
  // exist or is not a directory.
  static Result<RootDir> open(const std::string& dir, Resolver resolver = Resolver::kAuto);
  RootDir(RootDir&& other) noexcept;
  RootDir& operator=(RootDir&& other) noexcept;
  RootDir(const RootDir&) = delete;
  RootDir& operator=(const RootDir&) = delete;
  ~RootDir();

  const std::string& path() const { return path_; }
  // "<dir>/<relative>": how errors and warnings name a path.
  std::string shown(std::string_view relative) const;

  // Kind of `relative` (leading '/' allowed: it is inside the root anyway).
  // Errors (symlink loop, permission) are kIo naming the path.
  Result<Kind> kind(std::string_view relative) const;
  // fs::readFile / fs::readChunks of `relative`, resolved inside the root.
  Result<std::string> readFile(std::string_view relative, std::size_t max_bytes) const;
  Status readChunks(std::string_view relative, std::size_t chunk_size, std::uint64_t max_bytes,
                    const std::function<Status(std::span<const std::uint8_t>)>& on_chunk) const;
  // fs::RandomAccessFile::open of `relative`, resolved inside the root and
  // opened exactly as readChunks opens it (regular files only, non-blocking);
  // the file's path() is shown(relative).
  Result<RandomAccessFile> openRandomAccess(std::string_view relative) const;
  // fs::listDirectory of `relative`, resolved inside the root (entry types
  // are those of the entries themselves: a symlink is reported as one).
  Result<std::vector<DirEntry>> listDirectory(std::string_view relative) const;
  // The path of `relative` inside the root with every symlink resolved
  // (portable walk), "" for the root itself, no leading '/': what a program
  // that follows paths itself (the host's rpm) must be given instead.
  Result<std::string> canonical(std::string_view relative) const;

  // Whether this kernel resolves in root (openat2); tests skip that half otherwise.
  static bool kernelResolvesInRoot();

  // ---- Confined writes (rooted_write.cc) ----------------------------------
  // For changing files of the image (remediation). The directory holding
  // `relative` is resolved inside the root as every read above (symlinks in
  // it stay inside); the LAST component is never followed: a symbolic link
  // there is refused like a FIFO, device, socket or directory ("not a regular
  // file (<type>)", kIo naming shown(relative)). Every call works on
  // descriptors (openat/renameat/unlinkat on the directory's fd), so a path
  // swapped for a symlink between two calls cannot redirect a write.
  struct FileInfo {
    std::uint32_t mode = 0;  // permission bits (07777)
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    std::uint64_t size = 0;
  };
  // The regular file at `relative`, or nullopt when nothing is there (a
  // missing parent directory is an error, kIo ENOENT naming it).
  Result<std::optional<FileInfo>> statRegular(std::string_view relative) const;
  // Its bytes (kLimit past max_bytes), opened as readFile opens, no follow.
  Result<std::string> readRegular(std::string_view relative, std::size_t max_bytes) const;
  // Atomic replace inside the root: temp "<name>.tmp.XXXXXX" in the same
  // directory (flock-held, as fs::writeFileAtomic's), content, fchmod(mode),
  // fchown(uid, gid) when given, fsync, renameat over the name (only over a
  // regular file or nothing), fsync of the directory. A crash leaves the old
  // or the new file plus at most one temp file (removeAbandonedTemps).
  struct WriteOptions {
    std::uint32_t mode = 0644;
    std::optional<std::uint32_t> uid, gid;
  };
  Status replaceRegular(std::string_view relative, std::string_view content, const WriteOptions& options) const;
  // unlinkat of the regular file at `relative` and fsync of its directory;
  // nothing there is success, anything but a regular file is refused.
  Status removeRegular(std::string_view relative) const;
  // Removes the abandoned temp files of `relative`'s name in its directory
  // (those whose writer's lock is free). Best effort.
  void removeAbandonedTemps(std::string_view relative) const;

 private:
  RootDir(int fd, std::string path, Resolver resolver) : fd_(fd), path_(std::move(path)), resolver_(resolver) {}
  Result<int> openIn(std::string_view relative, int flags) const;  // raw fd or error (errno in code)
  // The directory holding `relative` (O_RDONLY, resolved inside the root) and the last name.
  Result<std::pair<int, std::string>> openParent(std::string_view relative) const;
  // The type-checked, non-blocking open of a regular file (read_open.h steps
  // 1-3 inside the root): a raw read-only fd, its size at open in *size_out.
  Result<int> openRegular(std::string_view relative, std::uint64_t* size_out) const;
  int fd_ = -1;
  std::string path_;
  Resolver resolver_ = Resolver::kAuto;
};

}  // namespace psirt::fs
