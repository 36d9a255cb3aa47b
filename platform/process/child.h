// Internal to psirt_process: what the child does between fork() and execve().
//
// Everything here runs in the forked child of a possibly multi-threaded
// parent, so it only calls async-signal-safe functions and never allocates:
// the parent prepares every string and pointer array before fork().
#pragma once

namespace psirt::process::detail {

// Stage reported back through the exec-error pipe when the child fails.
enum class ChildStage : int { kSetup = 1, kChdir = 2, kExec = 3 };

struct ChildFailure {
  int stage = 0;  // a ChildStage
  int err = 0;    // errno
};

struct ChildPlan {
  const char* path = nullptr;          // absolute program path (argv[0])
  char* const* argv = nullptr;         // NULL-terminated
  char* const* envp = nullptr;         // NULL-terminated, exactly Options::environment
  const char* working_directory = nullptr;  // or nullptr
  int stdin_fd = -1;                   // becomes 0
  int stdout_fd = -1;                  // becomes 1
  int stderr_fd = -1;                  // becomes 2
  int error_fd = -1;                   // O_CLOEXEC pipe: a ChildFailure is written on failure
  int parent_pid = -1;                 // getpid() of the parent before fork (death-signal race)
};

// Ways to mark every descriptor above 2 close-on-exec, best first. Exposed so
// that tests can prove each fallback (old appliance kernels lack close_range).
enum class CloexecMethod { kCloseRange, kProcScan, kRlimitLoop };
// Async-signal-safe. False if the method is not available here.
bool markDescriptorsCloexec(CloexecMethod method);

// Sets up the child (own process group, SIGKILL when the parent dies,
// default signals, descriptors 0/1/2, every other descriptor closed at exec)
// and execs. Never returns: on failure
// it reports a ChildFailure through error_fd and _exit(127)s.
[[noreturn]] void execChild(const ChildPlan& plan);

}  // namespace psirt::process::detail
