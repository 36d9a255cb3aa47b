#include "tests/unit/tuf/tuf_test_support.h"

#include "agent/json/json.h"
#include "agent/tuf/fetcher.h"

namespace psirt::tuf::test {

Result<std::string> FakeFetcher::fetch(const std::string& location, std::size_t max_bytes) {
  requests.push_back(location);
  auto it = files.find(location);
  if (it == files.end())
    return Error{ErrorCategory::kIo, SecurityCode::kNone, kFetchNotFound, "not found", location};
  if (it->second.size() > max_bytes) return makeError(ErrorCategory::kLimit, "too large", location);
  return it->second;
}

TestKey ed25519Key(int seed) {
  crypto::Bytes s(32, static_cast<std::uint8_t>(seed));
  auto key = crypto::PrivateKey::fromEd25519Seed(s);
  TestKey k{*key, {}, {}};
  k.public_json = json::Value::object({{"keytype", "ed25519"},
                                       {"scheme", "ed25519"},
                                       {"keyval", json::Value::object({{"public", crypto::toHex(key->publicKey().ed25519Raw())}})}});
  k.keyid = crypto::toHex(crypto::sha256(crypto::asBytes(*k.public_json.canonical())));
  return k;
}

std::string signMetadata(const json::Value& signed_part, const std::vector<const TestKey*>& keys) {
  const std::string canonical = *signed_part.canonical();
  json::Value sigs = json::Value::array();
  for (const TestKey* k : keys) {
    auto sig = crypto::signEd25519(k->key, crypto::asBytes(canonical));
    sigs.push(json::Value::object({{"keyid", k->keyid}, {"sig", crypto::toHex(*sig)}}));
  }
  json::Value doc = json::Value::object({{"signed", signed_part}, {"signatures", sigs}});
  return doc.dump(1);
}

TestRepo::TestRepo(const std::string& expires)
    : root_key(ed25519Key(1)),
      timestamp_key(ed25519Key(2)),
      snapshot_key(ed25519Key(3)),
      targets_key(ed25519Key(4)) {
  using json::Value;
  auto role = [](const TestKey& k) { return Value::object({{"keyids", Value::array({k.keyid})}, {"threshold", 1}}); };
  root = Value::object({{"_type", "root"},
                        {"spec_version", "1.0.31"},
                        {"version", 1},
                        {"expires", expires},
                        {"consistent_snapshot", true},
                        {"keys", Value::object({{root_key.keyid, root_key.public_json},
                                                {timestamp_key.keyid, timestamp_key.public_json},
                                                {snapshot_key.keyid, snapshot_key.public_json},
                                                {targets_key.keyid, targets_key.public_json}})},
                        {"roles", Value::object({{"root", role(root_key)},
                                                 {"timestamp", role(timestamp_key)},
                                                 {"snapshot", role(snapshot_key)},
                                                 {"targets", role(targets_key)}})}});
  auto header = [&](const char* type, const char* listing) {
    return Value::object({{"_type", type}, {"spec_version", "1.0.31"}, {"version", 1}, {"expires", expires},
                          {listing, Value::object()}});
  };
  timestamp = header("timestamp", "meta");
  snapshot = header("snapshot", "meta");
  targets = header("targets", "targets");
  signers["root"] = {&root_key};
  signers["timestamp"] = {&timestamp_key};
  signers["snapshot"] = {&snapshot_key};
  signers["targets"] = {&targets_key};
}

void TestRepo::addTarget(const std::string& path, const std::string& content, const std::string& role) {
  target_files[path] = content;
  json::Value& t = role == "targets" ? targets : delegated.at(role);
  t["targets"].set(path, json::Value::object(
                             {{"length", content.size()},
                              {"hashes", json::Value::object({{"sha256", crypto::toHex(crypto::sha256(crypto::asBytes(content)))}})}}));
}

std::string TestRepo::rootBytes() const { return signMetadata(root, signers.at("root")); }

std::int64_t versionOf(const json::Value& signed_part) { return signed_part.view().getInteger("version").value_or(0); }

void TestRepo::publish(FakeFetcher& f) {
  using json::Value;
  f.files["m/" + std::to_string(versionOf(root)) + ".root.json"] = rootBytes();
  snapshot["meta"].set("targets.json", Value::object({{"version", versionOf(targets)}}));
  f.files["m/" + std::to_string(versionOf(targets)) + ".targets.json"] = signMetadata(targets, signers.at("targets"));
  for (const auto& [name, signed_part] : delegated) {
    snapshot["meta"].set(name + ".json", Value::object({{"version", versionOf(signed_part)}}));
    f.files["m/" + std::to_string(versionOf(signed_part)) + "." + percentEncode(name) + ".json"] =
        signMetadata(signed_part, signers.at(name));
  }
  const std::string snap = signMetadata(snapshot, signers.at("snapshot"));
  f.files["m/" + std::to_string(versionOf(snapshot)) + ".snapshot.json"] = snap;
  timestamp["meta"].set("snapshot.json",
                        Value::object({{"version", versionOf(snapshot)},
                                       {"length", snap.size()},
                                       {"hashes", Value::object({{"sha256", crypto::toHex(crypto::sha256(crypto::asBytes(snap)))}})}}));
  f.files["m/timestamp.json"] = signMetadata(timestamp, signers.at("timestamp"));
  for (const auto& [path, content] : target_files) {
    const std::string hex = crypto::toHex(crypto::sha256(crypto::asBytes(content)));
    const std::size_t slash = path.rfind('/');
    const std::string name = slash == std::string::npos
                                 ? hex + "." + path
                                 : path.substr(0, slash + 1) + hex + "." + path.substr(slash + 1);
    f.files["t/" + name] = content;
  }
}

}  // namespace psirt::tuf::test
