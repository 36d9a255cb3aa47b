#include "platform/process/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "platform/process/child.h"

namespace psirt::process {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::HasSubstr;

// Generous bound that only proves "did not hang"; never a timing assertion.
constexpr auto kNoHang = seconds(20);

struct Timed {
  Result<Outcome> result;
  std::chrono::steady_clock::duration took;
};

Timed timedRun(const std::vector<std::string>& argv, const Options& options) {
  auto start = std::chrono::steady_clock::now();
  auto r = run(argv, options);
  return {std::move(r), std::chrono::steady_clock::now() - start};
}

// Alive and not a zombie (a killed, reparented grandchild may stay a zombie
// when the container's init does not reap).
bool processRunning(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string content;
  if (!std::getline(stat, content)) return false;
  auto close = content.rfind(')');
  return close != std::string::npos && close + 2 < content.size() && content[close + 2] != 'Z';
}

TEST(Process, ExitCodeAndOutputAreReported) {
  auto r = run({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_FALSE(r->signaled);
  EXPECT_FALSE(r->timed_out);
  EXPECT_FALSE(r->succeeded());
  EXPECT_EQ(r->stdout_data, "out\n");
  EXPECT_EQ(r->stderr_data, "err\n");
}

TEST(Process, SuccessfulRunSucceeds) {
  auto r = run({"/bin/true"});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->succeeded());
  EXPECT_EQ(r->exit_code, 0);
}

TEST(Process, DeathBySignalIsReported) {
  auto r = run({"/bin/sh", "-c", "kill -USR1 $$"});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->signaled);
  EXPECT_EQ(r->signal, SIGUSR1);
  EXPECT_FALSE(r->timed_out);
  EXPECT_FALSE(r->succeeded());
}

TEST(Process, MissingProgramIsAnIoErrorNamingIt) {
  auto r = run({"/nonexistent/psirt-no-such-program"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::kIo);
  EXPECT_EQ(r.error().code, ENOENT);
  EXPECT_EQ(r.error().context, "/nonexistent/psirt-no-such-program");
}

TEST(Process, RelativeProgramIsRefusedWithoutPathSearch) {
  auto r = run({"true"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::kUsage);
  EXPECT_FALSE(run({}));
}

TEST(Process, BadEnvironmentNameIsRefused) {
  Options o;
  o.environment["A=B"] = "x";
  auto r = run({"/bin/true"}, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::kUsage);
}

TEST(Process, MissingWorkingDirectoryIsAnIoError) {
  Options o;
  o.working_directory = "/nonexistent/psirt-dir";
  auto r = run({"/bin/true"}, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ENOENT);
  EXPECT_THAT(r.error().message, HasSubstr("working directory"));
}

TEST(Process, WorkingDirectoryIsApplied) {
  Options o;
  o.working_directory = "/usr";
  auto r = run({"/bin/pwd"}, o);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->stdout_data, "/usr\n");
}

TEST(Process, EnvironmentIsExactlyTheGivenVariables) {
  Options o;
  o.environment = {{"LC_ALL", "C"}, {"PSIRT_X", "a b=c"}};
  ASSERT_EQ(::setenv("PSIRT_PARENT_ONLY", "leak", 1), 0);
  auto r = run({"/usr/bin/env"}, o);
  ::unsetenv("PSIRT_PARENT_ONLY");
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->stdout_data, "LC_ALL=C\nPSIRT_X=a b=c\n");
}

TEST(Process, EmptyEnvironmentMeansNoVariables) {
  auto r = run({"/usr/bin/env"});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->stdout_data, "");
  EXPECT_TRUE(r->succeeded());
}

TEST(Process, StdinDataIsDelivered) {
  Options o;
  o.stdin_data = std::string("line one\nline two\n");
  auto r = run({"/bin/cat"}, o);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->stdout_data, "line one\nline two\n");
}

TEST(Process, LargeStdinIsDeliveredWhileOutputIsRead) {
  // Bigger than both pipe buffers: deadlocks unless writing and reading interleave.
  std::string big(3u << 20, 'x');
  for (std::size_t i = 0; i < big.size(); i += 4099) big[i] = static_cast<char>('a' + i % 26);
  Options o;
  o.stdin_data = big;
  o.max_stdout = 8u << 20;
  auto r = run({"/bin/cat"}, o);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->succeeded());
  EXPECT_TRUE(r->stdout_data == big);
}

TEST(Process, ChildClosingStdinEarlyDoesNotKillTheParent) {
  // `true` never reads: the write side sees EPIPE, which must not be a SIGPIPE here.
  Options o;
  o.stdin_data = std::string(1u << 20, 'y');
  auto r = run({"/bin/true"}, o);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->succeeded());
}

