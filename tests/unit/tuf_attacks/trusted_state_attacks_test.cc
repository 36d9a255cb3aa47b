// Spec §1.5.2 attacks and the conformance suite's categories, against the
// pure, ordered TrustedState (bytes in, verdict out). Each test names the
// attack, asserts the SecurityCode and the role, and runs a positive control:
// the same repository untampered passes. Fetch order and on-disk state are
// asserted by the updater-level suite.
#include "tests/unit/tuf_attacks/fixture.h"

namespace psirt::test {
namespace {

using repo::kRoot;
using repo::kSnapshot;
using repo::kTargets;
using repo::kTimestamp;

TEST_F(AttackFixture, PositiveControlUntamperedRepositoryVerifies) {
  auto s = start();
  ASSERT_TRUE(s) << s.error().describe();
  Status st = walk(*s, repo_);
  ASSERT_TRUE(st) << st.error().describe();
  ASSERT_NE(s->targets(), nullptr);
  EXPECT_EQ(s->targets()->targets.count("advisories/a.json"), 1u);
}

// ---- arbitrary software installation / wrong-key signatures -------------
TEST_F(AttackFixture, ArbitraryInstallationTargetsSignedByAttackerKeyIsRefused) {
  ASSERT_TRUE(repo_.addTarget(kTargets, "advisories/evil.json", "evil"));
  ASSERT_TRUE(repo_.setSigners(kTargets, {ed25519Key("attacker")}));
  ASSERT_TRUE(repo_.publish());
  auto s = start();
  ASSERT_TRUE(s);
  EXPECT_TRUE(isSecurity(walk(*s, repo_), SecurityCode::kBadSignature, "targets"));
  EXPECT_EQ(s->targets(), nullptr);  // nothing of it trusted
}

TEST_F(AttackFixture, WrongKeySignatureTimestampSignedWithSnapshotKeyIsRefused) {
  ASSERT_TRUE(repo_.setSigners(kTimestamp, {ed25519Key("snapshot-1")}));
  ASSERT_TRUE(repo_.publish());
  auto s = start();
  ASSERT_TRUE(s);
  EXPECT_TRUE(isSecurity(s->updateTimestamp(meta(kTimestamp)), SecurityCode::kBadSignature, "timestamp"));
  EXPECT_EQ(s->timestamp(), nullptr);
}

TEST_F(AttackFixture, BytesAlteredAfterSigningAreRefused) {
  // Change the signed version text of the snapshot without re-signing.
  ASSERT_TRUE(repo_.mutateFile(repo_.metadataName(kSnapshot), [](std::string& b) {
    auto at = b.find("\"spec_version\": \"1.0.31\"");
    if (at != std::string::npos) b.replace(at, 24, "\"spec_version\": \"1.0.30\"");
  }));
  auto s = start();
  ASSERT_TRUE(s);
  EXPECT_TRUE(isSecurity(walk(*s, repo_), SecurityCode::kBadSignature, "snapshot"));
}

TEST_F(AttackFixture, DroppedSignaturesAreRefused) {
  ASSERT_TRUE(repo_.dropSignatures(repo_.metadataName(kTargets)));
  auto s = start();
  ASSERT_TRUE(s);
  EXPECT_TRUE(isSecurity(walk(*s, repo_), SecurityCode::kBadSignature, "targets"));
}

TEST_F(AttackFixture, ArtifactTamperedOnMirrorFailsHashCheck) {
  auto s = start();
  ASSERT_TRUE(s);
  ASSERT_TRUE(walk(*s, repo_));
  const tuf::TargetFile& t = s->targets()->targets.at("advisories/a.json");
  EXPECT_TRUE(tuf::checkLengthAndHashes("{\"advisory\":1}", t.length, t.hashes, "advisories/a.json"));
  EXPECT_TRUE(isSecurity(tuf::checkLengthAndHashes("{\"advisory\":2}", t.length, t.hashes, "advisories/a.json"),
                         SecurityCode::kHashMismatch, "advisories/a.json"));
  EXPECT_TRUE(isSecurity(tuf::checkLengthAndHashes("{\"advisory\":1} ", t.length, t.hashes, "advisories/a.json"),
                         SecurityCode::kLengthMismatch, "advisories/a.json"));
}

// ---- key compromise and thresholds --------------------------------------
TEST_F(AttackFixture, KeyCompromiseBelowThresholdIsRefused) {
  ASSERT_TRUE(repo_.addKey(kSnapshot, ecdsaKey(1)));
  ASSERT_TRUE(repo_.setThreshold(kSnapshot, 2));
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  ASSERT_TRUE(repo_.publishRoot());
  ASSERT_TRUE(repo_.setSigners(kSnapshot, {ed25519Key("snapshot-1")}));  // one compromised key only
  ASSERT_TRUE(repo_.publish());
  auto s = start();
  ASSERT_TRUE(s);
  EXPECT_TRUE(isSecurity(walk(*s, repo_), SecurityCode::kThresholdNotMet, "snapshot"));
  // Positive control: both keys sign.
  ASSERT_TRUE(repo_.setSigners(kSnapshot, {ed25519Key("snapshot-1"), ecdsaKey(1)}));
  ASSERT_TRUE(repo_.publish());
  auto ok = start();
  ASSERT_TRUE(ok);
  Status st = walk(*ok, repo_);
  EXPECT_TRUE(st) << st.error().describe();
}

TEST_F(AttackFixture, ThresholdCountsEachPublicKeyOnceNotEachSignature) {
  ASSERT_TRUE(repo_.setThreshold(kTimestamp, 2));
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  ASSERT_TRUE(repo_.publishRoot());
  // The same key signs twice: two signature entries, one key.
  ASSERT_TRUE(repo_.setSigners(kTimestamp, {ed25519Key("timestamp-1"), ed25519Key("timestamp-1")}));
  ASSERT_TRUE(repo_.publish());
  auto s = start();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->updateRoot(file("metadata/2.root.json")));
  // Refused before counting: repeated key ids make the metadata malformed
  // (duplicate_keyid_attacks_test.cc covers every role).
  auto refused = s->updateTimestamp(meta(kTimestamp));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().describe().find("duplicate keyid"), std::string::npos)
      << refused.error().describe();
}

