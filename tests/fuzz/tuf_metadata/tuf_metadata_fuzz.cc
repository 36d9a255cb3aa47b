// Property fuzzer of TUF metadata against the ordered TrustedState.
//
// A fixed repository (one Ed25519 key per top-level role, labels "fuzz/…",
// every role version 1, expiring 2030) is trusted up to the stage before the
// offered role. The first input byte picks the role (bits 0-1: root,
// timestamp, snapshot, targets) and the mode (bit 2): 0 = the rest is a whole
// metadata file, offered as is; 1 = the rest is the "signed" object, which
// the harness signs with the role's key (so the fuzzer reaches acceptance and
// every check after the signature, not only the parser). Properties, each a
// crash (abort) when broken:
//
//  * REFUSED => the trusted state is unchanged (fingerprint before == after).
//    The one documented exception (trusted_state.h, "intermediate" roles): a
//    timestamp or snapshot whose signatures verified and that then failed its
//    final check (kExpired, or kBadVersion for snapshot against timestamp) is
//    kept as the rollback reference; then the change must be exactly that
//    role, and its signatures must verify with the trusted root's keys.
//  * ACCEPTED => it round-trips: re-serialised (standard JSON, and the
//    canonical bytes of "signed" when they are valid JSON — OLPC canonical
//    JSON leaves control characters raw), it parses to the same canonical
//    signed bytes, its signatures verify again under the trusted keys, and
//    offered to a fresh copy of the same stage it is accepted with the same
//    resulting state.
//  * Nothing crashes for any role's parser (parseRoot/…/parseTargets).
//
// Seeds: corpus/ (tests/fuzz/tuf_metadata/make_corpus.py writes them).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "agent/json/json.h"
#include "agent/json/value.h"
#include "agent/repo_builder/signing_key.h"
#include "agent/tuf/trusted_state.h"
#include "agent/tuf/verify.h"

namespace {

using namespace psirt;
using namespace psirt::tuf;

constexpr Seconds kNow = 1790000000;  // 2026-09-21, before every fixture expiry
enum Role { kRootRole = 0, kTimestampRole = 1, kSnapshotRole = 2, kTargetsRole = 3 };
constexpr const char* kNames[] = {"root", "timestamp", "snapshot", "targets"};

[[noreturn]] void broken(const char* property, const std::string& detail) {
  std::fprintf(stderr, "tuf_metadata_fuzz: property broken: %s: %s\n", property, detail.c_str());
  std::abort();
}

repo::SigningKey keyOf(int role) {
  auto k = repo::SigningKey::ed25519FromLabel(std::string("fuzz/") + kNames[role]);
  if (!k) broken("fixture", "key");
  return *k;
}

// The metadata file carrying `signed_json`, signed by `key` over its
// canonical bytes; nullopt when signed_json has no canonical form.
std::optional<std::string> signFile(std::string_view signed_json, const repo::SigningKey& key) {
  json::ParseOptions o;
  o.strictness = json::Strictness::kSignedMetadata;
  auto doc = json::Document::parse(signed_json, o);
  if (!doc) return std::nullopt;
  auto canonical = doc->canonical();
  if (!canonical) return std::nullopt;
  auto sig = key.signHex(*canonical);
  if (!sig) broken("fixture", "signing");
  json::Value sigs = json::Value::array({json::Value::object({{"keyid", key.keyid()}, {"sig", *sig}})});
  return "{\"signatures\":" + sigs.dump() + ",\"signed\":" + std::string(signed_json) + "}";
}

std::string keyJson(const repo::SigningKey& k) {
  return "\"" + k.keyid() + "\":{\"keytype\":\"ed25519\",\"keyval\":{\"public\":\"" + k.publicValue() +
         "\"},\"scheme\":\"ed25519\"}";
}

// Everything the state holds that a refused offer must not change.
std::string fingerprint(const TrustedState& s) {
  std::string f = "root " + std::to_string(s.root().common.version) + " " + s.root().common.expires_text;
  for (const auto& [id, k] : s.root().keys) f += " k:" + id + "=" + k.public_value;
  for (const auto& [name, rk] : s.root().roles) {
    f += " r:" + name + "/" + std::to_string(rk.threshold);
    for (const auto& id : rk.keyids) f += "," + id;
  }
  if (const Timestamp* t = s.timestamp())
    f += "|timestamp " + std::to_string(t->common.version) + " " + t->common.expires_text + " snap " +
         std::to_string(t->snapshot_meta.version);
  if (const Snapshot* sn = s.snapshot()) {
    f += "|snapshot " + std::to_string(sn->common.version) + " " + sn->common.expires_text;
    for (const auto& [name, m] : sn->meta) f += " " + name + "=" + std::to_string(m.version);
  }
  if (const Targets* t = s.targets()) {
    f += "|targets " + std::to_string(t->common.version) + " " + t->common.expires_text;
    for (const auto& [path, file] : t->targets) f += " " + path + "=" + std::to_string(file.length);
  }
  return f;
}

struct Fixture {
  repo::SigningKey keys[4] = {keyOf(0), keyOf(1), keyOf(2), keyOf(3)};
  std::string root, timestamp, snapshot;
  std::optional<TrustedState> stage[4];  // the state just before role i is offered