TEST(Process, NoStdinDataMeansDevNull) {
  auto r = run({"/bin/cat"});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->succeeded());
  EXPECT_EQ(r->stdout_data, "");
}

TEST(Process, NoDescriptorIsInherited) {
  // Deliberately without O_CLOEXEC: the runner must close it anyway.
  int leak = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(leak, 3);
  auto r = run({"/bin/ls", "/proc/self/fd"});
  ::close(leak);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_TRUE(r->succeeded()) << r->stderr_data;
  // ls lists 0, 1, 2 and the one descriptor it opened to read the directory.
  std::istringstream lines(r->stdout_data);
  std::vector<int> fds;
  for (std::string line; std::getline(lines, line);) fds.push_back(std::stoi(line));
  ASSERT_EQ(fds.size(), 4u) << r->stdout_data;
  std::sort(fds.begin(), fds.end());
  EXPECT_EQ(fds[0], 0);
  EXPECT_EQ(fds[1], 1);
  EXPECT_EQ(fds[2], 2);
  EXPECT_EQ(fds[3], 3);  // lowest free number: ls's own directory descriptor
}

// Each fallback on its own, in a forked child: descriptors above 2 end up
// close-on-exec, 0/1/2 do not. Exit status 0 = all as expected.
class CloexecFallback : public testing::TestWithParam<detail::CloexecMethod> {};

TEST_P(CloexecFallback, MarksEveryDescriptorAbove2AndNot012) {
  int leaks[3];
  for (int& fd : leaks) {
    fd = ::open("/dev/null", O_RDONLY);  // no O_CLOEXEC
    ASSERT_GE(fd, 3);
  }
  ASSERT_GE(::dup2(leaks[0], 200), 0);  // a high, sparse number too
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (!detail::markDescriptorsCloexec(GetParam())) ::_exit(3);
    for (int fd : {leaks[0], leaks[1], leaks[2], 200}) {
      if ((::fcntl(fd, F_GETFD) & FD_CLOEXEC) == 0) ::_exit(1);
    }
    for (int fd = 0; fd <= 2; ++fd) {
      int flags = ::fcntl(fd, F_GETFD);
      if (flags >= 0 && (flags & FD_CLOEXEC) != 0) ::_exit(2);
    }
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  for (int fd : leaks) ::close(fd);
  ::close(200);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: a descriptor was left inheritable, 2: 0/1/2 marked, 3: unavailable";
}

INSTANTIATE_TEST_SUITE_P(EveryMethod, CloexecFallback,
                         testing::Values(detail::CloexecMethod::kCloseRange, detail::CloexecMethod::kProcScan,
                                         detail::CloexecMethod::kRlimitLoop),
                         [](const testing::TestParamInfo<detail::CloexecMethod>& p) {
                           switch (p.param) {
                             case detail::CloexecMethod::kCloseRange: return std::string("CloseRange");
                             case detail::CloexecMethod::kProcScan: return std::string("ProcScan");
                             case detail::CloexecMethod::kRlimitLoop: return std::string("RlimitLoop");
                           }
                           return std::string("Unknown");
                         });

TEST(Process, ChildIgnoringSigtermIsKilledAtTimeout) {
  Options o;
  o.timeout = milliseconds(500);
  o.kill_grace = milliseconds(500);
  auto t = timedRun({"/bin/sh", "-c", "trap '' TERM; echo ready; sleep 30; echo never"}, o);
  ASSERT_TRUE(t.result) << t.result.error().describe();
  EXPECT_TRUE(t.result->timed_out);
  EXPECT_TRUE(t.result->signaled);
  EXPECT_EQ(t.result->signal, SIGKILL);
  EXPECT_FALSE(t.result->succeeded());
  EXPECT_EQ(t.result->stdout_data, "ready\n");
  EXPECT_LT(t.took, kNoHang);
}

TEST(Process, CooperativeChildGetsSigtermAtTimeout) {
  Options o;
  o.timeout = milliseconds(300);
  o.kill_grace = seconds(10);
  auto t = timedRun({"/bin/sleep", "30"}, o);
  ASSERT_TRUE(t.result) << t.result.error().describe();
  EXPECT_TRUE(t.result->timed_out);
  EXPECT_TRUE(t.result->signaled);
  EXPECT_EQ(t.result->signal, SIGTERM);
  EXPECT_LT(t.took, kNoHang);
}

