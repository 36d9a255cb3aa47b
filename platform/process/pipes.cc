#include "platform/process/pipes.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace psirt::process::detail {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

Status makePipe(UniqueFd (&ends)[2], const std::string& context) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return makeError(ErrorCategory::kIo, std::string("cannot create pipe: ") + std::strerror(errno), context, errno);
  }
  ends[0].reset(fds[0]);
  ends[1].reset(fds[1]);
  return okStatus();
}

void setNonBlocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

// write() that cannot raise SIGPIPE in the caller when the child has closed
// its stdin: SIGPIPE is blocked for this thread and a SIGPIPE we caused is
// consumed before unblocking. The process-wide disposition is left alone.
ssize_t writeNoSigpipe(int fd, const char* data, std::size_t size) {
  sigset_t pipe_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  sigset_t pending;
  sigemptyset(&pending);
  ::sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  sigset_t old;
  ::pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
  ssize_t n;
  do {
    n = ::write(fd, data, size);
  } while (n < 0 && errno == EINTR);
  const int saved = errno;
  if (n < 0 && saved == EPIPE && !was_pending) {
    const struct timespec zero{0, 0};
    while (::sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = saved;
  return n;
}

// One output stream: keeps at most `cap` bytes, reads and discards the rest so
// the child never blocks on a full pipe.
struct Sink {
  UniqueFd* fd;
  std::string* data;
  std::size_t cap;
  bool* truncated;

  // Reads once; closes the descriptor at EOF or on error.
  void readOnce() {
    char buf[65536];
    ssize_t n;
    do {
      n = ::read(fd->get(), buf, sizeof buf);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) {
      fd->reset();
      return;
    }
    std::size_t len = static_cast<std::size_t>(n);
    const std::size_t room = cap > data->size() ? cap - data->size() : 0;
    if (len > room) {
      *truncated = true;
      len = room;
    }
    data->append(buf, len);
  }
};

bool childExited(pid_t pid) {
  siginfo_t info;
  std::memset(&info, 0, sizeof info);
  // WNOWAIT: leave the zombie so the pid (= group id) stays reserved.
  int rc;
  do {
    rc = ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0) return errno == ECHILD;  // reaped behind our back (SIGCHLD ignored)
  return info.si_pid == pid;
}

int msUntil(Clock::time_point t, Clock::time_point now) {
  if (t <= now) return 0;
  auto ms = std::chrono::duration_cast<milliseconds>(t - now).count() + 1;
  return static_cast<int>(std::min<decltype(ms)>(ms, 1000));
}

}  // namespace

void UniqueFd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

Status Pipes::open(bool with_stdin, const std::string& context) {
  if (with_stdin) {
    PSIRT_TRY(makePipe(in, context));
    setNonBlocking(in[1].get());
  } else {
    dev_null.reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    if (!dev_null.valid()) {
      return makeError(ErrorCategory::kIo, std::string("cannot open /dev/null: ") + std::strerror(errno), context,
                       errno);
    }
  }
  PSIRT_TRY(makePipe(out, context));
  PSIRT_TRY(makePipe(err, context));
  PSIRT_TRY(makePipe(exec_error, context));
  setNonBlocking(out[0].get());
  setNonBlocking(err[0].get());
  return okStatus();
}

void Pipes::closeChildEnds() {
  in[0].reset();
  dev_null.reset();
  out[1].reset();
  err[1].reset();
  exec_error[1].reset();
}

void pumpUntilDone(pid_t pid, Pipes& pipes, std::string_view stdin_data, const Limits& limits,
                   Outcome* outcome) {
  const auto deadline = Clock::now() + limits.timeout;
  Clock::time_point kill_at{};
  Clock::time_point stop_reading_at{};
  bool term_sent = false;
  bool kill_sent = false;
  bool exited = false;
  int idle_tick_ms = 1;
  Sink sinks[2] = {{&pipes.out[0], &outcome->stdout_data, limits.max_stdout, &outcome->stdout_truncated},
                   {&pipes.err[0], &outcome->stderr_data, limits.max_stderr, &outcome->stderr_truncated}};
  if (stdin_data.empty()) pipes.in[1].reset();  // EOF right away

  for (;;) {
    const auto now = Clock::now();
    if (!exited && childExited(pid)) {
      exited = true;
      stop_reading_at = std::min(now + limits.kill_grace, deadline + limits.kill_grace);
    }
    const bool reading = pipes.out[0].valid() || pipes.err[0].valid();
    if (exited) {
      pipes.in[1].reset();
      if (!reading) return;
      if (now >= stop_reading_at) {
        // Descendants still hold the pipes: take what is buffered and stop.
        for (Sink& s : sinks) {
          for (int i = 0; i < 16 && s.fd->valid(); ++i) s.readOnce();
        }
        return;
      }
    } else if (!term_sent && now >= deadline) {
      ::kill(-pid, SIGTERM);
      term_sent = true;
      outcome->timed_out = true;
      kill_at = now + limits.kill_grace;
    } else if (term_sent && !kill_sent && now >= kill_at) {
      ::kill(-pid, SIGKILL);
      kill_sent = true;
    }

    // Sleep until the next event: output, stdin room, or the next deadline.
    // Child exit has no descriptor here, so it is polled with a short tick.
    Clock::time_point next = exited ? stop_reading_at : (!term_sent ? deadline : (kill_sent ? now + milliseconds(10) : kill_at));
    int wait_ms = msUntil(next, now);
    if (!exited) {
      if (reading) {
        wait_ms = std::min(wait_ms, 100);
      } else {
        wait_ms = std::min(wait_ms, idle_tick_ms);
        idle_tick_ms = std::min(idle_tick_ms * 2, 50);
      }
    }

    struct pollfd fds[3];
    int nfds = 0;
    for (Sink& s : sinks) {
      if (s.fd->valid()) fds[nfds++] = {s.fd->get(), POLLIN, 0};
    }
    const int stdin_index = pipes.in[1].valid() ? nfds : -1;
    if (stdin_index >= 0) fds[nfds++] = {pipes.in[1].get(), POLLOUT, 0};
    int rc = ::poll(fds, static_cast<nfds_t>(nfds), wait_ms);
    if (rc < 0) {
      if (errno == EINTR) continue;
      return;  // cannot happen with valid descriptors; the caller kills the group
    }
    for (int i = 0; i < nfds; ++i) {
      if (fds[i].revents == 0) continue;
      if (i == stdin_index) {
        if ((fds[i].revents & (POLLERR | POLLHUP)) != 0) {
          pipes.in[1].reset();
          continue;
        }
        ssize_t n = writeNoSigpipe(pipes.in[1].get(), stdin_data.data(), stdin_data.size());
        if (n > 0) stdin_data.remove_prefix(static_cast<std::size_t>(n));
        if ((n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) || stdin_data.empty()) pipes.in[1].reset();
        continue;
      }
      for (Sink& s : sinks) {
        if (s.fd->valid() && s.fd->get() == fds[i].fd) s.readOnce();
      }
    }
  }
}

}  // namespace psirt::process::detail
