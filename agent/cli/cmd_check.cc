// psirt-agent check --state DIR [--sysroot DIR] [--repo URL|DIR | --bundle FILE]
//                   [--out FILE] [--format table|json] [--fail-on BAND] [--ignore-unknown]
// The agent's main job: optional trust update, inventory, decision, report
// (docs/design.md#command-lines-and-exit-status). See agent/check/check.h for the flow and docs/formats/report.md.
#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "agent/check/check.h"
#include "agent/csaf/stream_reader.h"
#include "agent/cli/args.h"
#include "agent/cli/build_info.h"
#include "agent/cli/command_error.h"
#include "agent/cli/exit_codes.h"
#include "agent/cli/http_flags.h"
#include "agent/state/reports.h"
#include "agent/cli/remediation_common.h"
#include "agent/plan/remediation_states.h"
#include "agent/remediate/journal.h"
#include "platform/fs/fs.h"
#include "platform/fs/output.h"
#include "platform/log/log.h"

namespace psirt::cli {
namespace {

void printCheckHelp() {
  std::printf(
      "usage: psirt-agent check --state DIR [--sysroot DIR] [--repo DIR|URL | --bundle FILE]\n"
      "                         [--out FILE] [--format table|json] [--fail-on BAND]\n"
      "                         [--ignore-unknown] [--allow-http] [--ca-file FILE] [--pin SHA256]\n"
      "                         [--proxy URL] [--deadline SECONDS] [--max-document-bytes N]\n\n"
      "Decides whether this system is exposed to the advisories of the trusted\n"
      "repository and writes the exposure report (docs/formats/report.md).\n"
      "With --repo or --bundle the trusted metadata is updated first (as\n"
      "'psirt-agent update'); without, the last complete trusted set in DIR is\n"
      "evaluated if it has not expired. When the update fails, the last complete\n"
      "set is evaluated and the report is marked stale. What a killed update or\n"
      "check left in DIR is removed first (docs/formats/state-directory.md).\n\n"
      "  --state DIR        agent state directory (made by 'psirt-agent trust init')\n"
      "  --sysroot DIR      evaluate the system installed under DIR (an image scan)\n"
      "                     instead of the running one\n"
      "  --repo DIR|URL     update from this repository first (see 'update --help' for\n"
      "                     --allow-http, --ca-file, --pin, --proxy)\n"
      "  --deadline SECONDS overall time limit of the --repo URL update (default 900;\n"
      "                     see 'update --help'); past it the update fails and the\n"
      "                     last complete set is evaluated (stale report, exit 1)\n"
      "  --bundle FILE      update from this offline bundle first\n"
      "  --out FILE         also write the report (JSON envelope) to FILE, atomically;\n"
      "                     it is always kept in DIR/reports/last.json. Refused (exit 2,\n"
      "                     nothing done) when FILE is a symlink, a directory, device,\n"
      "                     FIFO or socket, inside DIR, or '-'\n"
      "  --format F         standard output: table (default, worst first) or json\n"
      "                     (the report envelope; logs never mix with it)\n"
      "  --fail-on BAND     exit 4 when an affected product reaches BAND: critical,\n"
      "                     high, medium, low or none (an affected product without\n"
      "                     a score counts; so does any 'unknown' verdict unless\n"
      "                     --ignore-unknown)\n"
      "  --max-document-bytes N\n"
      "                     refuse (list as refused) an advisory larger than N bytes\n"
      "                     (default 67108864 = 64 MiB; the largest real advisories\n"
      "                     are 23 MB; memory does not grow with N: documents are\n"
      "                     streamed)\n\n"
      "exit status: 0 done, 1 error (or the update failed: stale report written; or\n"
      "             standard output could not be written: report written, not shown),\n"
      "             2 usage, 3 trust failure (report stale or none), 4 exposure at or\n"
      "             above --fail-on\n");
}

int fail(const Error& e, std::string_view prefix = {}) { return commandError("check", e, prefix); }

// Streams the report while the advisories are evaluated (one in memory at a
// time) through agent/state, which commits it to the report chain and
// DIR/reports/last.json, and to --out (state/reports.h: a failure before the
// commit leaves the previous report, the chain and --out's old content).
Result<std::string> writeReport(const std::string& state_dir, const std::string& out, check::CheckRun& run,
                                report::Digest& digest) {
  const state::Layout layout(state_dir);
  PSIRT_ASSIGN_OR_RETURN(chain, state::readReportChain(layout));
  // What the remediation journal says about each verdict's signed action.
  PSIRT_ASSIGN_OR_RETURN(states, plan::RemediationStates::load(remediate::Journal(layout)));
  report::EnvelopeStream stream(chain.sequence + 1, chain.last_sha256);
  std::string piece;
  enum { kHead, kAdvisories, kDone } phase = kHead;
  state::ReportSource source;
  source.next_chunk = [&]() -> Result<std::string_view> {
    if (phase == kHead) {
      phase = kAdvisories;
      piece = stream.begin();
    } else if (phase == kAdvisories) {
      if (auto a = run.next()) {
        states.annotate(*a, run);
        digest.add(*a);
        piece = stream.advisory(*a);
      } else {
        phase = kDone;
        piece = stream.end(run.header(), digest.totals());
      }
    } else {
      piece.clear();
    }
    return std::string_view(piece);
  };
  source.signed_sha256 = [&] { return stream.signedSha256(); };
  return state::writeReport(layout, chain, out, source);
}

// Copies a file to standard output in chunks (the JSON report can be large).
Status printFile(const std::string& path) {
  return fs::readChunks(path, 64u << 10, std::uint64_t{1} << 34, [](std::span<const std::uint8_t> chunk) -> Status {
    return fs::writeStandardOutput(std::string_view(reinterpret_cast<const char*>(chunk.data()), chunk.size()));
  });
}

}  // namespace

int runCheck(std::span<const std::string> args) {
  auto parsed = parseArgs(args, withHttpFlags({{"state"},
                                               {"sysroot"},
                                               {"repo"},
                                               {"bundle"},
                                               {"out"},
                                               {"format"},
                                               {"fail-on"},
                                               {"ignore-unknown", false},
                                               {"max-document-bytes"}}));
  if (!parsed) return usageError("check", parsed.error());
  if (parsed->has("help")) {
    printCheckHelp();
    return kExitOk;
  }
  auto usage = [](const std::string& m) { return usageError("check", makeError(ErrorCategory::kUsage, m)); };
  const auto state = parsed->get("state");
  if (!state) return usage("--state DIR is required");
  if (!parsed->positionals().empty()) return usage("unexpected argument '" + parsed->positionals()[0] + "'");
  if (parsed->has("repo") && parsed->has("bundle")) return usage("--repo and --bundle are mutually exclusive");
  const std::string format = parsed->get("format").value_or("table");
  if (format != "table" && format != "json") return usage("--format must be table or json, not '" + format + "'");
  const auto fail_on = parsed->get("fail-on");
  if (fail_on && (report::bandRank(*fail_on) < 0 || report::bandRank(*fail_on) > report::kBandNone))
    return usage("--fail-on must be critical, high, medium, low or none, not '" + *fail_on + "'");

  std::uint64_t max_document_bytes = csaf::StreamLimits{}.max_document_bytes;
  if (const auto m = parsed->get("max-document-bytes")) {
    char* end = nullptr;
    errno = 0;
    const unsigned long long n = std::strtoull(m->c_str(), &end, 10);
    if (m->empty() || *end != '\0' || errno != 0 || n < 1024 || m->front() == '-')
      return usage("--max-document-bytes must be a number of bytes of at least 1024, not '" + *m + "'");
    max_document_bytes = n;
  }

  // --out is checked before anything changes: never a device, FIFO,
  // directory or symlink, never inside DIR (fs::checkOutputPath).
  const std::string out = parsed->get("out").value_or("");
  if (parsed->has("out") && out == fs::kStandardOutput) {
    return usage("--out - is not accepted: standard output carries --format (use --format json for the report)");
  }
  if (parsed->has("out")) {
    const std::string protect[] = {*state};
    if (Status st = fs::checkOutputPath(out, protect); !st) return usageError("check", st.error().within("--out"));
  }
  auto deadline = updateDeadlineSeconds(*parsed);
  if (!deadline) return usageError("check", deadline.error());
  if (Status ca = checkCaFileFlag(*parsed); !ca) return commandError("check", ca.error());  // exit 2: kUsage

  auto lock = lockStateAndRecover(*state, "check");
  if (!lock) return fail(lock.error());

  check::CheckOptions o;
  o.state_dir = *state;
  o.sysroot = parsed->get("sysroot").value_or("");
  o.repo = parsed->get("repo").value_or("");
  o.bundle = parsed->get("bundle").value_or("");
  o.max_document_bytes = max_document_bytes;
  o.http = httpOptions(*parsed);
  o.update_deadline_seconds = *deadline;
  o.build_time = buildEpoch();
  o.agent_version = versionString();
  clock::SystemClock wall;  // through libc, so faketime works
  auto run = check::CheckRun::start(o, wall);
  if (!run) return fail(run.error());

  report::Digest digest;
  auto written = writeReport(*state, out, *run, digest);
  if (!written) return fail(written.error().within("writing the report"));
  const std::string shown = out.empty() ? *written : out;
  Status printed = format == "json" ? printFile(*written) : fs::writeStandardOutput(digest.table(run->header(), shown));
  if (printed) printed = fs::flushStandardOutput();
  // The report is committed either way (DIR/reports/last.json); a lost
  // standard output is still a failure, after the update's own error if any.
  if (!printed) fail(printed.error(), "the report is written but not shown: ");
  if (run->updateError()) return fail(*run->updateError(), "update failed, the report is stale: ");
  if (!printed) return kExitError;
  if (fail_on && digest.reachesFailOn(*fail_on, !parsed->has("ignore-unknown"))) {
    log::write("psirt-agent check", "exposure at or above " + *fail_on);
    return kExitExposure;
  }
  return kExitOk;
}

}  // namespace psirt::cli
