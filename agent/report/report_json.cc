// The report and its envelope as JSON (docs/formats/report.md).
#include <algorithm>
#include <cctype>
#include <map>

#include "agent/json/value.h"
#include "agent/report/report.h"
#include "platform/crypto/crypto.h"

namespace psirt::report {
namespace {

using json::Value;
// Band names by rank (BandRank).
constexpr const char* kBands[kBandCount] = {"critical", "high", "medium", "low", "none", evaluate::kUnscoredBand};

// Value::dump replaces invalid UTF-8 by U+FFFD: inventory strings come from
// files on the scanned system and must not fail the whole report.

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Tenths of a point as a JSON number with one decimal (7.5), or null.
Value score(const std::optional<int>& tenths) {
  if (!tenths) return nullptr;
  return static_cast<double>(*tenths) / 10.0;
}

Value stringList(const std::vector<std::string>& strings) {
  Value out = Value::array();
  for (const auto& s : strings) out.push(s);
  return out;
}

Value anchorJson(const evaluate::Anchor& a) {
  return Value::object({{"product_id", a.product_id}, {"list", a.list}, {"version", a.version}});
}

Value instanceJson(const evaluate::InstanceVerdict& i) {
  Value inst = Value::object({{"item", i.item},
                              {"installed_version", i.installed_version},
                              {"status", evaluate::toString(i.status)},
                              {"basis", evaluate::toString(i.basis)},
                              {"rule", static_cast<int>(i.rule)}});
  inst.set("anchor", anchorJson(i.anchor));
  if (!i.reason.empty()) inst.set("reason", i.reason);
  return inst;
}

Value scoresJson(const evaluate::ScoreSet& s) {
  return Value::object({{"base", score(s.base)},
                        {"base_vector", s.base_vector},
                        {"avss", score(s.avss)},
                        {"avss_vector", s.avss_vector},
                        {"site", score(s.site)},
                        {"site_vector", s.site_vector}});
}

Value verdictJson(const evaluate::Verdict& v) {
  Value instances = Value::array();
  for (const auto& i : v.instances) instances.push(instanceJson(i));
  Value remediations = Value::array();
  for (const auto& r : v.remediations) {
    Value rem = Value::object({{"category", r.category}, {"details", r.details}});
    if (!r.url.empty()) rem.set("url", r.url);
    remediations.push(std::move(rem));
  }
  Value out = Value::object({{"vulnerability", v.vulnerability},
                             {"product", v.product},
                             {"status", evaluate::toString(v.status)},
                             {"basis", evaluate::toString(v.basis)},
                             {"rule", static_cast<int>(v.rule)},
                             // Only verdicts that expose something carry a band (evaluation.md R7).
                             {"band", v.scores.band.empty() ? Value(nullptr) : Value(lower(v.scores.band))},
                             {"remediation_state", v.remediation.state}});
  if (!v.remediation.action.empty()) {
    Value r = Value::object({{"action", v.remediation.action}, {"action_target", v.remediation.action_target}});
    if (!v.remediation.transaction.empty()) r.set("transaction", v.remediation.transaction);
    if (!v.remediation.before.empty()) r.set("before", v.remediation.before);
    out.set("remediation", std::move(r));
  }
  out.set("product_ids", stringList(v.product_ids));
  out.set("anchor", anchorJson(v.anchor));
  out.set("scores", scoresJson(v.scores));
  out.set("remediations", std::move(remediations));
  out.set("evidence", std::move(instances));
  return out;
}

// One advisory. not_installed verdicts are counted, not listed: on a large
// repository they are most verdicts and say nothing about this system.
Value advisoryJson(const AdvisoryResult& a) {
  Value verdicts = Value::array();
  int not_installed = 0;
  std::map<std::string_view, int> by_vulnerability;  // key order = the object's (bytes)
  for (const auto& v : a.verdicts) {
    if (v.status == evaluate::Status::kNotInstalled) {
      ++not_installed;
      ++by_vulnerability[v.vulnerability];
    } else {
      verdicts.push(verdictJson(v));
    }
  }
  Value counts = Value::object();
  for (const auto& [vulnerability, n] : by_vulnerability) counts.set(vulnerability, n);
  Value out = Value::object({{"target", a.target},
                             {"tracking_id", a.tracking_id},
                             {"version", a.version},
                             {"status", a.status},
                             {"title", a.title},
                             {"edition", a.edition},
                             {"current_release_date", a.current_release_date},
                             {"not_installed", not_installed}});
  out.set("verdicts", std::move(verdicts));
  out.set("not_installed_by_vulnerability", std::move(counts));
  out.set("document_errors", stringList(a.document_errors));
  return out;
}

Value trustJson(const TrustSummary& t) {
  Value trust = Value::object({{"source", t.source},
                               {"set_sequence", t.set_sequence},
                               {"root_version", t.root_version},
                               {"timestamp_version", t.timestamp_version},
                               {"snapshot_version", t.snapshot_version},
                               {"targets_version", t.targets_version},
                               {"issued", t.issued ? Value(*t.issued) : Value(nullptr)},
                               {"expires", t.expires},
                               {"time_floor", t.time_floor},
                               {"clock_behind_floor", t.clock_behind_floor},
                               {"stale", t.stale}});
  if (t.stale) trust.set("stale_reason", t.stale_reason);
  return trust;
}

Value inventoryJson(const InventorySummary& inv) {
  Value ecosystems = Value::array();
  for (const auto& e : inv.ecosystems) {
    ecosystems.push(Value::object({{"name", e.name}, {"items", e.items}, {"partial", e.partial}}));
  }
  Value out = Value::object({{"digest", inv.digest}, {"items", inv.items}});
  out.set("ecosystems", std::move(ecosystems));
  out.set("warnings", stringList(inv.warnings));
  return out;
}

Value totalsJson(const Totals& t) {
  Value by_band = Value::object();
  for (int i = 0; i < 6; ++i) by_band.set(kBands[i], t.by_band[i]);
  Value out = Value::object({{"advisories", t.advisories},
                             {"verdicts", t.verdicts},
                             {"by_status", Value::object({{"affected", t.affected},
                                                          {"under_investigation", t.under_investigation},
                                                          {"unknown", t.unknown},
                                                          {"fixed", t.fixed},
                                                          {"not_affected", t.not_affected},
                                                          {"not_installed", t.not_installed}})}});
  out.set("affected_by_band", std::move(by_band));
  return out;
}

// The report without "advisories" (which sorts first and is streamed).
Value reportRestJson(const Report& r, const Totals& t) {
  Value refused = Value::array();
  for (const auto& d : r.refused) refused.push(Value::object({{"target", d.target}, {"reason", d.reason}}));
  Value out = Value::object(
      {{"format", kFormat},
       {"agent_version", r.agent_version},
       {"generated_at", r.generated_at},
       {"device", Value::object({{"hostname", r.device.hostname}, {"machine_id_hash", r.device.machine_id_hash}})},
       {"scan", Value::object({{"kind", r.scan.image ? "image scan" : "device"},
                               {"sysroot", r.scan.sysroot},
                               {"os_id", r.scan.os_id},
                               {"os_version", r.scan.os_version},
                               {"os_pretty_name", r.scan.os_pretty_name}})}});
  out.set("trust", trustJson(r.trust));
  out.set("inventory", inventoryJson(r.inventory));
  out.set("withdrawn", stringList(r.withdrawn));
  out.set("missing_artifacts", stringList(r.missing_artifacts));
  out.set("refused", std::move(refused));
  out.set("totals", totalsJson(t));
  return out;
}

Value reportJson(const Report& r) {
  Value out = reportRestJson(r, totals(r));
  Value advisories = Value::array();
  for (const auto& a : r.advisories) advisories.push(advisoryJson(a));
  out.set("advisories", std::move(advisories));
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

std::string toJson(const Report& r) { return reportJson(r).dump(2) + "\n"; }

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
  return head + hashed(R"({"previous":)" + Value(previous_).dump() + R"(,"report":{"advisories":[)");
}

std::string EnvelopeStream::advisory(const AdvisoryResult& a) {
  std::string piece = first_ ? std::string() : std::string(",");
  first_ = false;
  return hashed(piece + advisoryJson(a).dump());
}

std::string EnvelopeStream::end(const Report& rest, const Totals& totals) {
  std::string tail = reportRestJson(rest, totals).dump();  // {"agent_version":...}
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
