// psirt-agent cvss VECTOR [--json]  |  psirt-agent cvss - [--json]
// Scores CVSS vectors with agent/cvss and prints one line per vector (the
// format is documented in docs/formats/cvss.md and in --help). Reading
// stdin, output line N answers input line N: a bad line prints an error
// marker on stdout and its reason on stderr with its line number, and the
// remaining lines are still scored; the exit status says whether any failed.
// A failed write to stdout stops the command (exit 1).
#include <cstdio>
#include <string>

#include "agent/cli/args.h"
#include "agent/cli/exit_codes.h"
#include "agent/cvss/cvss.h"
#include "platform/fs/output.h"
#include "platform/log/log.h"

namespace psirt::cli {

namespace {

void printCvssHelp() {
  std::printf(
      "usage: psirt-agent cvss [--json] VECTOR\n"
      "       psirt-agent cvss [--json] -        (one vector per line on stdin)\n\n"
      "Scores a CVSS v2, v3.0, v3.1 or v4.0 vector exactly as FIRST specifies and\n"
      "prints one tab-separated line per vector, scores with one decimal:\n"
      "  v2, v3.0, v3.1:  BASE <TAB> TEMPORAL <TAB> ENVIRONMENTAL <TAB> BAND\n"
      "  v4.0:            SCORE <TAB> BAND\n"
      "v3.x always has all three scores (metrics not given count as Not Defined).\n"
      "v2 prints '-' for a temporal or environmental group the vector does not define.\n"
      "BAND is None (0.0), Low (0.1-3.9), Medium (4.0-6.9), High (7.0-8.9) or\n"
      "Critical (9.0-10.0), taken from the environmental score if the vector defines\n"
      "an environmental metric, else the temporal score if it defines a temporal\n"
      "metric, else the base score (v2 has no official bands; the same ones apply).\n\n"
      "Vectors are parsed strictly: exact prefix (CVSS:3.0/, CVSS:3.1/, CVSS:4.0/;\n"
      "none for v2), case-sensitive names and values, no duplicates, every base\n"
      "metric, no empty field or trailing '/', no whitespace, v4.0 metrics in the\n"
      "specification's order, at most 512 bytes.\n\n"
      "options:\n"
      "  --json   one JSON object per vector instead (JSON Lines with '-'):\n"
      "           {\"vector\",\"version\",\"base\",\"temporal\",\"environmental\",\"score\",\n"
      "            \"band\"} (v4.0: \"vector\",\"version\",\"score\",\"nomenclature\",\"band\")\n\n"
      "With '-', output line N always answers input line N: a rejected line prints\n"
      "'error' (with --json: {\"error\":true,\"line\":N}) and its reason goes to\n"
      "stderr as 'line N: ...'; the other lines are still scored.\n\n"
      "exit status: 0 every vector scored, 1 a vector was rejected (reason on\n"
      "stderr, with its line number when reading stdin) or standard output could\n"
      "not be written, 2 usage\n");
}

std::string optionalScore(const std::optional<cvss::Tenths>& s, const char* absent) {
  return s ? cvss::formatScore(*s) : std::string(absent);
}

std::string formatLine(const cvss::Scores& s) {
  const std::string band(cvss::bandName(cvss::bandOf(s.overall)));
  if (s.version == cvss::Version::kV40) return cvss::formatScore(s.overall) + "\t" + band;
  return cvss::formatScore(s.base) + "\t" + optionalScore(s.temporal, "-") + "\t" +
         optionalScore(s.environmental, "-") + "\t" + band;
}

// The vector has passed the strict parser, so it holds only printable ASCII
// without '"' or '\\' and needs no escaping.
std::string formatJson(std::string_view vector, const cvss::Scores& s) {
  std::string out = "{\"vector\":\"" + std::string(vector) + "\",\"version\":\"" +
                    std::string(cvss::versionName(s.version)) + "\"";
  if (s.version == cvss::Version::kV40) {
    out += ",\"score\":" + cvss::formatScore(s.overall) + ",\"nomenclature\":\"" + std::string(s.nomenclature) + "\"";
  } else {
    out += ",\"base\":" + cvss::formatScore(s.base) + ",\"temporal\":" + optionalScore(s.temporal, "null") +
           ",\"environmental\":" + optionalScore(s.environmental, "null") +
           ",\"score\":" + cvss::formatScore(s.overall);
  }
  return out + ",\"band\":\"" + std::string(cvss::bandName(cvss::bandOf(s.overall))) + "\"}";
}

// What a vector read from stdin at `line_no` printed.
enum class Outcome { kScored, kRejected, kStdoutFailed };

// The marker printed for a rejected line of stdin, so that output line N
// still answers input line N (docs/formats/cvss.md).
std::string rejectedLine(bool json, std::uint64_t line_no) {
  return json ? "{\"error\":true,\"line\":" + std::to_string(line_no) + "}\n" : "error\n";
}

// Scores one vector and prints the result; a rejected vector prints its
// reason on stderr (prefixed by `where`) and, when reading stdin (line_no >
// 0), the error marker on stdout.
Outcome scoreOne(std::string_view vector, bool json, const std::string& where, std::uint64_t line_no) {
  auto scores = cvss::score(vector);
  std::string line;
  if (scores) {
    line = (json ? formatJson(vector, *scores) : formatLine(*scores)) + "\n";
  } else {
    log::write("psirt-agent cvss", where + scores.error().describe());
    if (line_no > 0) line = rejectedLine(json, line_no);
  }
  if (Status st = fs::writeStandardOutput(line); !st) {
    log::write("psirt-agent cvss", st.error().describe());
    return Outcome::kStdoutFailed;
  }
  return scores ? Outcome::kScored : Outcome::kRejected;
}

// Reads stdin line by line; a line longer than the vector limit is reported
// without being stored whole (memory stays bounded whatever the input).
int scoreStdin(bool json) {
  int status = kExitOk;
  std::string line;
  std::size_t length = 0;
  std::uint64_t line_no = 0;
  bool pending = false;
  bool stdout_failed = false;
  auto finish = [&] {
    ++line_no;
    const std::string where = "line " + std::to_string(line_no) + ": ";
    Outcome outcome;
    if (length > cvss::kMaxVectorLength) {
      log::write("psirt-agent cvss", where + "CVSS vector: line is " + std::to_string(length) +
                                         " bytes, over the limit of " +
                                         std::to_string(cvss::kMaxVectorLength));
      outcome = Outcome::kRejected;
      if (Status st = fs::writeStandardOutput(rejectedLine(json, line_no)); !st) {
        log::write("psirt-agent cvss", st.error().describe());
        outcome = Outcome::kStdoutFailed;
      }
    } else {
      outcome = scoreOne(line, json, where, line_no);
    }
    if (outcome != Outcome::kScored) status = kExitError;
    stdout_failed = outcome == Outcome::kStdoutFailed;
    line.clear();
    length = 0;
    pending = false;
  };
  for (int c = std::getc(stdin); c != EOF && !stdout_failed; c = std::getc(stdin)) {
    if (c == '\n') {
      finish();
      continue;
    }
    pending = true;
    if (++length <= cvss::kMaxVectorLength) line.push_back(static_cast<char>(c));
  }
  if (pending && !stdout_failed) finish();  // last line without a newline
  return status;
}

}  // namespace

int runCvss(std::span<const std::string> args) {
  auto parsed = parseArgs(args, {{"json", false}});
  if (!parsed) return usageError("cvss", parsed.error());
  if (parsed->has("help")) {
    printCvssHelp();
    return kExitOk;
  }
  const auto& positionals = parsed->positionals();
  if (positionals.size() != 1) {
    return usageError("cvss", makeError(ErrorCategory::kUsage, positionals.empty()
                                                                  ? "no VECTOR given (or '-' to read stdin)"
                                                                  : "one VECTOR only (use '-' for many)"));
  }
  const bool json = parsed->has("json");
  if (positionals[0] == "-") return scoreStdin(json);
  return scoreOne(positionals[0], json, "", 0) == Outcome::kScored ? kExitOk : kExitError;
}

}  // namespace psirt::cli