TEST_F(AttackFixture, RsaAndEcdsaKeysMeetAMixedThreshold) {
  ASSERT_TRUE(repo_.addKey(kTargets, rsaKey(1)));
  ASSERT_TRUE(repo_.addKey(kTargets, ecdsaKey(2)));
  ASSERT_TRUE(repo_.setThreshold(kTargets, 3));
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  ASSERT_TRUE(repo_.publishRoot());
  ASSERT_TRUE(repo_.publish());
  auto s = start();
  ASSERT_TRUE(s);
  Status st = walk(*s, repo_);
  EXPECT_TRUE(st) << st.error().describe();
  ASSERT_TRUE(repo_.setSigners(kTargets, {rsaKey(1), ecdsaKey(2)}));
  ASSERT_TRUE(repo_.publish());
  auto two = start();
  ASSERT_TRUE(two);
  EXPECT_TRUE(isSecurity(walk(*two, repo_), SecurityCode::kThresholdNotMet, "targets"));
}

// ---- rollback -------------------------------------------------------------
TEST_F(AttackFixture, RollbackOfTimestampVersionIsRefused) {
  ASSERT_TRUE(repo_.setVersion(kTimestamp, 5));
  ASSERT_TRUE(repo_.publish());
  std::string v5 = meta(kTimestamp);
  ASSERT_TRUE(repo_.setVersion(kTimestamp, 4));
  ASSERT_TRUE(repo_.publish());
  // The stored timestamp (v5) is offered first, then the served one (v4).
  auto fresh = start();
  ASSERT_TRUE(fresh);
  ASSERT_TRUE(fresh->updateTimestamp(v5));
  EXPECT_TRUE(isSecurity(fresh->updateTimestamp(meta(kTimestamp)), SecurityCode::kRollback, "timestamp"));
  EXPECT_EQ(fresh->timestamp()->common.version, 5);  // trusted state unchanged
}

