#include "platform/process/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "platform/process/child.h"
#include "platform/process/pipes.h"

namespace psirt::process {

namespace {

using Clock = std::chrono::steady_clock;

Error ioError(const std::string& what, const std::string& context, int err) {
  return makeError(ErrorCategory::kIo, what + ": " + std::strerror(err), context, err);
}

bool hasNul(const std::string& s) { return s.find('\0') != std::string::npos; }

Status validate(const std::vector<std::string>& argv, const Options& options) {
  if (argv.empty()) return makeError(ErrorCategory::kUsage, "empty argument vector");
  if (argv[0].empty() || argv[0][0] != '/') {
    return makeError(ErrorCategory::kUsage, "program must be an absolute path (no PATH search)", argv[0]);
  }
  for (const auto& a : argv) {
    if (hasNul(a)) return makeError(ErrorCategory::kUsage, "argument contains a NUL byte", argv[0]);
  }
  for (const auto& [k, v] : options.environment) {
    if (k.empty() || k.find('=') != std::string::npos || hasNul(k) || hasNul(v)) {
      return makeError(ErrorCategory::kUsage, "invalid environment variable name or value", k);
    }
  }
  if (options.working_directory && hasNul(*options.working_directory)) {
    return makeError(ErrorCategory::kUsage, "working directory contains a NUL byte", argv[0]);
  }
  return okStatus();
}

// NULL-terminated char* array over strings that outlive it (built before fork).
std::vector<char*> cArray(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Reads the exec-error pipe until EOF (closed by a successful execve).
bool readChildFailure(int fd, detail::ChildFailure* failure) {
  char buf[sizeof(detail::ChildFailure)];
  std::size_t got = 0;
  for (;;) {
    ssize_t n = ::read(fd, buf + got, sizeof buf - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
    if (got == sizeof buf) break;
  }
  if (got == 0) return false;
  if (got == sizeof buf) std::memcpy(failure, buf, sizeof buf);
  return true;
}

// False if the status is lost (the parent ignores SIGCHLD, so the kernel reaped it).
bool reap(pid_t pid, int* status) {
  for (;;) {
    if (::waitpid(pid, status, 0) == pid) return true;
    if (errno != EINTR) return false;
  }
}

std::string describeFailure(const detail::ChildFailure& f) {
  switch (static_cast<detail::ChildStage>(f.stage)) {
    case detail::ChildStage::kChdir: return "cannot change to the working directory";
    case detail::ChildStage::kExec: return "cannot execute";
    case detail::ChildStage::kSetup: break;
  }
  return "cannot set up the child process";
}

}  // namespace

Result<Outcome> run(const std::vector<std::string>& argv, const Options& options) {
  PSIRT_TRY(validate(argv, options));
  const std::string& program = argv[0];

  // Everything the child needs is prepared here: no allocation after fork().
  std::vector<std::string> args = argv;
  std::vector<std::string> env;
  for (const auto& [k, v] : options.environment) env.push_back(k + "=" + v);
  std::vector<char*> c_args = cArray(args);
  std::vector<char*> c_env = cArray(env);

  detail::Pipes pipes;
  PSIRT_TRY(pipes.open(options.stdin_data.has_value(), program));

  detail::ChildPlan plan;
  plan.path = c_args[0];
  plan.argv = c_args.data();
  plan.envp = c_env.data();
  plan.working_directory = options.working_directory ? options.working_directory->c_str() : nullptr;
  plan.stdin_fd = pipes.childStdin();
  plan.stdout_fd = pipes.out[1].get();
  plan.stderr_fd = pipes.err[1].get();
  plan.error_fd = pipes.exec_error[1].get();
  plan.parent_pid = ::getpid();

  const pid_t pid = ::fork();
  if (pid < 0) return ioError("fork failed", program, errno);
  if (pid == 0) detail::execChild(plan);  // never returns

  // Also set in the parent: the group exists before we might signal it.
  ::setpgid(pid, pid);
  pipes.closeChildEnds();

  detail::ChildFailure failure{static_cast<int>(detail::ChildStage::kSetup), EIO};  // if the report is short
  if (readChildFailure(pipes.exec_error[0].get(), &failure)) {
    int status = 0;
    (void)reap(pid, &status);
    return ioError(describeFailure(failure), program, failure.err);
  }
  pipes.exec_error[0].reset();

  Outcome outcome;
  detail::Limits limits{options.timeout, options.kill_grace, options.max_stdout, options.max_stderr};
  detail::pumpUntilDone(pid, pipes, options.stdin_data ? std::string_view(*options.stdin_data) : std::string_view{},
                        limits, &outcome);

  // The child is a zombie here (waited with WNOWAIT), so its pid, and with it
  // the group id, cannot be reused: killing the group cannot hit a stranger.
  // No process of the group outlives run().
  ::kill(-pid, SIGKILL);
  int status = 0;
  if (!reap(pid, &status)) {
    // exit_code stays -1: succeeded() is false, the status is unknown.
  } else if (WIFEXITED(status)) {
    outcome.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    outcome.signaled = true;
    outcome.signal = WTERMSIG(status);
  }
  return outcome;
}

std::optional<std::string> findExecutable(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || hasNul(name) || name == "." || name == "..") {
    return std::nullopt;
  }
  static constexpr const char* kDirs[] = {"/usr/bin", "/bin", "/usr/sbin", "/sbin"};
  for (const char* dir : kDirs) {
    std::string path = std::string(dir) + "/" + name;
    struct stat st{};
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0) {
      return path;
    }
  }
  return std::nullopt;
}

}  // namespace psirt::process
