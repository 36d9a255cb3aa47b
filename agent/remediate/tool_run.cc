// Tool runs for the step executors (tool_run.h).
#include "agent/remediate/tool_run.h"

#include <algorithm>

#include "platform/log/log.h"

namespace psirt::remediate {

std::map<std::string, std::string> toolEnvironment() {
  return {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"LC_ALL", "C"}, {"HOME", "/nonexistent"}};
}

Result<std::string> findTool(const std::string& name) {
  auto path = process::findExecutable(name);
  if (!path) {
    return makeError(ErrorCategory::kUnsupported,
                     name + " not found (looked in /usr/bin, /bin, /usr/sbin, /sbin)");
  }
  return *path;
}

std::string toolName(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Result<process::Outcome> runTool(ToolRun& run) {
  using std::chrono::milliseconds;
  auto limit = run.limit;
  if (run.deadline != Deadline::max()) {
    auto left = std::chrono::duration_cast<milliseconds>(run.deadline - std::chrono::steady_clock::now());
    if (left <= milliseconds(0)) {
      return makeError(ErrorCategory::kLimit,
                       "the transaction's deadline passed before " + toolName(run.argv[0]) + " could run");
    }
    limit = std::min(limit, left);
  }
  run.limit = limit;
  process::Options options;
  options.environment = run.environment;
  options.working_directory = run.working_directory;
  options.timeout = limit;
  options.max_stdout = run.max_stdout;
  options.max_stderr = run.max_stderr;
  auto outcome = process::run(run.argv, options);
  if (!outcome) return outcome.error().within(toolName(run.argv[0]));
  return outcome;
}

namespace {

// Debian's rpm prints an "use Alien instead" banner on every run; an error
// line is the one that says "error"; otherwise the last line says most.
std::string tellingLine(const std::string& err) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < err.size()) {
    auto end = err.find('\n', start);
    if (end == std::string::npos) end = err.size();
    std::string line = err.substr(start, end - start);
    if (!line.empty() && line.find("use Alien") == std::string::npos &&
        line.find("assuming you know what you are doing") == std::string::npos) {
      lines.push_back(line);
    }
    start = end + 1;
  }
  if (lines.empty()) return {};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("error") == std::string::npos) continue;
    // dpkg: "error processing archive X (--install):" then the reason.
    if (lines[i].back() == ':' && i + 1 < lines.size()) {
      auto reason = lines[i + 1].find_first_not_of(" \t");
      if (reason != std::string::npos) return lines[i] + " " + lines[i + 1].substr(reason);
    }
    return lines[i];
  }
  return lines.back();
}

}  // namespace

std::string describeOutcome(const process::Outcome& outcome, std::chrono::milliseconds limit) {
  std::string what;
  if (outcome.timed_out) {
    what = "timed out after " + std::to_string((limit.count() + 999) / 1000) + " s";
  } else if (outcome.signaled) {
    what = "killed by signal " + std::to_string(outcome.signal);
  } else {
    what = "exited with " + std::to_string(outcome.exit_code);
  }
  std::string line = tellingLine(outcome.stderr_data);
  if (line.empty()) line = tellingLine(outcome.stdout_data);
  if (line.size() > 300) line = line.substr(0, 300) + "...";
  return line.empty() ? what : what + ": " + log::oneLine(line);
}

}  // namespace psirt::remediate
