#include "platform/process/child.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace psirt::process::detail {

namespace {

#ifndef CLOSE_RANGE_CLOEXEC
constexpr unsigned kCloseRangeCloexec = 1u << 2;  // linux/close_range.h, kernel >= 5.11
#else
constexpr unsigned kCloseRangeCloexec = CLOSE_RANGE_CLOEXEC;
#endif

[[noreturn]] void fail(int error_fd, ChildStage stage, int err) {
  ChildFailure f{static_cast<int>(stage), err};
  // A short write only loses the detail; the parent then reports a generic failure.
  ssize_t n;
  do {
    n = ::write(error_fd, &f, sizeof f);
  } while (n < 0 && errno == EINTR);
  ::_exit(127);
}

void markCloexec(int fd) {
  int flags = ::fcntl(fd, F_GETFD);
  if (flags >= 0 && (flags & FD_CLOEXEC) == 0) ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

// linux_dirent64 is not exported by glibc; the layout is the kernel ABI.
struct Dirent64 {
  std::uint64_t d_ino;
  std::int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[1];
};

// Fallback for kernels without close_range(CLOEXEC): walk /proc/self/fd with
// the raw getdents64 syscall (no malloc, unlike opendir). Returns false if
// /proc is not available.
bool cloexecFromProc() {
  int dir = ::open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return false;
  alignas(8) char buf[4096];
  for (;;) {
    long n = ::syscall(SYS_getdents64, dir, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (long off = 0; off < n;) {
      Dirent64 d;
      std::memcpy(&d, buf + off, offsetof(Dirent64, d_name));  // aligned copy of the header
      const char* name = buf + off + offsetof(Dirent64, d_name);
      int fd = 0;
      bool numeric = name[0] != '\0';
      for (const char* p = name; *p != '\0'; ++p) {
        if (*p < '0' || *p > '9' || fd > 100000000) { numeric = false; break; }
        fd = fd * 10 + (*p - '0');
      }
      if (numeric && fd > 2 && fd != dir) markCloexec(fd);
      off += d.d_reclen;
      if (d.d_reclen == 0) break;
    }
  }
  ::close(dir);
  return true;
}

// Every descriptor above 2 is closed when execve succeeds (the error pipe stays
// usable until then because it is O_CLOEXEC already).
void closeOtherDescriptorsOnExec() {
  if (markDescriptorsCloexec(CloexecMethod::kCloseRange)) return;
  if (markDescriptorsCloexec(CloexecMethod::kProcScan)) return;
  (void)markDescriptorsCloexec(CloexecMethod::kRlimitLoop);
}

// Moves a descriptor out of the 0..2 range so the dup2 calls cannot clobber it.
int above2(int fd, int error_fd) {
  if (fd > 2) return fd;
  int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (moved < 0) fail(error_fd, ChildStage::kSetup, errno);
  return moved;
}

}  // namespace

bool markDescriptorsCloexec(CloexecMethod method) {
  switch (method) {
    case CloexecMethod::kCloseRange:
#ifdef SYS_close_range
      return ::syscall(SYS_close_range, 3u, ~0u, kCloseRangeCloexec) == 0;
#else
      return false;
#endif
    case CloexecMethod::kProcScan:
      return cloexecFromProc();
    case CloexecMethod::kRlimitLoop: {
      struct rlimit rl{};
      int max_fd = 65536;
      if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < 65536u) {
        max_fd = static_cast<int>(rl.rlim_cur);
      }
      for (int fd = 3; fd < max_fd; ++fd) markCloexec(fd);
      return true;
    }
  }
  return false;
}

void execChild(const ChildPlan& plan) {
  const int error_fd = plan.error_fd;
  // Own process group, so a time-out can kill the child and its descendants.
  if (::setpgid(0, 0) != 0) fail(error_fd, ChildStage::kSetup, errno);
  // The child dies with the agent: a SIGKILLed agent (operator, OOM killer,
  // watchdog) cannot run its time-out, and a child in its own group would
  // otherwise run on forever. The signal is sent when the THREAD that forked
  // exits; run() waits for the child on that thread, so it outlives the child.
  // It survives execve (rpm is not set-uid). Descendants of the child are not
  // covered (rpm -qa starts none); the time-out kills the whole group.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail(error_fd, ChildStage::kSetup, errno);
  // The parent may have died between fork() and prctl(): then no signal comes.
  if (::getppid() != plan.parent_pid) ::_exit(127);

  // Ignored signals and the blocked mask survive exec; the child starts clean.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) ::signal(sig, SIG_DFL);  // EINVAL for RT internals is fine
  }

  const int in = above2(plan.stdin_fd, error_fd);
  const int out = above2(plan.stdout_fd, error_fd);
  const int err = above2(plan.stderr_fd, error_fd);
  // dup2 clears FD_CLOEXEC on the new descriptor: 0/1/2 survive exec.
  if (::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) {
    fail(error_fd, ChildStage::kSetup, errno);
  }
  closeOtherDescriptorsOnExec();

  if (plan.working_directory != nullptr && ::chdir(plan.working_directory) != 0) {
    fail(error_fd, ChildStage::kChdir, errno);
  }
  ::execve(plan.path, plan.argv, plan.envp);
  fail(error_fd, ChildStage::kExec, errno);
}

}  // namespace psirt::process::detail
