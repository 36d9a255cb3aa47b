#include "tests/unit/tuf/tuf_test_support.h"

#include "agent/json/json_internal.h"
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
  k.public_json = {{"keytype", "ed25519"},
                   {"scheme", "ed25519"},
                   {"keyval", {{"public", crypto::toHex(key->publicKey().ed25519Raw())}}}};
  k.keyid = crypto::toHex(crypto::sha256(crypto::asBytes(*json::internal::canonical(k.public_json))));
  return k;
}

std::string signMetadata(const nlohmann::json& signed_part, const std::vector<const TestKey*>& keys) {
  const std::string canonical = *json::internal::canonical(signed_part);
  nlohmann::json sigs = nlohmann::json::array();
  for (const TestKey* k : keys) {
    auto sig = crypto::signEd25519(k->key, crypto::asBytes(canonical));
    sigs.push_back({{"keyid", k->keyid}, {"sig", crypto::toHex(*sig)}});
  }
  nlohmann::json doc = {{"signed", signed_part}, {"signatures", sigs}};
  return doc.dump(1);
}

TestRepo::TestRepo(const std::string& expires)
    : root_key(ed25519Key(1)),
      timestamp_key(ed25519Key(2)),
      snapshot_key(ed25519Key(3)),
      targets_key(ed25519Key(4)) {
  auto role = [](const TestKey& k) { return nlohmann::json{{"keyids", {k.keyid}}, {"threshold", 1}}; };
  root = {{"_type", "root"},
          {"spec_version", "1.0.31"},
          {"version", 1},
          {"expires", expires},
          {"consistent_snapshot", true},
          {"keys",
           {{root_key.keyid, root_key.public_json},
            {timestamp_key.keyid, timestamp_key.public_json},
            {snapshot_key.keyid, snapshot_key.public_json},
            {targets_key.keyid, targets_key.public_json}}},
          {"roles",
           {{"root", role(root_key)},
            {"timestamp", role(timestamp_key)},
            {"snapshot", role(snapshot_key)},
            {"targets", role(targets_key)}}}};
  timestamp = {{"_type", "timestamp"},
               {"spec_version", "1.0.31"},
               {"version", 1},
               {"expires", expires},
               {"meta", nlohmann::json::object()}};
  snapshot = {{"_type", "snapshot"},
              {"spec_version", "1.0.31"},
              {"version", 1},
              {"expires", expires},
              {"meta", nlohmann::json::object()}};
  targets = {{"_type", "targets"},
             {"spec_version", "1.0.31"},
             {"version", 1},
             {"expires", expires},
             {"targets", nlohmann::json::object()}};
  signers["root"] = {&root_key};
  signers["timestamp"] = {&timestamp_key};
  signers["snapshot"] = {&snapshot_key};
  signers["targets"] = {&targets_key};
}

void TestRepo::addTarget(const std::string& path, const std::string& content, const std::string& role) {
  target_files[path] = content;
  nlohmann::json& t = role == "targets" ? targets : delegated.at(role);
  t["targets"][path] = {{"length", content.size()},
                        {"hashes", {{"sha256", crypto::toHex(crypto::sha256(crypto::asBytes(content)))}}}};
}

std::string TestRepo::rootBytes() const { return signMetadata(root, signers.at("root")); }

void TestRepo::publish(FakeFetcher& f) {
  f.files["m/" + std::to_string(root["version"].get<int>()) + ".root.json"] = rootBytes();
  snapshot["meta"]["targets.json"] = {{"version", targets["version"]}};
  f.files["m/" + std::to_string(targets["version"].get<int>()) + ".targets.json"] =
      signMetadata(targets, signers.at("targets"));
  for (const auto& [name, signed_part] : delegated) {
    snapshot["meta"][name + ".json"] = {{"version", signed_part["version"]}};
    f.files["m/" + std::to_string(signed_part["version"].get<int>()) + "." + percentEncode(name) + ".json"] =
        signMetadata(signed_part, signers.at(name));
  }
  const std::string snap = signMetadata(snapshot, signers.at("snapshot"));
  f.files["m/" + std::to_string(snapshot["version"].get<int>()) + ".snapshot.json"] = snap;
  timestamp["meta"]["snapshot.json"] = {
      {"version", snapshot["version"]},
      {"length", snap.size()},
      {"hashes", {{"sha256", crypto::toHex(crypto::sha256(crypto::asBytes(snap)))}}}};
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
