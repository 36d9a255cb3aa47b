// Named fault-injection points for crash tests. Compiled only when
// PSIRT_FAULT_INJECTION is defined (never in release/static builds).
//
// PSIRT_FAULT_POINT("name") kills the process with SIGKILL when the
// environment variable PSIRT_FAULT equals "name": the test then checks that
// what was on disk is the old or the new state, never a mix.
#pragma once

#ifdef PSIRT_FAULT_INJECTION
namespace psirt::fault {
void point(const char* name);  // may not return
}  // namespace psirt::fault
#define PSIRT_FAULT_POINT(name) ::psirt::fault::point(name)
#else
#define PSIRT_FAULT_POINT(name) ((void)0)
#endif
