// Internal to psirt_fs: the one way this library opens a file for reading.
// Every reader (readFile, readChunks, RandomAccessFile, RootDir) goes through
// it, so no untrusted path is ever opened with a blocking open(2):
//   1. the type is checked BEFORE the open (stat/fstatat): a FIFO, socket or
//      device is refused without opening it (opening a device can have side
//      effects: a watchdog arms, a tape rewinds);
//   2. open(O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC [| O_NOFOLLOW]):
//      even a path swapped for a FIFO in between cannot block the open;
//   3. fstat again: a regular file, the same inode as in step 1;
//   4. reads stay non-blocking: a file that claims to be regular but would
//      block (/proc/kmsg) fails with EAGAIN instead of hanging.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/error/result.h"
#include "platform/fs/fd.h"
#include "platform/fs/fs.h"

namespace psirt::fs::detail {

// "fifo", "character device", "block device", "socket", "directory",
// "symbolic link", "regular file" or "unknown file type".
std::string_view fileTypeName(mode_t mode);

// "not a regular file (fifo)", kIo, naming `shown`.
Error notRegular(mode_t mode, const std::string& shown);

// Steps 1-3 for `name` relative to `dirfd` (AT_FDCWD: a plain path).
// no_follow refuses a symbolic link as the last component (ELOOP).
Result<Fd> openRegularAt(int dirfd, const char* name, bool no_follow, const std::string& shown,
                         struct stat* st_out = nullptr);

// Step 4: reads `fd` to its end in chunks of at most chunk_size, kLimit after
// max_bytes (never reading past max_bytes + 1), kIo naming `shown` on a
// read error or EAGAIN ("read would block").
Status readFdChunks(int fd, const std::string& shown, std::size_t chunk_size, std::uint64_t max_bytes,
                    const std::function<Status(std::span<const std::uint8_t>)>& on_chunk);

// readFdChunks into a string (capacity from size_hint, bounded by max_bytes).
Result<std::string> readFdWhole(int fd, const std::string& shown, std::size_t max_bytes, std::uint64_t size_hint);

// The entries of the open directory `fd` (taken over and closed), no "." or
// "..", sorted by name; each entry's own type (a symlink is reported as one).
Result<std::vector<DirEntry>> listDirectoryFd(int fd, const std::string& shown);

}  // namespace psirt::fs::detail
