#include "agent/state/state_lock.h"

#include <cerrno>
#include <string>
#include <vector>

#include "agent/state/incoming.h"
#include "agent/state/reports.h"
#include "agent/state/trusted_sets.h"

namespace psirt::state {

Result<fs::FileLock> lockState(const std::string& state_dir) {
  const Layout layout(state_dir);
  PSIRT_ASSIGN_OR_RETURN(has_root,
                         fs::exists(fs::joinPath(layout.metadataDir(), Layout::roleFileName("root"))));
  if (!has_root) {
    return makeError(ErrorCategory::kUsage, "no trusted root in the state directory (run 'psirt-agent trust init')",
                     state_dir);
  }
  auto lock = fs::FileLock::acquire(layout.lockFile(), /*wait=*/false);
  // Only a lock held elsewhere is "another psirt-agent"; a read-only or
  // unwritable DIR is reported as what it is ("DIR/lock: cannot open lock
  // file: Read-only file system").
  if (!lock && lock.error().code == EWOULDBLOCK) return lock.error().within("another psirt-agent holds the state lock");
  if (!lock) return lock.error();
  PSIRT_TRY(recover(layout));
  return lock;
}

Status recover(const Layout& layout) {
  PSIRT_TRY(repairReports(layout));  // reports/, its temps included
  removeIncomingCopies(layout);      // incoming/: bundle copies and temps
  // Every other directory agent/state writes: a temp file there is a killed
  // writer's (its flock died with it); a live one's is locked and kept.
  std::vector<std::string> dirs = {layout.root(), layout.metadataDir(), layout.targetsDir(), layout.setsDir()};
  // A malformed pointer is left for CompleteSet::load to refuse loudly.
  if (auto current = currentSet(layout)) {
    removeSetsExcept(layout, *current);
    if (*current > 0) dirs.push_back(layout.setDir(*current));
  }
  for (const std::string& dir : dirs) fs::removeAbandonedTemps(dir);
  return okStatus();
}

}  // namespace psirt::state
