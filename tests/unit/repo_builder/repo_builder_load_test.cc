// Repository::load (psirt-publish works on existing repositories): a served
// repository loads back with the same signed bodies, delegations in search
// order; envelope() with externally made signatures verifies with the
// agent's verifier; refreshMeta re-derives snapshot/timestamp without signing.
#include <gtest/gtest.h>

#include "agent/json/json.h"
#include "agent/repo_builder/repository.h"
#include "agent/tuf/metadata.h"
#include "agent/tuf/verify.h"
#include "tests/support/json_at.h"
#include "tests/support/test_keys.h"

namespace psirt::repo {
namespace {

constexpr Seconds kNow = 1767225600;  // 2026-01-01T00:00:00Z

std::map<std::string, std::string> metadataOf(const Repository& r) {
  std::map<std::string, std::string> out;
  for (const auto& [name, bytes] : r.files()) {
    if (name.rfind("metadata/", 0) == 0) out[name] = bytes;
  }
  return out;
}

Repository served() {
  Repository r(test::defaultTopLevelKeys(), kNow);
  Delegation adv{"advisories", {"advisories/*"}, {}, false, 1};
  Delegation rem{"remediation", {"actions/*", "artifacts/*"}, {}, true, 2};
  EXPECT_TRUE(r.delegate("targets", adv, {test::ed25519Key("adv")}));
  EXPECT_TRUE(r.delegate("targets", rem, {test::ed25519Key("rem1"), test::ed25519Key("rem2")}));
  EXPECT_TRUE(r.addTarget("advisories", "advisories/a.json", "{}"));
  EXPECT_TRUE(r.bumpVersion("root"));
  EXPECT_TRUE(r.publishRoot());
  EXPECT_TRUE(r.publish());
  return r;
}

TEST(RepositoryLoad, RoundTripsEverySignedBodyAndTheDelegationOrder) {
  Repository r = served();
  // An older root must not win over the newest one.
  auto files = metadataOf(r);
  files["metadata/1.root.json"] = files["metadata/2.root.json"];
  auto loaded = Repository::load(files, kNow);
  ASSERT_TRUE(loaded) << loaded.error().describe();
  EXPECT_EQ(loaded->roleNames(), r.roleNames());
  EXPECT_EQ(loaded->roleNames().back(), "remediation");
  EXPECT_EQ(loaded->delegatorOf("remediation"), "targets");
  EXPECT_EQ(loaded->delegatorOf("targets"), "");
  EXPECT_EQ(loaded->version("root"), 2);
  for (const std::string& role : r.roleNames()) {
    EXPECT_EQ(*loaded->signedCanonical(role), *r.signedCanonical(role)) << role;
  }
}

TEST(RepositoryLoad, MissingOrBrokenFilesAreNamed) {
  Repository r = served();
  auto files = metadataOf(r);
  files.erase("metadata/1.advisories.json");
  auto loaded = Repository::load(files, kNow);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().describe().find("1.advisories.json"), std::string::npos);
  files = metadataOf(r);
  files["metadata/timestamp.json"] = "not json";
  loaded = Repository::load(files, kNow);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().describe().find("timestamp.json"), std::string::npos);
  EXPECT_FALSE(Repository::load({}, kNow));
}

