// Reports and the report chain (docs/formats/report.md "Envelope",
// docs/formats/state-directory.md "Reports").
//
// DIR/reports/chain, "<sequence> <sha256 hex of that report's signed bytes>\n",
// is the COMMIT RECORD of the chain: report S exists once the chain says S.
// Writing report S = chain + 1 (writeReport):
//   1. stream it into reports/pending-S.json (atomic, durable);
//   2. with --out, prepare its copy there (temp file written and fsynced,
//      not renamed): a missing directory or a full disk fails here, before
//      anything changed;
//   3. COMMIT: replace reports/chain by "S <hash>\n" atomically;
//   4. rename pending-S.json to last.json (durably);
//   5. rename the --out copy into place (durably).
// A crash before 3 leaves chain, last.json and --out as they were (the
// pending file and temp files are removed by recovery); after 3, recovery
// (repairReports, run by lockState) finishes step 4; --out then keeps its
// previous report (a gap for its reader, never a fork). Nobody can ever see
// two different reports with the same sequence: last.json and --out only
// ever receive committed reports, and the next report is chained to the
// committed one.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "agent/state/layout.h"
#include "platform/error/result.h"

namespace psirt::state {

struct ChainPosition {
  std::int64_t sequence = 0;  // of the last committed report; 0 before the first
  std::string last_sha256;    // its signed_sha256; "" before the first
};

// kParse "malformed report chain" when the file is not "<N> <64 hex>\n", N >= 1.
Result<ChainPosition> readReportChain(const Layout& layout);

struct ReportSource {
  // The envelope in pieces; an empty piece ends it. An error aborts the write.
  std::function<Result<std::string_view>()> next_chunk;
  // The envelope's signed_sha256, asked once after the last piece.
  std::function<std::string()> signed_sha256;
};

// Writes report `at.sequence + 1` chained after `at` (the caller read `at`
// with readReportChain under the state lock and built the envelope with that
// sequence and previous hash), with a copy at `out_copy` unless empty (mode
// 0644). Returns the path of last.json. Fault points: state.report.written,
// state.report.before_commit, state.report.committed, state.report.published.
Result<std::string> writeReport(const Layout& layout, const ChainPosition& at, const std::string& out_copy,
                                const ReportSource& source);

// Recovery: renames a committed pending report to last.json, removes
// uncommitted ones and abandoned temp files. A malformed chain is left alone
// (the next writeReport refuses it with a clear error).
Status repairReports(const Layout& layout);

}  // namespace psirt::state
