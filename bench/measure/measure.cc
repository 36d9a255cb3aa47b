// psirt-bench-measure: runs one program and measures it FROM OUTSIDE, as
// docs/design.md#budgets asks: wall time from just before fork() to the child's reaping
// (process start included), the child's peak resident set size from
// wait4()'s rusage (ru_maxrss, KiB on Linux) and its CPU time (user +
// system: steadier than wall time on a shared machine). The child inherits stdin,
// stdout and stderr; the figures go to a separate file so they never mix
// with the child's output.
//
// usage: psirt-bench-measure FIGURES_FILE PROGRAM [ARGS...]
// Appends "wall_seconds=<s> cpu_seconds=<s> maxrss_kib=<k> exit=<status>\n"
// to FIGURES_FILE
// and exits with the child's status (128+N when killed by signal N).
// A bench tool, not product code: raw POSIX here is deliberate (platform/
// process has no rusage, and nothing else may run between fork and exec).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: psirt-bench-measure FIGURES_FILE PROGRAM [ARGS...]\n");
    return 2;
  }
  std::FILE* figures = std::fopen(argv[1], "a");
  if (figures == nullptr) {
    std::fprintf(stderr, "psirt-bench-measure: %s: %s\n", argv[1], std::strerror(errno));
    return 1;
  }
  timespec start{}, end{};
  clock_gettime(CLOCK_MONOTONIC, &start);
  const pid_t pid = fork();
  if (pid < 0) {
    std::fprintf(stderr, "psirt-bench-measure: fork: %s\n", std::strerror(errno));
    return 1;
  }
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    std::fprintf(stderr, "psirt-bench-measure: %s: %s\n", argv[2], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  pid_t got;
  do {
    got = wait4(pid, &status, 0, &usage);
  } while (got < 0 && errno == EINTR);
  clock_gettime(CLOCK_MONOTONIC, &end);
  if (got < 0) {
    std::fprintf(stderr, "psirt-bench-measure: wait4: %s\n", std::strerror(errno));
    return 1;
  }
  const double wall = static_cast<double>(end.tv_sec - start.tv_sec) + static_cast<double>(end.tv_nsec - start.tv_nsec) / 1e9;
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  const double cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  std::fprintf(figures, "wall_seconds=%.6f cpu_seconds=%.6f maxrss_kib=%ld exit=%d\n", wall, cpu, usage.ru_maxrss, code);
  if (std::fclose(figures) != 0) {
    std::fprintf(stderr, "psirt-bench-measure: %s: %s\n", argv[1], std::strerror(errno));
    return 1;
  }
  return code;
}
