// Running the host's reference tools from the equality tests (test code only:
// the agent itself starts processes through platform/process).
#pragma once

#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

namespace psirt::inventory::test {

inline bool hostHas(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

// Runs a fixed shell command line of the test and returns its stdout; fails
// the test if it exits non-zero.
inline std::string runCapture(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) {
    ADD_FAILURE() << "cannot run: " << command;
    return out;
  }
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = ::pclose(p);
  EXPECT_EQ(rc, 0) << "command failed: " << command;
  return out;
}

}  // namespace psirt::inventory::test