  Fixture() {
    const std::string common =
        "\"spec_version\":\"1.0.31\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\"";
    std::string ks, roles;
    for (int i = 0; i < 4; ++i) {
      ks += (i ? "," : "") + keyJson(keys[i]);
      roles += std::string(i ? "," : "") + "\"" + kNames[i] + "\":{\"keyids\":[\"" + keys[i].keyid() +
               "\"],\"threshold\":1}";
    }
    root = *signFile("{\"_type\":\"root\"," + common + ",\"consistent_snapshot\":true,\"keys\":{" + ks +
                         "},\"roles\":{" + roles + "}}",
                     keys[0]);
    timestamp = *signFile(
        "{\"_type\":\"timestamp\"," + common + ",\"meta\":{\"snapshot.json\":{\"version\":1}}}", keys[1]);
    snapshot = *signFile(
        "{\"_type\":\"snapshot\"," + common + ",\"meta\":{\"targets.json\":{\"version\":1}}}", keys[2]);
    auto s = TrustedState::create(root, kNow);
    if (!s) broken("fixture", s.error().describe());
    stage[kRootRole] = *s;
    stage[kTimestampRole] = *s;
    if (!s->updateTimestamp(timestamp)) broken("fixture", "timestamp");
    stage[kSnapshotRole] = *s;
    if (!s->updateSnapshot(snapshot)) broken("fixture", "snapshot");
    stage[kTargetsRole] = *s;
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

// Offers `bytes` as `role` to `s`.
Status offer(TrustedState& s, int role, std::string_view bytes) {
  switch (role) {
    case kRootRole:
      return s.updateRoot(bytes);
    case kTimestampRole: {
      auto r = s.updateTimestamp(bytes);
      return r ? okStatus() : Status(r.error());
    }
    case kSnapshotRole:
      return s.updateSnapshot(bytes);
    default:
      return s.updateTargets(bytes);
  }
}

// Keys and threshold the trusted root assigns to a top-level role.
Status verifiesUnderTrustedRoot(const TrustedState& s, int role, std::string_view bytes) {
  PSIRT_ASSIGN_OR_RETURN(env, parseEnvelope(bytes, kNames[role]));
  return verifyThreshold(env, s.root().keys, s.root().roles.at(kNames[role]), kNames[role]);
}

void checkRefusal(const TrustedState& before, const TrustedState& after, int role, const Error& e,
                  std::string_view bytes) {
  const std::string fb = fingerprint(before), fa = fingerprint(after);
  if (fb == fa) return;
  const bool intermediate = (role == kTimestampRole || role == kSnapshotRole) && e.context == kNames[role] &&
                            (e.security == SecurityCode::kExpired ||
                             (role == kSnapshotRole && e.security == SecurityCode::kBadVersion));
  if (!intermediate) broken("refused input changed the trusted state", e.describe() + "\n" + fb + "\n" + fa);
  // Only that role changed, and it verifies under the trusted keys.
  const std::size_t cut = std::min(fb.find(std::string("|") + kNames[role]), fb.size());
  if (fa.compare(0, cut, fb, 0, cut) != 0)
    broken("intermediate role changed more than itself", fb + "\n" + fa);
  if (!verifiesUnderTrustedRoot(before, role, bytes)) broken("unsigned intermediate role kept", e.describe());
}

void checkRoundTrip(const TrustedState& before, const TrustedState& after, int role, std::string_view bytes) {
  json::ParseOptions o;
  o.strictness = json::Strictness::kSignedMetadata;
  auto doc = json::Document::parse(bytes, o);
  if (!doc) broken("accepted bytes are not strict JSON", doc.error().describe());
  auto env = parseEnvelope(bytes, kNames[role]);
  if (!env) broken("accepted bytes have no envelope", env.error().describe());
  if (!verifiesUnderTrustedRoot(role == kRootRole ? after : before, role, bytes))
    broken("accepted metadata does not verify under the trusted keys", kNames[role]);

  std::string forms[2] = {doc->root().dump(), {}};
  bool control = false;
  for (char c : env->canonical_signed) control = control || static_cast<unsigned char>(c) < 0x20;
  if (!control) {
    json::Value sigs = json::Value::array();
    for (const auto& sg : env->signatures)
      sigs.push(json::Value::object({{"keyid", sg.keyid}, {"sig", sg.sig_hex}}));
    forms[1] = "{\"signatures\":" + sigs.dump() + ",\"signed\":" + env->canonical_signed + "}";
  }
  for (const std::string& form : forms) {
    if (form.empty()) continue;
    auto again = parseEnvelope(form, kNames[role]);
    if (!again) broken("re-serialised metadata does not parse", again.error().describe());
    if (again->canonical_signed != env->canonical_signed)
      broken("canonical bytes differ after a round trip", form);
    TrustedState fresh = before;
    Status st = offer(fresh, role, form);
    if (!st) broken("re-serialised metadata refused", st.error().describe());
    if (fingerprint(fresh) != fingerprint(after)) broken("re-serialised metadata gives another state", form);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  // Every parser on the raw bytes: no crash, whatever they are.
  (void)parseRoot(all);
  (void)parseTimestamp(all);
  (void)parseSnapshot(all);
  (void)parseTargets(all, "fuzz");
  if (size == 0) return 0;
  const Fixture& f = fixture();
  const int role = data[0] & 3;
  const bool sign = (data[0] & 4) != 0;
  std::string bytes(all.substr(1));
  if (sign) {
    auto file = signFile(bytes, f.keys[role]);
    if (!file) return 0;
    bytes = std::move(*file);
  }
  // A root is also a starting point of its own (trust init / CompleteSet).
  if (role == kRootRole) {
    if (auto created = TrustedState::create(bytes, kNow)) {
      json::ParseOptions o;
      o.strictness = json::Strictness::kSignedMetadata;
      auto doc = json::Document::parse(bytes, o);
      if (!doc) broken("created root is not strict JSON", doc.error().describe());
      auto again = TrustedState::create(doc->root().dump(), kNow);
      if (!again || fingerprint(*again) != fingerprint(*created))
        broken("created root does not round-trip", bytes);
    }
  }
  const TrustedState& before = *f.stage[role];
  TrustedState after = before;
  Status st = offer(after, role, bytes);
  if (st) {
    checkRoundTrip(before, after, role, bytes);
  } else {
    checkRefusal(before, after, role, st.error(), bytes);
  }
  return 0;
}
