// Crash tests: run a helper child with PSIRT_FAULT (SIGKILL at that fault
// point) and PSIRT_FAULT_TRACE (list every point it passes), as
// platform/fs/fault_injection.h defines them, and read the traced list.
#pragma once

#include <string>
#include <vector>

#include "platform/process/process.h"

namespace psirt::test {

// Whether this build can run a crash test: fault points compiled in
// (PSIRT_FAULT_INJECTION) and helper children runnable natively (the test
// target defines PSIRT_TEST_NATIVE when not cross-compiling). Inline: the
// macros are the including test's.
inline bool faultChildrenAvailable() {
#if defined(PSIRT_FAULT_INJECTION) && defined(PSIRT_TEST_NATIVE)
  return true;
#else
  return false;
#endif
}

// Runs `program args...` (60 s limit, leak checks off: a SIGKILLed child
// cannot report them). `fault` / `trace` empty: not set. A child that could
// not be started is a test failure and an empty Outcome.
process::Outcome runFaultChild(const std::string& program, const std::vector<std::string>& args,
                               const std::string& fault, const std::string& trace = "");

// The "name#K" lines of a trace file, in order (empty if it is missing).
std::vector<std::string> readFaultTrace(const std::string& trace);

}  // namespace psirt::test
