// Opening the state directory for a command that changes or reads trusted
// state (update, check): DIR must hold a trusted root (`psirt-agent trust
// init` made it), one command at a time holds DIR/lock, and the holder first
// repairs what a killed predecessor left (recover()).
#pragma once

#include <string>

#include "agent/state/layout.h"
#include "platform/error/result.h"
#include "platform/fs/fs.h"

namespace psirt::state {

// kUsage "no trusted root ... run 'psirt-agent trust init'" when DIR or
// DIR/metadata/root.json is missing; kIo (EWOULDBLOCK) when another
// psirt-agent holds DIR/lock ("another psirt-agent holds the state lock");
// kIo with the real errno when DIR/lock cannot be opened or locked (a
// read-only file system, no permission); an error of recover(). The lock is released
// when the result dies.
Result<fs::FileLock> lockState(const std::string& state_dir);

// Under the lock, after a crash at any point of any write: a committed
// report is published (repairReports), sets other than the current one,
// uncommitted reports, bundle copies in incoming/ and abandoned temp files
// (in DIR, metadata/, targets/sha256/, sets/, the current set, incoming/,
// reports/: every directory agent/state writes) are removed. Afterwards the
// directory holds exactly what the last committed writes made.
Status recover(const Layout& layout);

}  // namespace psirt::state
