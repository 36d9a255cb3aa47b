// File system access for the whole code base. Every read is bounded (the caller
// always gives a limit); every write that must survive a crash is atomic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/error/result.h"

namespace psirt::fs {

// Whether the last component of a path may be a symbolic link.
enum class Follow { kYes, kNo };

// Reads a whole regular file. Fails with kLimit if it is larger than max_bytes
// (the file is not read past max_bytes + 1), kIo if it cannot be opened/read.
// Never blocks: anything but a regular file (FIFO, device, socket, directory)
// is refused as "not a regular file (<type>)" before it is opened, the open
// is O_NONBLOCK and so are the reads, so a file that would block (/proc/kmsg)
// fails "read would block" (docs/components/platform.md). Follow::kNo also
// refuses a symbolic link as the last component.
Result<std::string> readFile(const std::string& path, std::size_t max_bytes, Follow follow = Follow::kYes);

// Streams a regular file in chunks of at most chunk_size bytes. Stops with
// kLimit after max_bytes. The callback may stop early by returning an error.
// Opened and read exactly as readFile.
Status readChunks(const std::string& path, std::size_t chunk_size, std::uint64_t max_bytes,
                  const std::function<Status(std::span<const std::uint8_t>)>& on_chunk,
                  Follow follow = Follow::kYes);

// Atomic replace: write a temp file in the same directory, fsync it, rename it
// over `path`, fsync the directory. Readers see the old or the new content,
// never a mix; after a crash at any point the file holds old or new bytes.
// Every atomic write (here and below) renames only over a regular file, a
// symbolic link (replaced, its target untouched) or nothing: any other
// existing `path` (device node, FIFO, socket, directory) fails with kIo
// "not a regular file: refusing to replace it" and is left as it was.
Status writeFileAtomic(const std::string& path, std::string_view content, unsigned mode = 0600);

// Atomic write fed in chunks (large files); same guarantees as writeFileAtomic.
Status writeFileAtomicChunked(const std::string& path, unsigned mode,
                              const std::function<Result<std::string_view>()>& next_chunk);

// Atomic replace WITHOUT the two fsyncs: readers still see old or new bytes,
// never a mix, but after a power loss the file may be missing or short. Only
// for content that is verified on every read (the content-addressed target
// store: a damaged file fails its hash and is fetched again) and that is
// made durable in one batch by syncFileSystem() before anything refers to it.
// Thousands of per-file fsyncs cost seconds; one syncfs costs one flush.
Status writeFileAtomicDeferred(const std::string& path, std::string_view content, unsigned mode = 0600);

// Copies `from` (a regular file of at most max_bytes, else kLimit) to `to`
// with writeFileAtomic's guarantees, streamed in 64 KiB chunks.
Status copyFileAtomic(const std::string& from, const std::string& to, unsigned mode,
                      std::uint64_t max_bytes = std::uint64_t{1} << 32);

// Two-phase atomic replace, for a file that may change only after another
// commit (the --out copy of a report changes only once the report chain has
// advanced). prepare() does what writeFileAtomicChunked does up to the rename:
// temp file "<name>.tmp.XXXXXX" in the same directory, content, fsync, held
// under its lock; commit() renames it over `path` and fsyncs the directory.
// Dropped uncommitted, the temp file is removed; a process killed in between
// leaves it to the next atomic write of the same path, which removes it.
class PreparedReplace {
 public:
  static Result<PreparedReplace> prepare(const std::string& path, unsigned mode,
                                         const std::function<Result<std::string_view>()>& next_chunk);
  // Streams `from` (at most max_bytes, else kLimit) into a prepared `to`.
  static Result<PreparedReplace> copyOf(const std::string& from, const std::string& to, unsigned mode,
                                        std::uint64_t max_bytes = std::uint64_t{1} << 32);
  Status commit();  // once; afterwards the object holds nothing
  PreparedReplace(PreparedReplace&& other) noexcept;
  PreparedReplace& operator=(PreparedReplace&& other) noexcept;
  PreparedReplace(const PreparedReplace&) = delete;
  PreparedReplace& operator=(const PreparedReplace&) = delete;
  ~PreparedReplace();

 private:
  PreparedReplace() = default;
  void discard();
  int fd_ = -1;
  std::string tmp_, path_;
};

// rename(2) then fsync of the destination's directory: the switch survives a
// power loss. Both paths must be on one file system (same directory here).
Status renameDurably(const std::string& from, const std::string& to);

// fsync(2) of a directory: makes renames and creations in it durable.
Status fsyncDirectory(const std::string& dir);

// Removes every abandoned temp file ("<name>.tmp.XXXXXX" whose writer is
// gone) from `dir`. writeFileAtomic does this for its own name on every call;
// writers of batches of deferred files call it once per batch instead.
void removeAbandonedTemps(const std::string& dir);

// Flushes every dirty page of the file system holding `path` (syncfs(2)).
Status syncFileSystem(const std::string& path);

Status makeDirectories(const std::string& path, unsigned mode = 0700);
Result<bool> exists(const std::string& path);
Status removeFile(const std::string& path);  // missing file is not an error
Status removeDirectory(const std::string& path);  // empty directory; missing is not an error

struct DirEntry {
  std::string name;
  bool is_directory = false;
  bool is_regular = false;
  bool is_symlink = false;
};
// Entries of one directory (no "." or ".."), sorted by name.
Result<std::vector<DirEntry>> listDirectory(const std::string& path);

// Joins path components with exactly one '/'.
std::string joinPath(std::string_view a, std::string_view b);

// Bytes available to an unprivileged writer on the file system holding the
// directory `path` (statvfs f_bavail * f_frsize), opened O_DIRECTORY |
// O_NOFOLLOW so a FIFO or a symlink in its place is refused. kIo naming `path`.
Result<std::uint64_t> availableBytes(const std::string& path);

// An exclusive advisory lock (flock) on a lock file, released on destruction.
class FileLock {
 public:
  // Fails with kIo (code EWOULDBLOCK) when another process holds it and wait is false.
  static Result<FileLock> acquire(const std::string& path, bool wait);
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();
 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace psirt::fs
