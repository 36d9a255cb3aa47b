// Test doubles for agent/tuf: a recording in-memory fetcher and a tiny
// Ed25519 repository signer with fixed seeds (the full repository builder is
// agent/repo_builder; this one only needs what the unit tests need).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "agent/json/value.h"
#include "agent/tuf/fetcher.h"
#include "platform/crypto/crypto.h"

namespace psirt::tuf::test {

class FakeFetcher final : public Fetcher {
 public:
  Result<std::string> fetch(const std::string& location, std::size_t max_bytes) override;
  std::map<std::string, std::string> files;  // location -> bytes
  std::vector<std::string> requests;
};

struct TestKey {
  crypto::PrivateKey key;
  std::string keyid;
  json::Value public_json;  // {"keytype","scheme","keyval":{"public"}}
};
TestKey ed25519Key(int seed);  // deterministic

// The "version" of a signed part (0 when absent).
std::int64_t versionOf(const json::Value& signed_part);

// Signs `signed_part` (canonical JSON) with `keys`; returns the file bytes.
std::string signMetadata(const json::Value& signed_part, const std::vector<const TestKey*>& keys);

// A consistent-snapshot repository with one key per top-level role (seeds
// 1..4), all roles expiring at `expires`. publish() signs everything and puts
// the files into a FakeFetcher under "m/" (metadata) and "t/" (targets).
struct TestRepo {
  explicit TestRepo(const std::string& expires = "2030-01-01T00:00:00Z");
  TestKey root_key, timestamp_key, snapshot_key, targets_key;
  json::Value root, timestamp, snapshot, targets;
  std::map<std::string, json::Value> delegated;             // role -> signed
  std::map<std::string, std::vector<const TestKey*>> signers;  // role -> keys that sign it
  std::map<std::string, std::string> target_files;             // path -> content

  void addTarget(const std::string& path, const std::string& content, const std::string& role = "targets");
  // Signs and stores: N.root.json for the current root version, snapshot and
  // targets (versioned names), timestamp.json; snapshot/timestamp meta are
  // recomputed (versions, and hashes+length of snapshot in timestamp).
  void publish(FakeFetcher& f);
  std::string rootBytes() const;
};

}  // namespace psirt::tuf::test
