#include "agent/state/reports.h"

#include <optional>

#include "platform/fs/fault_injection.h"
#include "platform/fs/fs.h"

namespace psirt::state {
namespace {

constexpr std::string_view kPendingPrefix = "pending-";
constexpr std::string_view kPendingSuffix = ".json";

// The S of "pending-S.json"; nullopt for any other name.
std::optional<std::int64_t> pendingSequence(std::string_view name) {
  if (name.size() <= kPendingPrefix.size() + kPendingSuffix.size() || name.substr(0, kPendingPrefix.size()) != kPendingPrefix ||
      name.substr(name.size() - kPendingSuffix.size()) != kPendingSuffix)
    return std::nullopt;
  const std::string_view digits =
      name.substr(kPendingPrefix.size(), name.size() - kPendingPrefix.size() - kPendingSuffix.size());
  if (digits.size() > 15) return std::nullopt;
  std::int64_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

Result<ChainPosition> readReportChain(const Layout& layout) {
  const std::string path = layout.reportChain();
  ChainPosition c;
  PSIRT_ASSIGN_OR_RETURN(present, fs::exists(path));
  if (!present) return c;
  PSIRT_ASSIGN_OR_RETURN(text, fs::readFile(path, 256));
  // "<decimal> <64 lower-case hex>\n", parsed by hand (no scanf in the agent).
  const std::size_t sp = text.find(' ');
  std::int64_t seq = 0;
  bool ok = sp != std::string::npos && sp > 0 && sp <= 15 && text.size() >= sp + 65;
  for (std::size_t i = 0; ok && i < sp; ++i) {
    if (text[i] < '0' || text[i] > '9') ok = false;
    seq = seq * 10 + (text[i] - '0');
  }
  const std::string hex = ok ? text.substr(sp + 1, 64) : std::string();
  if (!ok || seq < 1 || !isSha256Hex(hex)) return makeError(ErrorCategory::kParse, "malformed report chain", path);
  c.sequence = seq;
  c.last_sha256 = hex;
  return c;
}

Result<std::string> writeReport(const Layout& layout, const ChainPosition& at, const std::string& out_copy,
                                const ReportSource& source) {
  PSIRT_TRY(fs::makeDirectories(layout.reportsDir(), 0700));
  const std::int64_t sequence = at.sequence + 1;
  const std::string pending = layout.pendingReport(sequence);
  PSIRT_TRY(fs::writeFileAtomicChunked(pending, 0600, source.next_chunk));
  PSIRT_FAULT_POINT("state.report.written");
  auto discard = [&](const Error& e) -> Error {
    (void)fs::removeFile(pending);
    return e;
  };
  std::optional<fs::PreparedReplace> out;
  if (!out_copy.empty()) {
    auto prepared = fs::PreparedReplace::copyOf(pending, out_copy, 0644);
    if (!prepared) return discard(prepared.error());
    out.emplace(std::move(*prepared));
  }
  PSIRT_FAULT_POINT("state.report.before_commit");
  const std::string record = std::to_string(sequence) + " " + source.signed_sha256() + "\n";
  if (Status st = fs::writeFileAtomic(layout.reportChain(), record, 0600); !st) return discard(st.error());
  PSIRT_FAULT_POINT("state.report.committed");
  // Committed: from here on an error leaves the rest to recovery.
  PSIRT_TRY(fs::renameDurably(pending, layout.lastReport()));
  PSIRT_FAULT_POINT("state.report.published");
  if (out) PSIRT_TRY(out->commit());
  return layout.lastReport();
}

Status repairReports(const Layout& layout) {
  const std::string dir = layout.reportsDir();
  PSIRT_ASSIGN_OR_RETURN(present, fs::exists(dir));
  if (!present) return okStatus();
  fs::removeAbandonedTemps(dir);
  auto chain = readReportChain(layout);
  if (!chain) return okStatus();  // refused with its own error by the next writeReport
  PSIRT_ASSIGN_OR_RETURN(entries, fs::listDirectory(dir));
  for (const auto& e : entries) {
    if (!e.is_regular) continue;
    const auto s = pendingSequence(e.name);
    const std::string path = fs::joinPath(dir, e.name);
    if (s && *s == chain->sequence) {
      PSIRT_TRY(fs::renameDurably(path, layout.lastReport()));  // committed: finish step 4
    } else if (s || e.name == "pending.json") {                 // uncommitted (pending.json: older agents)
      PSIRT_TRY(fs::removeFile(path));
    }
  }
  return okStatus();
}

}  // namespace psirt::state
