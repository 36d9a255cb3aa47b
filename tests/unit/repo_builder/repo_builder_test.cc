// repo_builder makes every TUF fixture, so its output is checked here against
// independent means: agent/json's canonical form and platform/crypto's verify.
#include <gtest/gtest.h>

#include "agent/json/json.h"
#include "agent/repo_builder/repository.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"
#include "tests/support/json_at.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_keys.h"

namespace psirt::repo {
namespace {

constexpr Seconds kNow = 1767225600;  // 2026-01-01T00:00:00Z

// A served file, parsed; [pointer] is the value there (throws, failing the
// test, when the pointer names nothing).
struct Parsed {
  json::Value doc;
  json::View operator[](std::string_view pointer) const { return test::jsonAt(doc.view(), pointer).value(); }
};

Parsed parsed(const Repository& r, const std::string& name) {
  auto bytes = r.file(name);
  EXPECT_TRUE(bytes) << name;
  auto doc = bytes ? json::Value::parse(*bytes) : json::Value::parse("null");
  EXPECT_TRUE(doc) << name;
  return Parsed{doc ? std::move(*doc) : json::Value()};
}

// Counts signatures in file `name` that verify over canonical(signed) with `key`.
bool signedBy(const Repository& r, const std::string& name, const SigningKey& key) {
  auto bytes = r.file(name);
  if (!bytes) return false;
  auto doc = json::Document::parse(*bytes);
  if (!doc) return false;
  auto canon = doc->canonicalAt("/signed");
  if (!canon) return false;
  auto msg = crypto::asBytes(*canon);
  auto signatures = doc->root().getArray("signatures");
  if (!signatures) return false;
  for (const json::View& s : signatures->elements()) {
    auto id = s.getString("keyid");
    if (!id || *id != key.keyid()) continue;
    auto hex = s.getString("sig");
    if (!hex) return false;
    auto sig = crypto::fromHex(*hex);
    if (!sig) return false;
    if (key.keytype() == "ed25519") {
      auto raw = crypto::fromHex(key.publicValue());
      auto pub = crypto::PublicKey::fromEd25519Raw(*raw);
      return pub && crypto::verifyEd25519(*pub, msg, *sig);
    }
    auto pub = crypto::PublicKey::fromPem(key.publicValue());
    if (!pub) return false;
    return key.keytype() == "ecdsa" ? crypto::verifyEcdsaP256Der(*pub, msg, *sig)
                                    : crypto::verifyRsaPssSha256(*pub, msg, *sig);
  }
  return false;
}

Repository fresh() { return Repository(test::defaultTopLevelKeys(), kNow); }

TEST(SigningKey, KeyIdIsSha256OfCanonicalPublicKeyJson) {
  SigningKey k = test::ed25519Key("root-1");
  EXPECT_EQ(k.keytype(), "ed25519");
  EXPECT_EQ(k.scheme(), "ed25519");
  EXPECT_EQ(k.publicValue().size(), 64u);
  std::string expected = R"({"keytype":"ed25519","keyval":{"public":")" + k.publicValue() + R"("},"scheme":"ed25519"})";
  EXPECT_EQ(k.publicKeyJson(), expected);
  EXPECT_EQ(k.keyid(), crypto::toHex(crypto::sha256(crypto::asBytes(expected))));
}

TEST(SigningKey, SeedsAreDeterministicAndDistinct) {
  EXPECT_EQ(test::ed25519Key("a").keyid(), test::ed25519Key("a").keyid());
  EXPECT_NE(test::ed25519Key("a").keyid(), test::ed25519Key("b").keyid());
}

TEST(SigningKey, CheckedInEcdsaAndRsaKeysUseTufSchemes) {
  SigningKey e = test::ecdsaKey(1);
  EXPECT_EQ(e.keytype(), "ecdsa");
  EXPECT_EQ(e.scheme(), "ecdsa-sha2-nistp256");
  EXPECT_EQ(e.publicValue().rfind("-----BEGIN PUBLIC KEY-----", 0), 0u);
  SigningKey r = test::rsaKey(1);
  EXPECT_EQ(r.keytype(), "rsa");
  EXPECT_EQ(r.scheme(), "rsassa-pss-sha256");
}

TEST(Repository, FreshRepositoryServesTheBasicFileSetSignedByEachRole) {
  Repository r = fresh();
  ASSERT_TRUE(r.publishRoot());
  ASSERT_TRUE(r.publish());
  std::vector<std::string> names;
  for (const auto& [name, bytes] : r.files()) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"metadata/1.root.json", "metadata/1.snapshot.json",
                                             "metadata/1.targets.json", "metadata/timestamp.json"}));
  auto keys = test::defaultTopLevelKeys();
  EXPECT_TRUE(signedBy(r, "metadata/1.root.json", keys.root));
  EXPECT_TRUE(signedBy(r, "metadata/timestamp.json", keys.timestamp));
  EXPECT_TRUE(signedBy(r, "metadata/1.snapshot.json", keys.snapshot));
  EXPECT_TRUE(signedBy(r, "metadata/1.targets.json", keys.targets));
  EXPECT_FALSE(signedBy(r, "metadata/1.targets.json", keys.snapshot));
  auto root = parsed(r, "metadata/1.root.json");
  EXPECT_EQ(root["/signed/_type"].asString(), "root");
  EXPECT_EQ(root["/signed/expires"].asString(), "2027-01-01T00:00:00Z");
  EXPECT_EQ(root["/signed/roles/targets/keyids/0"].asString(), keys.targets.keyid());
  EXPECT_EQ(root["/signed/keys/" + keys.targets.keyid() + "/keyval/public"].asString(), keys.targets.publicValue());
}