TEST(RepositoryLoad, EnvelopeWithExternalSignaturesVerifiesWithTheAgentsVerifier) {
  Repository r = served();
  auto loaded = Repository::load(metadataOf(r), kNow);
  ASSERT_TRUE(loaded);
  ASSERT_TRUE(loaded->addTargetHashes("remediation", "artifacts/p.rpm", 3, std::string(64, 'a'), std::string(128, 'b')));
  ASSERT_TRUE(loaded->bumpVersion("remediation"));
  auto canon = loaded->signedCanonical("remediation");
  ASSERT_TRUE(canon);
  const SigningKey k1 = test::ed25519Key("rem1"), k2 = test::ed25519Key("rem2");
  auto bytes = loaded->envelope("remediation", {{k1.keyid(), *k1.signHex(*canon)}, {k2.keyid(), *k2.signHex(*canon)}});
  ASSERT_TRUE(bytes);
  auto parsed = tuf::parseTargets(*bytes, "remediation");
  ASSERT_TRUE(parsed) << parsed.error().describe();
  EXPECT_EQ(parsed->envelope.canonical_signed, *canon);
  EXPECT_EQ(parsed->role.targets.at("artifacts/p.rpm").length, 3);
  auto targets = tuf::parseTargets(*loaded->envelope("targets", {}), "targets");
  ASSERT_TRUE(targets);
  const auto& dl = *targets->role.delegations;
  EXPECT_TRUE(tuf::verifyThreshold(parsed->envelope, dl.keys, *dl.keysFor("remediation"), "remediation"));
  auto one = tuf::parseTargets(*loaded->envelope("remediation", {{k1.keyid(), *k1.signHex(*canon)}}), "remediation");
  EXPECT_FALSE(tuf::verifyThreshold(one->envelope, dl.keys, *dl.keysFor("remediation"), "remediation"));
  ASSERT_TRUE(loaded->removeTarget("remediation", "artifacts/p.rpm"));
  EXPECT_FALSE(loaded->removeTarget("remediation", "artifacts/p.rpm"));
}

TEST(RepositoryLoad, RefreshMetaListsCurrentVersionsAndIssued) {
  Repository r = served();
  auto loaded = Repository::load(metadataOf(r), kNow);
  ASSERT_TRUE(loaded);
  ASSERT_TRUE(loaded->bumpVersion("advisories"));
  ASSERT_TRUE(loaded->bumpVersion("snapshot"));
  loaded->setIssued(kNow + 5);
  ASSERT_TRUE(loaded->refreshMeta());
  auto snap = json::Value::parse(*loaded->signedCanonical("snapshot"));
  ASSERT_TRUE(snap);
  EXPECT_EQ(test::jsonAt(snap->view(), "/meta/advisories.json/version").value().asInteger(), 2);
  EXPECT_EQ(test::jsonAt(snap->view(), "/x-psirt-issued").value().asString(), "2026-01-01T00:00:05Z");
  auto ts = json::Value::parse(*loaded->signedCanonical("timestamp"));
  ASSERT_TRUE(ts);
  EXPECT_EQ(test::jsonAt(ts->view(), "/meta/snapshot.json/version").value().asInteger(), 2);
  EXPECT_EQ(test::jsonAt(ts->view(), "/x-psirt-issued").value().asString(), "2026-01-01T00:00:05Z");
  loaded->setMetaHashes(true);
  EXPECT_FALSE(loaded->refreshMeta());
}

TEST(RepositoryLoad, EmptyRepositoryAuthorisesPublicKeysWithoutSigners) {
  Repository r(kNow);
  const SigningKey k = test::ed25519Key("root-x");
  auto info = PublicKeyInfo::make(k.keytype(), k.scheme(), k.publicValue());
  ASSERT_TRUE(info);
  EXPECT_EQ(info->keyid, k.keyid());
  ASSERT_TRUE(r.authorizeKey("root", *info));
  const std::string root = *r.signedCanonical("root");
  auto parsed = json::Value::parse(root);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(test::jsonAt(parsed->view(), "/roles/root/keyids/0").value().asString(), k.keyid());
  EXPECT_TRUE(test::jsonAt(parsed->view(), "/roles/timestamp/keyids").value().isArray());
  EXPECT_TRUE(test::jsonAt(parsed->view(), "/roles/timestamp/keyids").value().empty());
  // Nobody signs: the root served by publishRoot carries no signature.
  ASSERT_TRUE(r.publishRoot());
  auto served = json::Value::parse(*r.file("metadata/1.root.json"));
  ASSERT_TRUE(served);
  EXPECT_TRUE(test::jsonAt(served->view(), "/signatures").value().empty());
  EXPECT_FALSE(r.setSigned("root", R"({"_type":"targets"})"));
  EXPECT_TRUE(r.setSigned("root", root));
}

}  // namespace
}  // namespace psirt::repo
