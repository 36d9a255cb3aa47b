// The exposure report (docs/design.md#report; docs/formats/report.md, JSON Schema
// docs/formats/report.schema.json): what `psirt-agent check` found, as a
// partner and the collector read it.
//
// The model is plain data filled by agent/check; this component only turns it
// into bytes: the report JSON ("format": "psirt-agent-report/1"), the signed
// envelope around it, the table for people, and the --fail-on decision.
// Pure: no I/O, no clock.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/evaluate/verdict.h"
#include "platform/error/result.h"

namespace psirt::report {

inline constexpr std::string_view kFormat = "psirt-agent-report/1";
inline constexpr std::string_view kEnvelopeFormat = "psirt-agent-envelope/1";

struct TrustSummary {
  std::string source;  // "repository", "bundle" or "store" (no source given)
  std::int64_t set_sequence = 0;
  std::int64_t root_version = 0, timestamp_version = 0, snapshot_version = 0, targets_version = 0;
  std::optional<std::int64_t> issued;  // x-psirt-issued, Unix seconds
  std::int64_t expires = 0;            // earliest expiry of the evaluated set
  std::int64_t time_floor = 0;
  bool clock_behind_floor = false;
  bool stale = false;        // the update of this run failed: the last complete set was evaluated
  std::string stale_reason;  // the update's error line
};

struct InventorySummary {
  std::string digest;  // sha256 hex of the evaluated items (stable order)
  std::size_t items = 0;
  struct Ecosystem {
    std::string name;
    std::size_t items = 0;
    bool partial = false;
  };
  std::vector<Ecosystem> ecosystems;
  std::vector<std::string> warnings;  // "file:line: message", at most a few hundred
};

struct AdvisoryResult {
  std::string target;       // TUF target name, e.g. advisories/oxe-2024-001.json
  std::string tracking_id;  // document.tracking.id
  std::string version;      // document.tracking.version
  std::string status;       // final / interim
  std::string title;
  std::string edition;      // "Ed.NN" from the revision count (the seeds' numbering)
  std::string current_release_date;
  std::vector<evaluate::Verdict> verdicts;
  std::vector<std::string> document_errors;
};

struct RefusedDocument {
  std::string target;
  std::string reason;  // one line
};

struct Report {
  std::string agent_version;
  std::int64_t generated_at = 0;  // Unix seconds
  struct Device {
    std::string hostname;
    std::string machine_id_hash;  // sha256 hex of "psirt-agent:" + /etc/machine-id, empty if none
  } device;
  struct Scan {  // the system whose software was evaluated
    bool image = false;  // true for --sysroot: an image scan, not the running device
    std::string sysroot;
    std::string os_id, os_version, os_pretty_name;
  } scan;
  TrustSummary trust;
  InventorySummary inventory;
  std::vector<AdvisoryResult> advisories;
  std::vector<std::string> withdrawn;  // advisory targets in the previous set, gone from this one
  std::vector<std::string> missing_artifacts;
  std::vector<RefusedDocument> refused;
};

// Bands as ranks, worst first: the index of Totals::by_band and the order of
// the table. "unscored" (no score at all) ranks after "none", as unknown
// severity; --fail-on takes critical..none.
enum BandRank : int {
  kBandCritical = 0,
  kBandHigh,
  kBandMedium,
  kBandLow,
  kBandNone,
  kBandUnscored,
  kBandCount,  // the number of bands (also: ranks after every band)
};
// The rank of a band name (case-insensitive), -1 for an unknown name.
int bandRank(std::string_view band);

struct Totals {
  int advisories = 0, verdicts = 0;
  int affected = 0, under_investigation = 0, unknown = 0, fixed = 0, not_affected = 0, not_installed = 0;
  int by_band[kBandCount] = {};  // affected verdicts by band rank
};
Totals totals(const Report& r);
// Adds one advisory's verdicts to `t` (the one counting rule of totals()).
void countInto(Totals& t, const AdvisoryResult& a);

// The report object as JSON text (pretty, ends with '\n').
std::string toJson(const Report& r);

// What the CLI needs of the verdicts once they are written: totals, the
// --fail-on inputs and the table rows (cells already made printable and
// clipped), WITHOUT keeping the verdicts. Fed one advisory at a time.
class Digest {
 public:
  Digest();
  ~Digest();
  Digest(Digest&&) noexcept;
  Digest& operator=(Digest&&) noexcept;
  void add(const AdvisoryResult& a);
  const Totals& totals() const { return totals_; }
  bool reachesFailOn(std::string_view band, bool unknown_counts) const;
  // The table of `header` (scan, trust, refused, withdrawn, inventory) with
  // the rows added so far, worst first.
  std::string table(const Report& header, const std::string& report_path) const;

 private:
  struct Row;
  std::vector<Row> rows_;
  Totals totals_;
  bool unknown_ = false, unscored_affected_ = false;
  int worst_affected_band_ = kBandCount;  // best rank (kBandCritical first) among scored affected verdicts
};

// Writes the envelope as canonical compact JSON, one advisory at a time, so
// a report of any size costs the memory of one advisory (docs/formats/
// report.md "Envelope"). begin(), advisory() per advisory, end() with the
// rest of the report; concatenated, the pieces are the envelope file. The
// sha256 of the "signed" value is computed on the way.
class EnvelopeStream {
 public:
  EnvelopeStream(std::int64_t sequence, std::string previous);
  ~EnvelopeStream();
  std::string begin();
  std::string advisory(const AdvisoryResult& a);
  // `rest`: the report without its advisories (they were streamed);
  // `totals`: of every streamed advisory.
  std::string end(const Report& rest, const Totals& totals);
  const std::string& signedSha256() const { return signed_sha256_; }

 private:
  std::string hashed(std::string bytes);
  struct HashState;
  std::unique_ptr<HashState> hash_;
  std::int64_t sequence_;
  std::string previous_, signed_sha256_;
  bool first_ = true;
};

// The envelope (docs/formats/report.md "Envelope"): {"format", "signed":
// {"sequence", "previous", "report"}, "signatures": [...]}. The signature
// covers the OLPC canonical JSON of "signed"; `previous` is the sha256 hex of
// the previous envelope's canonical signed bytes ("" for the first report).
// This milestone writes it unsigned ("signatures": [] and "unsigned": true).
struct Envelope {
  std::string text;           // the file content
  std::string signed_sha256;  // sha256 hex of the canonical signed bytes (the next `previous`)
};
Result<Envelope> makeUnsignedEnvelope(const Report& r, std::int64_t sequence, const std::string& previous);

// Rows worst first (status, then band, then score) with basis and the fix to
// apply; not-installed rows are counted in the footer, not listed.
// (Digest(r.advisories).table(r, path).)
std::string toTable(const Report& r, const std::string& report_path);

// --fail-on BAND (exit 4, docs/design.md#command-lines-and-exit-status): whether any affected verdict has a band
// at or above `band` (an affected verdict without a score counts), or any
// verdict is unknown while `unknown_counts`. `band` must be valid (bandRank >= 0).
bool reachesFailOn(const Report& r, std::string_view band, bool unknown_counts);

}  // namespace psirt::report