TEST_F(AttackFixture, RollbackOfSnapshotVersionInTimestampIsRefused) {
  ASSERT_TRUE(repo_.setVersion(kSnapshot, 3));
  ASSERT_TRUE(repo_.publish());
  std::string ts_old = meta(kTimestamp);
  ASSERT_TRUE(repo_.setVersion(kSnapshot, 2));
  ASSERT_TRUE(repo_.bumpVersion(kTimestamp));
  ASSERT_TRUE(repo_.publish());
  auto s = start();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->updateTimestamp(ts_old));
  EXPECT_TRUE(isSecurity(s->updateTimestamp(meta(kTimestamp)), SecurityCode::kRollback, "timestamp"));
}

TEST_F(AttackFixture, RollbackOfTargetsVersionInSnapshotIsRefused) {
  ASSERT_TRUE(repo_.setVersion(kTargets, 3));
  ASSERT_TRUE(repo_.publish());
  std::string snap_old = meta(kSnapshot);
  std::string ts_old = meta(kTimestamp);
  ASSERT_TRUE(repo_.setVersion(kTargets, 2));
  ASSERT_TRUE(repo_.bumpVersion(kSnapshot));
  ASSERT_TRUE(repo_.bumpVersion(kTimestamp));
  ASSERT_TRUE(repo_.publish());
  // As python-tuf's updater: stored timestamp, new timestamp, stored snapshot
  // (kept as the rollback reference although it no longer matches the new
  // timestamp), then the new snapshot.
  auto s = start();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->updateTimestamp(ts_old));
  ASSERT_TRUE(s->updateTimestamp(meta(kTimestamp)));
  EXPECT_TRUE(isSecurity(s->updateSnapshot(snap_old, /*from_store=*/true), SecurityCode::kBadVersion, "snapshot"));
  EXPECT_TRUE(isSecurity(s->updateSnapshot(meta(kSnapshot)), SecurityCode::kRollback, "snapshot"));
  EXPECT_EQ(s->snapshot()->meta.at("targets.json").version, 3);  // still the trusted one
}

TEST_F(AttackFixture, RootRollbackToOlderVersionIsRefused) {
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  ASSERT_TRUE(repo_.publishRoot());
  auto s = start();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->updateRoot(file("metadata/2.root.json")));
  EXPECT_TRUE(isSecurity(s->updateRoot(file("metadata/1.root.json")), SecurityCode::kRollback, "root"));
  EXPECT_EQ(s->root().common.version, 2);
}

TEST_F(AttackFixture, RootVersionSkipIsRefused) {
  ASSERT_TRUE(repo_.setVersion(kRoot, 3));
  ASSERT_TRUE(repo_.publishRoot());
  auto s = start();
  ASSERT_TRUE(s);
  EXPECT_TRUE(isSecurity(s->updateRoot(file("metadata/3.root.json")), SecurityCode::kBadVersion, "root"));
  EXPECT_EQ(s->root().common.version, 1);
}

// ---- indefinite freeze (expiry) -------------------------------------------
TEST_F(AttackFixture, FreezeExpiredTimestampIsRefused) {
  ASSERT_TRUE(repo_.setExpires(kTimestamp, kNow - 1));
  ASSERT_TRUE(repo_.publish());
  auto s = start();
  ASSERT_TRUE(s);
  EXPECT_TRUE(isSecurity(s->updateTimestamp(meta(kTimestamp)), SecurityCode::kExpired, "timestamp"));
}

TEST_F(AttackFixture, FreezeExpiredSnapshotIsRefused) {
  ASSERT_TRUE(repo_.setExpires(kSnapshot, kNow - 1));
  ASSERT_TRUE(repo_.publish());
  auto s = start();
  ASSERT_TRUE(s);
  EXPECT_TRUE(isSecurity(walk(*s, repo_), SecurityCode::kExpired, "snapshot"));
}

