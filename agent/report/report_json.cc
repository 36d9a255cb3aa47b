// The report and its envelope as JSON (docs/formats/report.md).
#include <algorithm>
#include <cctype>

#include "agent/json/json_internal.h"
#include "agent/report/report.h"
#include "platform/crypto/crypto.h"

namespace psirt::report {
namespace {

using nlohmann::json;
// Band names by rank (BandRank).
constexpr const char* kBands[kBandCount] = {"critical", "high", "medium",
                                            "low",      "none", evaluate::kUnscoredBand};

// Inventory strings come from files on the scanned system and may hold
// invalid UTF-8: replaced by U+FFFD rather than failing the whole report.
std::string dumpText(const json& value, int indent) {
  return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Tenths of a point as a JSON number with one decimal (7.5), or null.
json score(const std::optional<int>& tenths) {
  if (!tenths) return nullptr;
  return static_cast<double>(*tenths) / 10.0;
}

json anchorJson(const evaluate::Anchor& a) {
  return {{"product_id", a.product_id}, {"list", a.list}, {"version", a.version}};
}

json verdictJson(const evaluate::Verdict& v) {
  json instances = json::array();
  for (const auto& i : v.instances) {
    json inst = {{"item", i.item},
                 {"installed_version", i.installed_version},
                 {"status", evaluate::toString(i.status)},
                 {"basis", evaluate::toString(i.basis)},
                 {"rule", static_cast<int>(i.rule)},
                 {"anchor", anchorJson(i.anchor)}};
    if (!i.reason.empty()) inst["reason"] = i.reason;
    instances.push_back(std::move(inst));
  }
  json remediations = json::array();
  for (const auto& r : v.remediations) {
    json rem = {{"category", r.category}, {"details", r.details}};
    if (!r.url.empty()) rem["url"] = r.url;
    remediations.push_back(std::move(rem));
  }
  const auto& s = v.scores;
  return {{"vulnerability", v.vulnerability},
          {"product", v.product},
          {"product_ids", v.product_ids},
          {"status", evaluate::toString(v.status)},
          {"basis", evaluate::toString(v.basis)},
          {"rule", static_cast<int>(v.rule)},
          {"anchor", anchorJson(v.anchor)},
          {"scores",
           {{"base", score(s.base)},
            {"base_vector", s.base_vector},
            {"avss", score(s.avss)},
            {"avss_vector", s.avss_vector},
            {"site", score(s.site)},
            {"site_vector", s.site_vector}}},
          // Only verdicts that expose something carry a band (evaluation.md R7).
          {"band", s.band.empty() ? json(nullptr) : json(lower(s.band))},
          {"remediations", remediations},
          // Remediation is planned and applied from milestone 2 (plan/apply).
          {"remediation_state", "not_planned"},
          {"evidence", instances}};
}

// One advisory. not_installed verdicts are counted, not listed: on a large
// repository they are most verdicts and say nothing about this system.
json advisoryJson(const AdvisoryResult& a) {
  json verdicts = json::array();
  int not_installed = 0;
  json by_vulnerability = json::object();
  for (const auto& v : a.verdicts) {
    if (v.status == evaluate::Status::kNotInstalled) {
      ++not_installed;
      auto& n = by_vulnerability[v.vulnerability];
      n = n.is_null() ? 1 : n.get<int>() + 1;
    } else {
      verdicts.push_back(verdictJson(v));
    }
  }
  return {{"target", a.target},
          {"tracking_id", a.tracking_id},
          {"version", a.version},
          {"status", a.status},
          {"title", a.title},
          {"edition", a.edition},
          {"current_release_date", a.current_release_date},
          {"verdicts", verdicts},
          {"not_installed", not_installed},
          {"not_installed_by_vulnerability", by_vulnerability},
          {"document_errors", a.document_errors}};
}

// The report without "advisories" (which sorts first and is streamed).
json reportRestJson(const Report& r, const Totals& t) {
  json trust = {{"source", r.trust.source},
                {"set_sequence", r.trust.set_sequence},
                {"root_version", r.trust.root_version},
                {"timestamp_version", r.trust.timestamp_version},
                {"snapshot_version", r.trust.snapshot_version},
                {"targets_version", r.trust.targets_version},
                {"issued", r.trust.issued ? json(*r.trust.issued) : json(nullptr)},
                {"expires", r.trust.expires},
                {"time_floor", r.trust.time_floor},
                {"clock_behind_floor", r.trust.clock_behind_floor},
                {"stale", r.trust.stale}};
  if (r.trust.stale) trust["stale_reason"] = r.trust.stale_reason;

  json ecosystems = json::array();
  for (const auto& e : r.inventory.ecosystems)
    ecosystems.push_back({{"name", e.name}, {"items", e.items}, {"partial", e.partial}});

  json refused = json::array();
  for (const auto& d : r.refused) refused.push_back({{"target", d.target}, {"reason", d.reason}});

  json by_band = json::object();
  for (int i = 0; i < kBandCount; ++i) by_band[kBands[i]] = t.by_band[i];

  return {{"format", kFormat},
          {"agent_version", r.agent_version},
          {"generated_at", r.generated_at},
          {"device", {{"hostname", r.device.hostname}, {"machine_id_hash", r.device.machine_id_hash}}},
          {"scan",
           {{"kind", r.scan.image ? "image scan" : "device"},
            {"sysroot", r.scan.sysroot},
            {"os_id", r.scan.os_id},
            {"os_version", r.scan.os_version},
            {"os_pretty_name", r.scan.os_pretty_name}}},
          {"trust", trust},
          {"inventory",
           {{"digest", r.inventory.digest},
            {"items", r.inventory.items},
            {"ecosystems", ecosystems},
            {"warnings", r.inventory.warnings}}},
          {"withdrawn", r.withdrawn},
          {"missing_artifacts", r.missing_artifacts},
          {"refused", refused},
          {"totals",
           {{"advisories", t.advisories},
            {"verdicts", t.verdicts},
            {"by_status",
             {{"affected", t.affected},
              {"under_investigation", t.under_investigation},
              {"unknown", t.unknown},
              {"fixed", t.fixed},
              {"not_affected", t.not_affected},
              {"not_installed", t.not_installed}}},
            {"affected_by_band", by_band}}}};
}

json reportJson(const Report& r) {
  json out = reportRestJson(r, totals(r));
  json advisories = json::array();
  for (const auto& a : r.advisories) advisories.push_back(advisoryJson(a));
  out["advisories"] = std::move(advisories);
  return out;
}

}  // namespace

int bandRank(std::string_view band) {
  const std::string b = lower(band);
  for (int i = 0; i < kBandCount; ++i) {
    if (b == kBands[i]) return i;
  }
  return -1;
}

void countInto(Totals& t, const AdvisoryResult& a) {
  ++t.advisories;
  for (const auto& v : a.verdicts) {
    ++t.verdicts;
    switch (v.status) {
      case evaluate::Status::kAffected: {
        ++t.affected;
        const int rank = bandRank(v.scores.band);
        ++t.by_band[rank < 0 ? kBandUnscored : rank];
        break;
      }
      case evaluate::Status::kUnderInvestigation: ++t.under_investigation; break;
      case evaluate::Status::kUnknown: ++t.unknown; break;
      case evaluate::Status::kFixed: ++t.fixed; break;
      case evaluate::Status::kNotAffected: ++t.not_affected; break;
      case evaluate::Status::kNotInstalled: ++t.not_installed; break;
    }
  }
}

Totals totals(const Report& r) {
  Totals t;
  for (const auto& a : r.advisories) countInto(t, a);
  return t;
}

std::string toJson(const Report& r) { return dumpText(reportJson(r), 2) + "\n"; }

struct EnvelopeStream::HashState {
  crypto::Hasher hasher{crypto::HashAlgorithm::kSha256};
};

EnvelopeStream::EnvelopeStream(std::int64_t sequence, std::string previous)
    : hash_(std::make_unique<HashState>()), sequence_(sequence), previous_(std::move(previous)) {}
EnvelopeStream::~EnvelopeStream() = default;

std::string EnvelopeStream::hashed(std::string bytes) {
  hash_->hasher.update(crypto::asBytes(bytes));
  return bytes;
}

// Canonical bytes (docs/formats/report.md): compact, keys sorted by UTF-8
// bytes, shortest round-trip numbers, no whitespace. Keys of "signed" sort as
// previous < report < sequence; inside the report "advisories" sorts first,
// so it can be streamed before the rest. OLPC canonical JSON (TUF's) cannot
// carry the CVSS scores.
std::string EnvelopeStream::begin() {
  std::string head = R"({"format":")" + std::string(kEnvelopeFormat) + R"(","signatures":[],"signed":)";
  return head + hashed(R"({"previous":)" + dumpText(json(previous_), -1) + R"(,"report":{"advisories":[)");
}

std::string EnvelopeStream::advisory(const AdvisoryResult& a) {
  std::string piece = first_ ? std::string() : std::string(",");
  first_ = false;
  return hashed(piece + dumpText(advisoryJson(a), -1));
}

std::string EnvelopeStream::end(const Report& rest, const Totals& totals) {
  std::string tail = dumpText(reportRestJson(rest, totals), -1);  // {"agent_version":...}
  std::string body = hashed("]," + tail.substr(1) + R"(,"sequence":)" + std::to_string(sequence_) + "}");
  signed_sha256_ = crypto::toHex(hash_->hasher.finish());
  return body + R"(,"signed_sha256":")" + signed_sha256_ + R"(","unsigned":true})" + "\n";
}

Result<Envelope> makeUnsignedEnvelope(const Report& r, std::int64_t sequence, const std::string& previous) {
  EnvelopeStream stream(sequence, previous);
  Envelope e;
  e.text = stream.begin();
  for (const auto& a : r.advisories) e.text += stream.advisory(a);
  e.text += stream.end(r, totals(r));
  e.signed_sha256 = stream.signedSha256();
  return e;
}

}  // namespace psirt::report
