// The report for people and for the exit status: Digest keeps what the table
// and --fail-on need of each advisory (totals, printable clipped cells), not
// the verdicts themselves.
#include <algorithm>
#include <cstdio>

#include "agent/report/report.h"
#include "platform/log/log.h"

namespace psirt::report {
namespace {

std::optional<int> bestScore(const evaluate::ScoreSet& s) { return s.site ? s.site : s.avss ? s.avss : s.base; }

std::string scoreText(const std::optional<int>& tenths) {
  if (!tenths) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d.%d", *tenths / 10, *tenths % 10);
  return buf;
}

// The remediation a partner applies first: a vendor fix, else a workaround
// or mitigation, else what the advisory says about the absence of a fix.
std::string fixText(const evaluate::Verdict& v) {
  if (v.status == evaluate::Status::kFixed || v.status == evaluate::Status::kNotAffected) return "-";
  for (const char* category : {"vendor_fix", "workaround", "mitigation", "no_fix_planned", "none_available"}) {
    for (const auto& r : v.remediations) {
      if (r.category == category) return r.category + ": " + r.details;
    }
  }
  return "-";
}

std::string installedText(const evaluate::Verdict& v) {
  std::string out;
  for (const auto& i : v.instances) {
    if (i.installed_version.empty()) continue;
    if (!out.empty()) out += ", ";
    out += i.installed_version;
  }
  return out.empty() ? "-" : out;
}

// Every cell quotes advisory or inventory text: made printable first.
std::string clip(const std::string& text, std::size_t width) {
  std::string s = log::oneLine(text);
  if (s.size() > width) {
    std::size_t cut = width - 3;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80) --cut;  // not inside a UTF-8 sequence
    s = s.substr(0, cut) + "...";
  }
  return s;
}

constexpr const char* kRowFormat = "%-19s %-9s %-5s %-22s %-16s %-24s %-18s %-9s %s\n";

}  // namespace

struct Digest::Row {
  evaluate::Status status;
  int band_rank;
  int score;  // tenths, -1 = none
  std::string line;
};

Digest::Digest() = default;
Digest::~Digest() = default;
Digest::Digest(Digest&&) noexcept = default;
Digest& Digest::operator=(Digest&&) noexcept = default;

void Digest::add(const AdvisoryResult& a) {
  countInto(totals_, a);
  char line[1024];
  for (const auto& v : a.verdicts) {
    if (v.status == evaluate::Status::kNotInstalled) continue;
    const int rank = bandRank(v.scores.band);
    if (v.status == evaluate::Status::kUnknown) unknown_ = true;
    if (v.status == evaluate::Status::kAffected) {
      if (rank < 0 || rank == kBandUnscored) {
        unscored_affected_ = true;
      } else {
        worst_affected_band_ = std::min(worst_affected_band_, rank);
      }
    }
    const std::optional<int> best = bestScore(v.scores);
    std::snprintf(line, sizeof line, kRowFormat, std::string(evaluate::toString(v.status)).c_str(),
                  clip(v.scores.band, 9).c_str(), scoreText(best).c_str(), clip(a.tracking_id, 22).c_str(),
                  clip(v.vulnerability, 16).c_str(), clip(v.product, 24).c_str(), clip(installedText(v), 18).c_str(),
                  std::string(evaluate::toString(v.basis)).c_str(), clip(fixText(v), 70).c_str());
    rows_.push_back(Row{v.status, rank < 0 ? kBandCount : rank, best ? *best : -1, line});
  }
}

bool Digest::reachesFailOn(std::string_view band, bool unknown_counts) const {
  if (unknown_counts && unknown_) return true;
  // An affected verdict without a score: severity unknown, counts for any band.
  return unscored_affected_ || worst_affected_band_ <= bandRank(band);
}

std::string Digest::table(const Report& r, const std::string& report_path) const {
  std::vector<const Row*> rows;
  rows.reserve(rows_.size());
  for (const Row& row : rows_) rows.push_back(&row);
  std::stable_sort(rows.begin(), rows.end(), [](const Row* x, const Row* y) {
    if (x->status != y->status) return x->status < y->status;
    if (x->band_rank != y->band_rank) return x->band_rank < y->band_rank;
    return x->score > y->score;
  });

  std::string out;
  char line[1024];
  const char* scan = r.scan.image ? "image scan of " : "device ";
  // The OS as os-release names it; its validated ID and VERSION_ID when PRETTY_NAME was absent or refused.
  std::string os = r.scan.os_pretty_name;
  if (os.empty() && !r.scan.os_id.empty())
    os = r.scan.os_id + (r.scan.os_version.empty() ? "" : " " + r.scan.os_version);
  if (os.empty()) os = "unknown OS";
  std::snprintf(line, sizeof line, "psirt-agent check: %s%s (%s)\n", scan, log::oneLine(r.scan.sysroot).c_str(),
                log::oneLine(os).c_str());
  out += line;
  std::snprintf(line, sizeof line, "trust: %s, root v%lld, targets v%lld, snapshot v%lld%s\n",
                r.trust.source.c_str(), static_cast<long long>(r.trust.root_version),
                static_cast<long long>(r.trust.targets_version), static_cast<long long>(r.trust.snapshot_version),
                r.trust.stale ? ", STALE (update failed; last complete set evaluated)" : "");
  out += line;
  out += "\n";
  std::snprintf(line, sizeof line, kRowFormat, "STATUS", "BAND", "SCORE", "ADVISORY", "VULNERABILITY", "PRODUCT",
                "INSTALLED", "BASIS", "FIX");
  out += line;
  for (const Row* row : rows) out += row->line;
  if (rows.empty()) out += "(no installed product is named by any advisory)\n";
  const Totals& t = totals_;
  out += "\n";
  std::snprintf(
      line, sizeof line,
      "%d advisories, %d verdicts: %d affected (critical %d, high %d, medium %d, low %d, none %d, "
      "unscored %d), %d under investigation, %d unknown, %d fixed, %d not affected, %d not installed\n",
      t.advisories, t.verdicts, t.affected, t.by_band[kBandCritical], t.by_band[kBandHigh],
      t.by_band[kBandMedium], t.by_band[kBandLow], t.by_band[kBandNone], t.by_band[kBandUnscored],
      t.under_investigation, t.unknown, t.fixed, t.not_affected, t.not_installed);
  out += line;
  for (const auto& d : r.refused) out += log::oneLine("refused: " + d.target + ": " + d.reason) + "\n";
  for (const auto& w : r.withdrawn) out += log::oneLine("withdrawn: " + w) + "\n";
  for (const auto& e : r.inventory.ecosystems) {
    if (e.partial) out += "partial inventory: " + log::oneLine(e.name) + " (verdicts on it may be unknown)\n";
  }
  if (!report_path.empty()) out += "report: " + log::oneLine(report_path) + "\n";
  return out;
}

std::string toTable(const Report& r, const std::string& report_path) {
  Digest d;
  for (const auto& a : r.advisories) d.add(a);
  return d.table(r, report_path);
}

bool reachesFailOn(const Report& r, std::string_view band, bool unknown_counts) {
  Digest d;
  for (const auto& a : r.advisories) d.add(a);
  return d.reachesFailOn(band, unknown_counts);
}

}  // namespace psirt::report
