// DIR/incoming/: private copies of offline bundles while they are verified
// (agent/bundle importBundle). Names "bundle-<24 random hex>.psb"; a copy is
// removed when its update ends, and by recovery after a crash.
#pragma once

#include <string>

#include "agent/state/layout.h"
#include "platform/error/result.h"

namespace psirt::state {

// A fresh copy name in DIR/incoming (created 0700), unused so far.
Result<std::string> newIncomingCopy(const Layout& layout);

// Removes every bundle copy and abandoned temp file in DIR/incoming. Best effort.
void removeIncomingCopies(const Layout& layout);

}  // namespace psirt::state
