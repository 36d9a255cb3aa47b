// Runs a child process safely: argument vector only (no shell), a clean
// environment, no inherited descriptors, its own process group (the whole group
// is killed on time-out), a time limit and output caps.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/error/result.h"

namespace psirt::process {

struct Options {
  // Exactly the environment the child gets (nothing inherited). PATH is not
  // searched: argv[0] must be an absolute path (see findExecutable).
  std::map<std::string, std::string> environment;
  std::optional<std::string> working_directory;
  std::optional<std::string> stdin_data;        // else stdin is /dev/null
  std::chrono::milliseconds timeout{30000};
  std::chrono::milliseconds kill_grace{2000};   // SIGTERM, then SIGKILL after this
  std::size_t max_stdout = 16u << 20;           // bytes kept; more is discarded and flagged
  std::size_t max_stderr = 1u << 20;
};

struct Outcome {
  int exit_code = -1;          // valid when !signaled
  bool signaled = false;
  int signal = 0;
  bool timed_out = false;      // the group was killed because of the time limit
  bool stdout_truncated = false;
  bool stderr_truncated = false;
  std::string stdout_data;
  std::string stderr_data;
  bool succeeded() const { return !signaled && !timed_out && exit_code == 0; }
};

// Fails (kIo) only if the child could not be started; a child that exits
// non-zero, is killed or times out is a successful run with that Outcome.
Result<Outcome> run(const std::vector<std::string>& argv, const Options& options = {});

// Looks a program up in a fixed list of trusted system directories
// (/usr/bin, /bin, /usr/sbin, /sbin), never in a scanned sysroot or $PATH.
std::optional<std::string> findExecutable(const std::string& name);

}  // namespace psirt::process
