// Internal to psirt_fs: the temp files of atomic replacement
// ("<name>.tmp.XXXXXX", flock-held by their writer; atomic_write.cc), shared
// by the path-based writers (fs.h) and the confined writers (rooted.h).
#pragma once

#include <string>

namespace psirt::fs::detail {

// flock(LOCK_EX), retried on EINTR; LOCK_NB unless wait. 0 or -1 with errno.
int lockExclusive(int fd, bool wait);

// Removes from the open directory `dir` every temp file of `base` (of any
// name when `base` is empty) whose lock is free: its writer is gone.
void removeAbandonedTempsAt(int dir, const std::string& base);

}  // namespace psirt::fs::detail
