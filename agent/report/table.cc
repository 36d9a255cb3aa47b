// The report as a table for a partner: worst first, what decided, what to do.
#include <algorithm>
#include <cstdio>

#include "agent/report/report.h"
#include "platform/log/log.h"

namespace psirt::report {
namespace {

struct Row {
  const AdvisoryResult* advisory;
  const evaluate::Verdict* verdict;
};

std::string scoreText(const evaluate::ScoreSet& s) {
  const std::optional<int>& best = s.site ? s.site : s.avss ? s.avss : s.base;
  if (!best) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d.%d", *best / 10, *best % 10);
  return buf;
}

int bestTenths(const evaluate::ScoreSet& s) {
  const std::optional<int>& best = s.site ? s.site : s.avss ? s.avss : s.base;
  return best ? *best : -1;
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

}  // namespace

std::string toTable(const Report& r, const std::string& report_path) {
  std::vector<Row> rows;
  for (const auto& a : r.advisories) {
    for (const auto& v : a.verdicts) {
      if (v.status != evaluate::Status::kNotInstalled) rows.push_back({&a, &v});
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
    if (x.verdict->status != y.verdict->status) return x.verdict->status < y.verdict->status;
    const int bx = bandRank(x.verdict->scores.band), by = bandRank(y.verdict->scores.band);
    if (bx != by) return bx < by;
    return bestTenths(x.verdict->scores) > bestTenths(y.verdict->scores);
  });

  std::string out;
  char line[1024];
  const char* scan = r.scan.image ? "image scan of " : "device ";
  std::snprintf(line, sizeof line, "psirt-agent check: %s%s (%s)\n", scan, log::oneLine(r.scan.sysroot).c_str(),
                r.scan.os_pretty_name.empty() ? "unknown OS" : log::oneLine(r.scan.os_pretty_name).c_str());
  out += line;
  std::snprintf(line, sizeof line, "trust: %s, root v%lld, targets v%lld, snapshot v%lld%s\n",
                r.trust.source.c_str(), static_cast<long long>(r.trust.root_version),
                static_cast<long long>(r.trust.targets_version), static_cast<long long>(r.trust.snapshot_version),
                r.trust.stale ? ", STALE (update failed; last complete set evaluated)" : "");
  out += line;
  out += "\n";
  std::snprintf(line, sizeof line, "%-19s %-9s %-5s %-22s %-16s %-24s %-18s %-9s %s\n", "STATUS", "BAND", "SCORE",
                "ADVISORY", "VULNERABILITY", "PRODUCT", "INSTALLED", "BASIS", "FIX");
  out += line;
  for (const Row& row : rows) {
    const auto& v = *row.verdict;
    std::snprintf(line, sizeof line, "%-19s %-9s %-5s %-22s %-16s %-24s %-18s %-9s %s\n",
                  std::string(evaluate::toString(v.status)).c_str(), v.scores.band.c_str(),
                  scoreText(v.scores).c_str(), clip(row.advisory->tracking_id, 22).c_str(),
                  clip(v.vulnerability, 16).c_str(), clip(v.product, 24).c_str(),
                  clip(installedText(v), 18).c_str(), std::string(evaluate::toString(v.basis)).c_str(),
                  clip(fixText(v), 70).c_str());
    out += line;
  }
  if (rows.empty()) out += "(no installed product is named by any advisory)\n";
  const Totals t = totals(r);
  out += "\n";
  std::snprintf(line, sizeof line,
                "%d advisories, %d verdicts: %d affected (critical %d, high %d, medium %d, low %d, none %d, "
                "unscored %d), %d under investigation, %d unknown, %d fixed, %d not affected, %d not installed\n",
                t.advisories, t.verdicts, t.affected, t.by_band[0], t.by_band[1], t.by_band[2], t.by_band[3],
                t.by_band[4], t.by_band[5], t.under_investigation, t.unknown, t.fixed, t.not_affected,
                t.not_installed);
  out += line;
  for (const auto& d : r.refused) out += log::oneLine("refused: " + d.target + ": " + d.reason) + "\n";
  for (const auto& w : r.withdrawn) out += log::oneLine("withdrawn: " + w) + "\n";
  for (const auto& e : r.inventory.ecosystems) {
    if (e.partial) out += "partial inventory: " + e.name + " (verdicts on it may be unknown)\n";
  }
  if (!report_path.empty()) out += "report: " + report_path + "\n";
  return out;
}

}  // namespace psirt::report