TEST_F(AttackFixture, FreezeExpiredTargetsIsRefused) {
  ASSERT_TRUE(repo_.setExpires(kTargets, kNow));
  ASSERT_TRUE(repo_.publish());
  auto s = start();
  ASSERT_TRUE(s);
  EXPECT_TRUE(isSecurity(walk(*s, repo_), SecurityCode::kExpired, "targets"));
}

TEST_F(AttackFixture, FreezeExpiredFinalRootIsRefusedBeforeTimestamp) {
  ASSERT_TRUE(repo_.setExpires(kRoot, kNow - 10));
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  ASSERT_TRUE(repo_.publishRoot());
  auto s = start();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->updateRoot(file("metadata/2.root.json")));  // intermediate roots may be expired
  EXPECT_TRUE(isSecurity(s->updateTimestamp(meta(kTimestamp)), SecurityCode::kExpired, "root"));
}

// ---- time: 1970 device, 2038, 2100 ---------------------------------------
TEST_F(AttackFixture, DeviceClockIn1970ReachesCurrentRootThroughTheChain) {
  for (int v = 2; v <= 4; ++v) {
    ASSERT_TRUE(repo_.bumpVersion(kRoot));
    ASSERT_TRUE(repo_.publishRoot());
  }
  auto s = start(/*now=*/0);
  ASSERT_TRUE(s);
  Status st = walk(*s, repo_);
  ASSERT_TRUE(st) << st.error().describe();
  EXPECT_EQ(s->root().common.version, 4);
}

TEST_F(AttackFixture, ExpiryIn2038And2100Works) {
  const repo::Seconds y2038 = 2147558400;  // 2038-01-20T00:00:00Z
  const repo::Seconds y2100 = 4102444800;  // 2100-01-01T00:00:00Z
  ASSERT_TRUE(repo_.setExpires(kRoot, y2100));
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  ASSERT_TRUE(repo_.publishRoot());
  for (auto role : {kTimestamp, kSnapshot, kTargets}) ASSERT_TRUE(repo_.setExpires(role, y2038));
  ASSERT_TRUE(repo_.publish());
  auto before = start(y2038 - 1);
  ASSERT_TRUE(before);
  Status st = walk(*before, repo_);
  EXPECT_TRUE(st) << st.error().describe();
  auto after = start(y2038 + 1);
  ASSERT_TRUE(after);
  EXPECT_TRUE(isSecurity(walk(*after, repo_), SecurityCode::kExpired, "timestamp"));
  auto far = start(y2100 + 1);
  ASSERT_TRUE(far);
  EXPECT_TRUE(isSecurity(walk(*far, repo_), SecurityCode::kExpired, "root"));
}

// ---- mix-and-match ----------------------------------------------------------
TEST_F(AttackFixture, MixAndMatchSnapshotNotTheOneTimestampHashesIsRefused) {
  repo_.setMetaHashes(true);
  ASSERT_TRUE(repo_.setField(kSnapshot, "x-other", "1"));
  ASSERT_TRUE(repo_.publish());
  // A validly signed snapshot of the same version and length, other content.
  ASSERT_TRUE(repo_.setField(kSnapshot, "x-other", "2"));
  ASSERT_TRUE(repo_.publishRole(kSnapshot));
  auto s = start();
  ASSERT_TRUE(s);
  EXPECT_TRUE(isSecurity(walk(*s, repo_), SecurityCode::kHashMismatch, "snapshot"));
}

TEST_F(AttackFixture, MixAndMatchTargetsVersionOtherThanSnapshotListsIsRefused) {
  ASSERT_TRUE(repo_.publish());
  std::string targets_v1 = meta(kTargets);
  ASSERT_TRUE(repo_.bumpVersion(kTargets));
  ASSERT_TRUE(repo_.publish());
  auto s = start();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->updateTimestamp(meta(kTimestamp)));
  ASSERT_TRUE(s->updateSnapshot(meta(kSnapshot)));
  EXPECT_TRUE(isSecurity(s->updateTargets(targets_v1), SecurityCode::kBadVersion, "targets"));
}