TEST(Repository, EcdsaAndRsaSignaturesVerify) {
  Repository r = fresh();
  ASSERT_TRUE(r.addKey(kRoot, test::ecdsaKey(1)));
  ASSERT_TRUE(r.addKey(kRoot, test::rsaKey(1)));
  ASSERT_TRUE(r.setThreshold(kRoot, 3));
  ASSERT_TRUE(r.publishRoot());
  EXPECT_TRUE(signedBy(r, "metadata/1.root.json", test::ecdsaKey(1)));
  EXPECT_TRUE(signedBy(r, "metadata/1.root.json", test::rsaKey(1)));
  EXPECT_EQ(parsed(r, "metadata/1.root.json")["/signatures"].size(), 3u);
  EXPECT_EQ(parsed(r, "metadata/1.root.json")["/signed/roles/root/threshold"].asInteger(), 3);
}

TEST(Repository, SnapshotAndTimestampListVersionsHashesAndIssued) {
  Repository r = fresh();
  r.setMetaHashes(true);
  r.setIssued(kNow - 60);
  ASSERT_TRUE(r.bumpVersion(kTargets));
  ASSERT_TRUE(r.publish());
  auto snap = parsed(r, "metadata/1.snapshot.json");
  EXPECT_EQ(snap["/signed/meta/targets.json/version"].asInteger(), 2);
  auto targets_bytes = r.file("metadata/2.targets.json");
  ASSERT_TRUE(targets_bytes);
  EXPECT_EQ(snap["/signed/meta/targets.json/length"].asInteger(), static_cast<std::int64_t>(targets_bytes->size()));
  EXPECT_EQ(snap["/signed/meta/targets.json/hashes/sha256"].asString(),
            crypto::toHex(crypto::sha256(crypto::asBytes(*targets_bytes))));
  EXPECT_EQ(snap["/signed/x-psirt-issued"].asString(), "2025-12-31T23:59:00Z");
  auto ts = parsed(r, "metadata/timestamp.json");
  EXPECT_EQ(ts["/signed/meta/snapshot.json/version"].asInteger(), 1);
  EXPECT_EQ(ts["/signed/x-psirt-issued"].asString(), "2025-12-31T23:59:00Z");
}

TEST(Repository, ConsistentSnapshotServesHashPrefixedTargets) {
  Repository r = fresh();
  ASSERT_TRUE(r.addTarget(kTargets, "dir/file.txt", "hello"));
  ASSERT_TRUE(r.publish());
  std::string sha256 = crypto::toHex(crypto::sha256(crypto::asBytes("hello")));
  auto name = r.targetName("dir/file.txt");
  ASSERT_TRUE(name);
  EXPECT_EQ(*name, "targets/dir/" + sha256 + ".file.txt");
  EXPECT_EQ(*r.file(*name), "hello");
  auto targets = parsed(r, "metadata/1.targets.json");
  const json::View entry = targets["/signed/targets/dir~1file.txt"];
  EXPECT_EQ(entry.getInteger("length").value(), 5);
  EXPECT_EQ(test::jsonAt(entry, "/hashes/sha256").value().asString(), sha256);
  EXPECT_EQ(test::jsonAt(entry, "/hashes/sha512").value().asString().size(), 128u);
}

TEST(Repository, WithoutConsistentSnapshotNamesAreUnversioned) {
  Repository r = fresh();
  r.setConsistentSnapshot(false);
  ASSERT_TRUE(r.addTarget(kTargets, "a.txt", "x"));
  ASSERT_TRUE(r.publishRoot());
  ASSERT_TRUE(r.publish());
  EXPECT_TRUE(r.file("metadata/snapshot.json"));
  EXPECT_TRUE(r.file("metadata/targets.json"));
  EXPECT_EQ(*r.targetName("a.txt"), "targets/a.txt");
  EXPECT_FALSE(parsed(r, "metadata/1.root.json")["/signed/consistent_snapshot"].boolean().value());
}

