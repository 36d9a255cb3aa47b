// Running the programs step executors drive (dpkg, rpm, opkg, systemctl, init
// and remediation scripts) through platform/process, with one policy:
// absolute program paths found by process::findExecutable (never $PATH, never
// inside the target root), a clean environment, the process time limit
// clipped to Context::deadline, bounded output, and one-line errors.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/error/result.h"
#include "platform/process/process.h"

namespace psirt::remediate {

using Deadline = std::chrono::steady_clock::time_point;

// The environment every tool gets, and nothing else:
//   PATH=/usr/sbin:/usr/bin:/sbin:/bin  (dpkg looks up ldconfig, tar, rm in it)
//   LC_ALL=C                            (messages we match are not translated)
//   HOME=/nonexistent                   (no per-user configuration is read)
std::map<std::string, std::string> toolEnvironment();

// The absolute path of `name` (process::findExecutable), or kUnsupported
// "<name> not found (looked in /usr/bin, /bin, /usr/sbin, /sbin)".
Result<std::string> findTool(const std::string& name);

struct ToolRun {
  std::vector<std::string> argv;           // argv[0] absolute
  std::chrono::milliseconds limit{60000};  // clipped to the deadline
  Deadline deadline = Deadline::max();
  std::optional<std::string> working_directory;
  std::map<std::string, std::string> environment = toolEnvironment();
  std::size_t max_stdout = 1u << 20;
  std::size_t max_stderr = 256u << 10;
};

inline ToolRun toolRun(std::vector<std::string> argv, std::chrono::milliseconds limit, Deadline deadline) {
  ToolRun run;
  run.argv = std::move(argv);
  run.limit = limit;
  run.deadline = deadline;
  return run;
}

// Runs it. kLimit when the deadline has already passed (nothing started);
// kIo when the program could not be started. A non-zero exit, a signal or a
// time-out is a successful Result: callers decide (see describeOutcome).
// `run.limit` is left as the limit actually applied (clipped).
Result<process::Outcome> runTool(ToolRun& run);

// How a program is looked up: findTool, or a test's replacement (a host
// without dpkg is simulated by a finder that finds nothing).
using ToolFinder = std::function<Result<std::string>(const std::string& name)>;

// "exited with 2: <the most telling stderr line>", "killed by signal 9",
// "timed out after 30 s": one line, sanitised (log::oneLine), at most ~300
// characters of the program's own words.
std::string describeOutcome(const process::Outcome& outcome, std::chrono::milliseconds limit);

// The program's basename, for messages ("dpkg").
std::string toolName(const std::string& path);

}  // namespace psirt::remediate
