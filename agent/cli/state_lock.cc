#include "agent/cli/state_lock.h"

namespace psirt::cli {

Result<fs::FileLock> lockState(const std::string& state_dir) {
  PSIRT_ASSIGN_OR_RETURN(has_root, fs::exists(fs::joinPath(state_dir, "metadata/root.json")));
  if (!has_root) {
    return makeError(ErrorCategory::kUsage, "no trusted root in the state directory (run 'psirt-agent trust init')",
                     state_dir);
  }
  auto lock = fs::FileLock::acquire(fs::joinPath(state_dir, "lock"), /*wait=*/false);
  if (!lock) return lock.error().within("another psirt-agent holds the state lock");
  return lock;
}

}  // namespace psirt::cli