TEST(Repository, DelegationsCarryPathsHashPrefixesTerminatingAndQuotedNames) {
  Repository r = fresh();
  Delegation a{"a/b?c#d", {"advisories/*"}, {}, true, 2};
  ASSERT_TRUE(r.delegate(kTargets, a, {test::ed25519Key("d1"), test::ed25519Key("d2")}));
  Delegation h{"bin-0", {}, {"00", "01"}, false, 1};
  ASSERT_TRUE(r.delegate("a/b?c#d", h, {test::ed25519Key("d3")}));
  ASSERT_TRUE(r.addTarget("bin-0", "x.txt", "x"));
  ASSERT_TRUE(r.publish());
  EXPECT_EQ(r.metadataName("a/b?c#d"), "metadata/1.a%2Fb%3Fc%23d.json");
  EXPECT_TRUE(signedBy(r, "metadata/1.a%2Fb%3Fc%23d.json", test::ed25519Key("d2")));
  EXPECT_TRUE(signedBy(r, "metadata/1.bin-0.json", test::ed25519Key("d3")));
  auto targets = parsed(r, "metadata/1.targets.json");
  ASSERT_EQ(targets["/signed/delegations/roles"].size(), 1u);
  EXPECT_EQ(targets["/signed/delegations/roles/0/name"].asString(), "a/b?c#d");
  EXPECT_TRUE(targets["/signed/delegations/roles/0/terminating"].boolean().value());
  EXPECT_EQ(targets["/signed/delegations/roles/0/threshold"].asInteger(), 2);
  EXPECT_EQ(targets["/signed/delegations/roles/0/paths/0"].asString(), "advisories/*");
  auto outer = parsed(r, "metadata/1.a%2Fb%3Fc%23d.json");
  const json::View inner = outer["/signed/delegations/roles/0"];
  EXPECT_TRUE(inner.get("path_hash_prefixes").value().equals(json::Value::array({"00", "01"}).view()));
  EXPECT_FALSE(inner.has("paths"));
  auto snapshot = parsed(r, "metadata/1.snapshot.json");
  EXPECT_EQ(snapshot["/signed/meta/a~1b?c#d.json/version"].asInteger(), 1);
  EXPECT_EQ(snapshot["/signed/meta/bin-0.json/version"].asInteger(), 1);
  EXPECT_FALSE(r.delegate(kTargets, a, {}));  // same name twice
}

TEST(Repository, RootRotationIsSignedByOldAndNewKeys) {
  Repository r = fresh();
  ASSERT_TRUE(r.publishRoot());
  SigningKey old_key = test::ed25519Key("root-1");
  SigningKey new_key = test::ecdsaKey(2);
  ASSERT_TRUE(r.revokeKey(kRoot, old_key.keyid()));
  ASSERT_TRUE(r.addKey(kRoot, new_key));
  ASSERT_TRUE(r.bumpVersion(kRoot));
  ASSERT_TRUE(r.publishRoot({old_key}));
  EXPECT_TRUE(signedBy(r, "metadata/2.root.json", old_key));
  EXPECT_TRUE(signedBy(r, "metadata/2.root.json", new_key));
  auto root = parsed(r, "metadata/2.root.json");
  EXPECT_TRUE(root["/signed/roles/root/keyids"].equals(json::Value::array({new_key.keyid()}).view()));
  EXPECT_TRUE(r.file("metadata/1.root.json"));  // the chain stays served
}

TEST(Repository, BrokenVariantsForAttackTests) {
  Repository r = fresh();
  ASSERT_TRUE(r.setSigners(kTargets, {test::ed25519Key("attacker")}));
  ASSERT_TRUE(r.setField(kTimestamp, "x-custom", R"({"a":[1,2]})"));
  ASSERT_TRUE(r.setExpires(kSnapshot, kNow - 1));
  ASSERT_TRUE(r.publish());
  EXPECT_FALSE(signedBy(r, "metadata/1.targets.json", test::ed25519Key("targets-1")));
  EXPECT_TRUE(signedBy(r, "metadata/1.targets.json", test::ed25519Key("attacker")));
  EXPECT_EQ(parsed(r, "metadata/timestamp.json")["/signed/x-custom/a/1"].asInteger(), 2);
  EXPECT_EQ(parsed(r, "metadata/1.snapshot.json")["/signed/expires"].asString(), "2025-12-31T23:59:59Z");
  ASSERT_TRUE(r.dropSignatures("metadata/timestamp.json"));
  EXPECT_TRUE(parsed(r, "metadata/timestamp.json")["/signatures"].isArray());
  EXPECT_TRUE(parsed(r, "metadata/timestamp.json")["/signatures"].empty());
  ASSERT_TRUE(r.mutateFile("metadata/1.snapshot.json", [](std::string& b) { b += " "; }));
  EXPECT_EQ(r.file("metadata/1.snapshot.json")->back(), ' ');
  EXPECT_FALSE(r.mutateFile("metadata/9.snapshot.json", [](std::string&) {}));
  EXPECT_FALSE(r.setThreshold("nosuchrole", 1));
}

TEST(Repository, WriteToCreatesTheServedTree) {
  Repository r = fresh();
  ASSERT_TRUE(r.addTarget(kTargets, "d/f", "content"));
  ASSERT_TRUE(r.publishRoot());
  ASSERT_TRUE(r.publish());
  test::TempDir dir;
  ASSERT_TRUE(r.writeTo(dir.path()));
  for (const auto& [name, bytes] : r.files()) {
    auto on_disk = fs::readFile(dir.file(name), 1 << 20);
    ASSERT_TRUE(on_disk) << name;
    EXPECT_EQ(*on_disk, bytes);
  }
}

}  // namespace
}  // namespace psirt::repo