TEST_F(AttackFixture, WrongTypeSnapshotOfferedAsTimestampIsRefused) {
  auto s = start();
  ASSERT_TRUE(s);
  EXPECT_TRUE(isSecurity(s->updateTimestamp(meta(kSnapshot)), SecurityCode::kWrongType, "timestamp"));
}

// ---- root and non-root key rotation ---------------------------------------
TEST_F(AttackFixture, RootRotationSignedOnlyByNewKeysIsRefused) {
  ASSERT_TRUE(repo_.revokeKey(kRoot, ed25519Key("root-1").keyid()));
  ASSERT_TRUE(repo_.addKey(kRoot, ed25519Key("root-2")));
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  ASSERT_TRUE(repo_.publishRoot());  // old key not among signers
  auto s = start();
  ASSERT_TRUE(s);
  Status st = s->updateRoot(file("metadata/2.root.json"));
  EXPECT_TRUE(isSecurity(st, SecurityCode::kBadSignature, "root"));
  EXPECT_NE(st.error().message.find("trusted root v1"), std::string::npos) << st.error().describe();
  // Positive control: signed by old and new.
  ASSERT_TRUE(repo_.publishRoot({ed25519Key("root-1")}));
  auto ok = start();
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->updateRoot(file("metadata/2.root.json")));
}

TEST_F(AttackFixture, RootRotationSignedOnlyByOldKeysIsRefused) {
  ASSERT_TRUE(repo_.revokeKey(kRoot, ed25519Key("root-1").keyid()));
  ASSERT_TRUE(repo_.addKey(kRoot, ed25519Key("root-2")));
  ASSERT_TRUE(repo_.setSigners(kRoot, {ed25519Key("root-1")}));
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  ASSERT_TRUE(repo_.publishRoot());
  auto s = start();
  ASSERT_TRUE(s);
  Status st = s->updateRoot(file("metadata/2.root.json"));
  EXPECT_TRUE(isSecurity(st, SecurityCode::kBadSignature, "root"));
  EXPECT_NE(st.error().message.find("new root v2"), std::string::npos) << st.error().describe();
}

TEST_F(AttackFixture, NonRootRotationOldTimestampKeyIsRefusedAfterRotation) {
  ASSERT_TRUE(repo_.revokeKey(kTimestamp, ed25519Key("timestamp-1").keyid()));
  ASSERT_TRUE(repo_.addKey(kTimestamp, ed25519Key("timestamp-2")));
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  ASSERT_TRUE(repo_.publishRoot());
  ASSERT_TRUE(repo_.setSigners(kTimestamp, {ed25519Key("timestamp-1")}));
  ASSERT_TRUE(repo_.publish());
  auto s = start();
  ASSERT_TRUE(s);
  EXPECT_TRUE(isSecurity(walk(*s, repo_), SecurityCode::kBadSignature, "timestamp"));
  ASSERT_TRUE(repo_.setSigners(kTimestamp, {ed25519Key("timestamp-2")}));
  ASSERT_TRUE(repo_.publish());
  auto ok = start();
  ASSERT_TRUE(ok);
  Status st = walk(*ok, repo_);
  EXPECT_TRUE(st) << st.error().describe();
}

// ---- delegations and extraneous dependencies ------------------------------
TEST_F(AttackFixture, ExtraneousDependencyRoleNotDelegatedByDelegatorIsRefused) {
  ASSERT_TRUE(repo_.delegate(kTargets, {"advisories", {"advisories/*"}, {}, false, 1}, {ed25519Key("adv-1")}));
  ASSERT_TRUE(repo_.delegate("advisories", {"inner", {"advisories/x/*"}, {}, false, 1}, {ed25519Key("inner-1")}));
  ASSERT_TRUE(repo_.publish());
  auto s = start();
  ASSERT_TRUE(s);
  ASSERT_TRUE(walk(*s, repo_));
  // "inner" offered as if targets delegated it: refused.
  EXPECT_TRUE(isSecurity(s->updateDelegatedTargets(meta("inner"), "inner", kTargets),
                         SecurityCode::kTargetNotDelegated, "inner"));
  ASSERT_TRUE(s->updateDelegatedTargets(meta("advisories"), "advisories", kTargets));
  Status st = s->updateDelegatedTargets(meta("inner"), "inner", "advisories");
  EXPECT_TRUE(st) << st.error().describe();
}

