// Named fault-injection points for crash tests. Compiled only when
// PSIRT_FAULT_INJECTION is defined (never in release/static builds).
//
// PSIRT_FAULT_POINT("name") kills the process with SIGKILL when the
// environment variable PSIRT_FAULT names this point: "name" kills at its
// first hit, "name#K" at its K-th hit (K from 1), so a test can stop a
// multi-file write at every durable step even where one point is passed once
// per file. The test then checks that what was on disk is the old or the new
// state, never a mix.
//
// PSIRT_FAULT_TRACE=FILE appends "name#K\n" to FILE at every hit (before any
// kill): a test runs a command once with it to list every kill point, then
// once per listed point with PSIRT_FAULT set to it.
#pragma once

#ifdef PSIRT_FAULT_INJECTION
namespace psirt::fault {
void point(const char* name);  // may not return
}  // namespace psirt::fault
#define PSIRT_FAULT_POINT(name) ::psirt::fault::point(name)
#else
#define PSIRT_FAULT_POINT(name) ((void)0)
#endif
