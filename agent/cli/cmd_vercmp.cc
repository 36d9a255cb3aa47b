// psirt-agent vercmp SCHEME A B | SCHEME - | --in VERS VERSION
// Compares versions with the agent's own rules (agent/versions), so an
// operator can check exactly how the agent orders two versions or decides
// containment in a vers range.
#include <cstdio>
#include <string>

#include "agent/cli/args.h"
#include "agent/cli/exit_codes.h"
#include "agent/versions/vers.h"
#include "agent/versions/version.h"
#include "platform/fs/output.h"
#include "platform/log/log.h"

namespace psirt::cli {

namespace {
constexpr std::size_t kMaxLine = 64 * 1024;

void printVercmpHelp() {
  std::printf(
      "usage: psirt-agent vercmp SCHEME A B\n"
      "       psirt-agent vercmp SCHEME -\n"
      "       psirt-agent vercmp --in VERS VERSION\n\n"
      "SCHEME A B     prints -1, 0 or 1: A is older than, equal to, or newer than B.\n"
      "SCHEME -       reads lines 'A<TAB>B' from standard input and prints one answer\n"
      "               per line (-1, 0, 1, or 'error' for a line that failed; the reason\n"
      "               goes to standard error as 'line N: ...'). Lines end with LF; a CR\n"
      "               before it is removed; lines over 64 KiB are errors.\n"
      "--in VERS VERSION\n"
      "               prints 'true' if VERSION is in the vers range VERS (e.g.\n"
      "               'vers:deb/>=1.0-1|<1.0-5'), else 'false'. The range must be in\n"
      "               canonical form; its type is the scheme of VERSION.\n\n"
      "schemes: deb, rpm, opkg, apk, semver, generic, omnipcx (docs/formats/versions.md).\n"
      "Versions of different omnipcx release lines are not comparable: an error.\n"
      "Put '--' before a version that starts with '-'.\n"
      "exit status: 0 all answered, 1 a version, range or line was invalid or not\n"
      "comparable (message on standard error) or standard output could not be\n"
      "written, 2 usage\n");
}

int fail(const Error& e) {
  log::write("psirt-agent vercmp", e.describe());
  return kExitError;
}

// A failed write to stdout ends the batch (exit 1): nobody reads the answers.
// Every answer goes through fs::writeStandardOutput, which keeps its errno.
Status g_stdout = okStatus();

void answer(const std::string& text) {
  if (g_stdout) g_stdout = fs::writeStandardOutput(text);
}

// One "A<TAB>B" line: prints the answer or "error" and reports on stderr.
bool answerLine(versions::Scheme scheme, std::string_view line, std::size_t number) {
  std::size_t tab = line.find('\t');
  Result<int> r = tab == std::string_view::npos
                      ? Result<int>(makeError(ErrorCategory::kParse, "expected 'A<TAB>B'"))
                      : versions::compare(scheme, line.substr(0, tab), line.substr(tab + 1));
  if (!r) {
    answer("error\n");
    log::write("psirt-agent vercmp", "line " + std::to_string(number) + ": " + r.error().describe());
    return false;
  }
  answer(std::to_string(*r) + "\n");
  return true;
}

int compareStdin(versions::Scheme scheme) {
  bool all_ok = true;
  std::size_t number = 0;
  std::string line;
  bool too_long = false;
  auto finish = [&]() {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (too_long) {
      answer("error\n");
      log::write("psirt-agent vercmp", "line " + std::to_string(number) + ": longer than 64 KiB");
      all_ok = false;
    } else {
      all_ok = answerLine(scheme, line, number) && all_ok;
    }
    line.clear();
    too_long = false;
  };
  char buf[1 << 16];
  std::size_t n;
  bool stopped = false;
  while (!(stopped = !g_stdout) && (n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
    for (std::size_t i = 0; i < n && g_stdout; ++i) {
      if (buf[i] == '\n') {
        finish();
      } else if (line.size() < kMaxLine) {
        line.push_back(buf[i]);
      } else {
        too_long = true;
      }
    }
  }
  if (!stopped && (!line.empty() || too_long)) finish();
  if (g_stdout) g_stdout = fs::flushStandardOutput();
  if (!g_stdout) return fail(g_stdout.error());
  return all_ok ? kExitOk : kExitError;
}
}  // namespace

int runVercmp(std::span<const std::string> args) {
  auto parsed = parseArgs(args, {{"in"}});
  if (!parsed) return usageError("vercmp", parsed.error());
  if (parsed->has("help")) {
    printVercmpHelp();
    return kExitOk;
  }
  const auto& pos = parsed->positionals();
  if (auto vers = parsed->get("in")) {
    if (pos.size() != 1) return usageError("vercmp", makeError(ErrorCategory::kUsage, "--in VERS takes one VERSION"));
    auto range = versions::parseRange(*vers);
    if (!range) return fail(range.error());
    auto in = versions::contains(*range, pos[0]);
    if (!in) return fail(in.error());
    std::printf("%s\n", *in ? "true" : "false");
    return kExitOk;
  }
  if (pos.empty()) return usageError("vercmp", makeError(ErrorCategory::kUsage, "no SCHEME given"));
  auto scheme = versions::schemeFromName(pos[0]);
  if (!scheme) return usageError("vercmp", scheme.error());
  if (pos.size() == 2 && pos[1] == "-") return compareStdin(*scheme);
  if (pos.size() != 3) return usageError("vercmp", makeError(ErrorCategory::kUsage, "expected SCHEME A B or SCHEME -"));
  auto r = versions::compare(*scheme, pos[1], pos[2]);
  if (!r) return fail(r.error());
  std::printf("%d\n", *r);
  return kExitOk;
}

}  // namespace psirt::cli