TEST_F(AttackFixture, DelegatedRoleSignedByItsDelegatorsKeyOnlyIsRefused) {
  ASSERT_TRUE(repo_.delegate(kTargets, {"advisories", {"advisories/*"}, {}, true, 1}, {ed25519Key("adv-1")}));
  ASSERT_TRUE(repo_.setSigners("advisories", {ed25519Key("targets-1")}));
  ASSERT_TRUE(repo_.publish());
  auto s = start();
  ASSERT_TRUE(s);
  ASSERT_TRUE(walk(*s, repo_));
  EXPECT_TRUE(isSecurity(s->updateDelegatedTargets(meta("advisories"), "advisories", kTargets),
                         SecurityCode::kBadSignature, "advisories"));
}

TEST_F(AttackFixture, UnusualRoleNamesVerifyUnderTheirOwnName) {
  for (const char* name : {"../delegatedrole", "/delegatedrole", "?", "#", "a b"}) {
    ASSERT_TRUE(repo_.delegate(kTargets, {name, {"x/*"}, {}, false, 1}, {ed25519Key(std::string("k") + name)}));
  }
  ASSERT_TRUE(repo_.publish());
  auto s = start();
  ASSERT_TRUE(s);
  ASSERT_TRUE(walk(*s, repo_));
  for (const char* name : {"../delegatedrole", "/delegatedrole", "?", "#", "a b"}) {
    Status st = s->updateDelegatedTargets(meta(name), name, kTargets);
    EXPECT_TRUE(st) << name << ": " << st.error().describe();
  }
  EXPECT_EQ(repo_.metadataName("../delegatedrole"), "metadata/1...%2Fdelegatedrole.json");
}

TEST(DelegationPaths, PatternsAndHashPrefixesDecideWhatARoleMaySign) {
  tuf::DelegatedRole r;
  r.paths = std::vector<std::string>{"advisories/*.json"};
  EXPECT_TRUE(r.delegates("advisories/a.json"));
  EXPECT_FALSE(r.delegates("advisories/sub/a.json"));  // '*' never crosses '/'
  EXPECT_FALSE(r.delegates("actions/a.json"));
  tuf::DelegatedRole h;
  h.path_hash_prefixes = std::vector<std::string>{"8"};
  // sha256("file.txt") = 8a9a... is not asserted by value here: exactly one of
  // two complementary prefix sets must claim each path.
  tuf::DelegatedRole rest;
  rest.path_hash_prefixes = std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7",
                                                     "9", "a", "b", "c", "d", "e", "f"};
  for (const char* p : {"a", "b.txt", "dir/c", "??"}) EXPECT_NE(h.delegates(p), rest.delegates(p)) << p;
}

// ---- custom fields -----------------------------------------------------------
TEST_F(AttackFixture, CustomFieldsAreSignedAndVerified) {
  repo_.setIssued(kNow - 3600);
  ASSERT_TRUE(repo_.setField(kTargets, "x-vendor", R"({"z":[1,{"b":2,"a":"é"}]})"));
  ASSERT_TRUE(repo_.publish());
  auto s = start();
  ASSERT_TRUE(s);
  Status st = walk(*s, repo_);
  ASSERT_TRUE(st) << st.error().describe();
  ASSERT_TRUE(s->timestamp()->common.psirt_issued.has_value());
  EXPECT_EQ(*s->timestamp()->common.psirt_issued, kNow - 3600);
  EXPECT_EQ(*s->snapshot()->common.psirt_issued, kNow - 3600);
}

}  // namespace
}  // namespace psirt::test