TEST(Process, GrandchildHoldingThePipeDoesNotHangAndIsKilled) {
  Options o;
  o.timeout = seconds(5);
  o.kill_grace = milliseconds(300);
  // The grandchild inherits stdout and outlives sh; it reports its pid first.
  auto t = timedRun({"/bin/sh", "-c", "sleep 30 & echo $!; echo hi"}, o);
  ASSERT_TRUE(t.result) << t.result.error().describe();
  EXPECT_LT(t.took, kNoHang);
  EXPECT_TRUE(t.result->succeeded());
  EXPECT_FALSE(t.result->timed_out);
  std::istringstream lines(t.result->stdout_data);
  std::string pid_line, hi_line;
  ASSERT_TRUE(std::getline(lines, pid_line));
  ASSERT_TRUE(std::getline(lines, hi_line));
  EXPECT_EQ(hi_line, "hi");
  const pid_t grandchild = static_cast<pid_t>(std::stol(pid_line));
  // The group was SIGKILLed; the grandchild (reparented) disappears once reaped.
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    gone = !processRunning(grandchild);
    if (!gone) ::usleep(50 * 1000);
  }
  EXPECT_TRUE(gone) << "grandchild " << grandchild << " still alive";
}

// A SIGKILLed agent cannot run its time-out: its child must die with it
// (PR_SET_PDEATHSIG), not run on in its own process group. The "agent" here
// is a forked copy of this test calling run(); the child reports its pid
// through a file, then becomes a long sleep.
TEST(Process, ChildDiesWhenTheAgentIsKilled) {
  char path[] = "/tmp/psirt-process-test-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  const pid_t agent = ::fork();
  ASSERT_GE(agent, 0);
  if (agent == 0) {
    Options o;
    o.timeout = seconds(60);
    (void)run({"/bin/sh", "-c", std::string("echo $$ > ") + path + "; exec sleep 60"}, o);
    ::_exit(0);
  }
  pid_t child = 0;
  for (int i = 0; i < 400 && child == 0; ++i) {
    std::ifstream f(path);
    long pid = 0;
    if (f >> pid) child = static_cast<pid_t>(pid);
    else ::usleep(50 * 1000);
  }
  ::unlink(path);
  ASSERT_GT(child, 0) << "the child never started";
  ASSERT_TRUE(processRunning(child));
  ASSERT_EQ(::kill(agent, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(agent, &status, 0), agent);
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = !processRunning(child);
    if (!gone) ::usleep(50 * 1000);
  }
  if (!gone) ::kill(child, SIGKILL);  // do not leave it behind either way
  EXPECT_TRUE(gone) << "child " << child << " outlived its killed parent";
}

TEST(Process, OutputFloodIsCappedAndFlagged) {
  Options o;
  // Long enough for `yes` to pass 1 MiB on a loaded machine (at load 13 on
  // 2 cores it wrote 376 KiB in 1 s); the child runs until the timeout.
  o.timeout = milliseconds(5000);
  o.kill_grace = milliseconds(500);
  o.max_stdout = 1u << 20;
  auto t = timedRun({"/usr/bin/yes"}, o);
  ASSERT_TRUE(t.result) << t.result.error().describe();
  EXPECT_LT(t.took, kNoHang);
  EXPECT_TRUE(t.result->stdout_truncated);
  EXPECT_EQ(t.result->stdout_data.size(), 1u << 20);
  EXPECT_TRUE(t.result->timed_out);
  EXPECT_EQ(t.result->stdout_data.substr(0, 4), "y\ny\n");
}

TEST(Process, StderrFloodIsCappedIndependently) {
  Options o;
  o.max_stderr = 1000;
  auto r = run({"/bin/sh", "-c", "head -c 100000 /dev/zero >&2; echo done"}, o);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->succeeded());
  EXPECT_TRUE(r->stderr_truncated);
  EXPECT_EQ(r->stderr_data.size(), 1000u);
  EXPECT_FALSE(r->stdout_truncated);
  EXPECT_EQ(r->stdout_data, "done\n");
}

TEST(Process, ChildRunsInItsOwnProcessGroup) {
  auto r = run({"/bin/sh", "-c", "cut -d' ' -f5 /proc/$$/stat; echo $$"});
  ASSERT_TRUE(r) << r.error().describe();
  std::istringstream lines(r->stdout_data);
  long pgid = 0, pid = 0;
  lines >> pgid >> pid;
  EXPECT_EQ(pgid, pid);
  EXPECT_NE(pgid, static_cast<long>(::getpgrp()));
}

TEST(Process, FindExecutableLooksOnlyInSystemDirectories) {
  auto sh = findExecutable("sh");
  ASSERT_TRUE(sh.has_value());
  EXPECT_TRUE(*sh == "/usr/bin/sh" || *sh == "/bin/sh") << *sh;
  EXPECT_FALSE(findExecutable("psirt-no-such-tool").has_value());
  EXPECT_FALSE(findExecutable("../bin/sh").has_value());
  EXPECT_FALSE(findExecutable("/bin/sh").has_value());
  EXPECT_FALSE(findExecutable("").has_value());
}

}  // namespace
}  // namespace psirt::process
