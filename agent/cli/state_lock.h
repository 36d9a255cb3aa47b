// Opening the agent's state directory for a command that changes or reads
// trusted state (update, check): it must exist and hold a trusted root
// (`psirt-agent trust init` made it), and one command at a time holds it.
#pragma once

#include <string>

#include "platform/error/result.h"
#include "platform/fs/fs.h"

namespace psirt::cli {

// kUsage "no trusted root ... run 'psirt-agent trust init'" when DIR or
// DIR/metadata/root.json is missing; kIo (EWOULDBLOCK) when another
// psirt-agent holds DIR/lock. The lock is released when the result dies.
Result<fs::FileLock> lockState(const std::string& state_dir);

}  // namespace psirt::cli
