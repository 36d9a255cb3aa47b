// Internal to psirt_process: the parent's side of a run — the pipes, and the
// poll() loop that feeds stdin, collects capped output and enforces the time
// limit on the child's process group.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "platform/error/result.h"
#include "platform/process/process.h"

namespace psirt::process::detail {

// Owns one descriptor.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void reset(int fd = -1);
 private:
  int fd_ = -1;
};

// All descriptors of one run; every one is O_CLOEXEC, so a concurrent fork in
// another thread cannot inherit them. [0] is the read end, [1] the write end.
struct Pipes {
  UniqueFd in[2];          // stdin pipe, when there is stdin data
  UniqueFd dev_null;       // stdin otherwise
  UniqueFd out[2];
  UniqueFd err[2];
  UniqueFd exec_error[2];  // the child reports a failed exec through this

  Status open(bool with_stdin, const std::string& context);
  int childStdin() const { return in[0].valid() ? in[0].get() : dev_null.get(); }
  void closeChildEnds();
};

struct Limits {
  std::chrono::milliseconds timeout;
  std::chrono::milliseconds kill_grace;
  std::size_t max_stdout;
  std::size_t max_stderr;
};

// Runs until the child has exited (left as a zombie, not reaped) and output
// is collected. At the deadline the group gets SIGTERM, kill_grace later
// SIGKILL. Once the child has exited, descendants holding the pipes open get
// at most kill_grace more (bounded by deadline + kill_grace) before reading
// stops; the caller then kills the group. Fills the output fields and
// timed_out of *outcome.
void pumpUntilDone(pid_t pid, Pipes& pipes, std::string_view stdin_data, const Limits& limits,
                   Outcome* outcome);

}  // namespace psirt::process::detail
