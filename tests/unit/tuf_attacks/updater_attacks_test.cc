// Spec §1.5.2 attacks and the conformance suite's categories through the
// Updater: each test asserts the SecurityCode and role, the trusted state's
// bytes on disk (unchanged, or advanced exactly as far as the spec says), the
// exact fetch sequence, and a positive control on the untampered repository.
#include "tests/unit/tuf_attacks/updater_fixture.h"

#include "platform/crypto/crypto.h"

namespace psirt::test {
namespace {

using repo::kRoot;
using repo::kSnapshot;
using repo::kTargets;
using repo::kTimestamp;

const Fetches kBasic = {"metadata/2.root.json", "metadata/timestamp.json", "metadata/1.snapshot.json",
                        "metadata/1.targets.json"};

TEST_F(UpdaterAttack, BasicRefreshFetchesRoot2TimestampSnapshotTargetsAndPersistsServedBytes) {
  Run r = refresh();
  ASSERT_TRUE(r.status) << r.status.error().describe();
  EXPECT_EQ(r.fetches, kBasic);
  EXPECT_EQ(state(), servedTopLevel(1));
  // A second refresh with nothing new: root probe and timestamp only.
  Run again = refresh();
  ASSERT_TRUE(again.status) << again.status.error().describe();
  EXPECT_EQ(again.fetches, (Fetches{"metadata/2.root.json", "metadata/timestamp.json"}));
}

TEST_F(UpdaterAttack, ArbitrarySoftwareInstallationBadTargetsSignatureKeepsEarlierRolesOnly) {
  ASSERT_TRUE(repo_.addTarget(kTargets, "advisories/evil.json", "evil"));
  ASSERT_TRUE(repo_.setSigners(kTargets, {ed25519Key("attacker")}));
  ASSERT_TRUE(repo_.publish());
  Run r = refresh();
  EXPECT_TRUE(isSecurity(r.status, SecurityCode::kBadSignature, "targets"));
  EXPECT_EQ(r.fetches, kBasic);
  auto expected = servedTopLevel(1);
  expected.erase("targets.json");  // earlier roles persisted, the bad one not
  EXPECT_EQ(state(), expected);
  // Positive control.
  ASSERT_TRUE(repo_.setSigners(kTargets, {ed25519Key("targets-1")}));
  ASSERT_TRUE(repo_.publish());
  Run ok = refresh();
  EXPECT_TRUE(ok.status) << ok.status.error().describe();
  EXPECT_EQ(state(), servedTopLevel(1));
}

TEST_F(UpdaterAttack, ArbitrarySoftwareInstallationTamperedArtifactIsRefused) {
  ASSERT_TRUE(repo_.addTarget(kTargets, "dir/file.txt", "genuine"));
  ASSERT_TRUE(repo_.publish());
  std::string name = *repo_.targetName("dir/file.txt");
  std::string sha = crypto::toHex(crypto::sha256(crypto::asBytes("genuine")));
  EXPECT_EQ(name, "targets/dir/" + sha + ".file.txt");
  Run ok = refresh(kNow, "dir/file.txt");
  ASSERT_TRUE(ok.status) << ok.status.error().describe();
  EXPECT_EQ(ok.target_bytes, "genuine");
  EXPECT_EQ(ok.fetches.back(), name);  // hash-prefixed name
  ASSERT_TRUE(repo_.mutateFile(name, [](std::string& b) { b[0] = 'G'; }));
  Run bad = refresh(kNow, "dir/file.txt");
  EXPECT_TRUE(isSecurity(bad.status, SecurityCode::kHashMismatch, "dir/file.txt"));
  EXPECT_EQ(bad.fetches, (Fetches{"metadata/2.root.json", "metadata/timestamp.json", name}));
}

TEST_F(UpdaterAttack, RollbackAttackOlderTimestampLeavesTrustedStateUnchanged) {
  ASSERT_TRUE(repo_.setVersion(kTimestamp, 2));
  ASSERT_TRUE(repo_.publish());
  ASSERT_TRUE(refresh().status);
  auto before = state();
  ASSERT_TRUE(repo_.setVersion(kTimestamp, 1));
  ASSERT_TRUE(repo_.publish());
  Run r = refresh();
  EXPECT_TRUE(isSecurity(r.status, SecurityCode::kRollback, "timestamp"));
  EXPECT_EQ(r.fetches, (Fetches{"metadata/2.root.json", "metadata/timestamp.json"}));
  EXPECT_EQ(state(), before);
}

TEST_F(UpdaterAttack, RollbackAttackOlderTargetsVersionInSnapshotIsRefused) {
  ASSERT_TRUE(repo_.setVersion(kTargets, 3));
  ASSERT_TRUE(repo_.publish());
  ASSERT_TRUE(refresh().status);
  auto before = state();
  ASSERT_TRUE(repo_.setVersion(kTargets, 2));
  ASSERT_TRUE(repo_.bumpVersion(kSnapshot));
  ASSERT_TRUE(repo_.bumpVersion(kTimestamp));
  ASSERT_TRUE(repo_.publish());
  Run r = refresh();
  EXPECT_TRUE(isSecurity(r.status, SecurityCode::kRollback, "snapshot"));
  EXPECT_EQ(r.fetches, (Fetches{"metadata/2.root.json", "metadata/timestamp.json", "metadata/2.snapshot.json"}));
  // Spec: the new timestamp is persisted (it verified); snapshot and targets are not.
  auto expected = before;
  expected["timestamp.json"] = meta(kTimestamp);
  EXPECT_EQ(state(), expected);
}

TEST_F(UpdaterAttack, FastForwardAttackRecoveredAfterTimestampKeyRotation) {
  // The attacker, holding the timestamp key, pushes version 99.
  ASSERT_TRUE(repo_.setVersion(kTimestamp, 99));
  ASSERT_TRUE(repo_.publish());
  ASSERT_TRUE(refresh().status);
  // The repository goes back to version 1 without rotating: still refused.
  ASSERT_TRUE(repo_.setVersion(kTimestamp, 1));
  ASSERT_TRUE(repo_.publish());
  EXPECT_TRUE(isSecurity(refresh().status, SecurityCode::kRollback, "timestamp"));
  // Rotating the timestamp key in root v2 makes the client discard v99.
  ASSERT_TRUE(repo_.revokeKey(kTimestamp, ed25519Key("timestamp-1").keyid()));
  ASSERT_TRUE(repo_.addKey(kTimestamp, ed25519Key("timestamp-2")));
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  ASSERT_TRUE(repo_.publishRoot());
  ASSERT_TRUE(repo_.publish());
  Run r = refresh();
  ASSERT_TRUE(r.status) << r.status.error().describe();
  EXPECT_EQ(r.fetches, (Fetches{"metadata/2.root.json", "metadata/3.root.json", "metadata/timestamp.json",
                                "metadata/1.snapshot.json"}));
  EXPECT_EQ(state(), servedTopLevel(2));
}

TEST_F(UpdaterAttack, IndefiniteFreezeExpiredTimestampIsNotPersisted) {
  ASSERT_TRUE(repo_.setExpires(kTimestamp, kNow - 1));
  ASSERT_TRUE(repo_.publish());
  Run r = refresh();
  EXPECT_TRUE(isSecurity(r.status, SecurityCode::kExpired, "timestamp"));
  EXPECT_EQ(r.fetches, (Fetches{"metadata/2.root.json", "metadata/timestamp.json"}));
  EXPECT_EQ(state(), (std::map<std::string, std::string>{{"root.json", file("metadata/1.root.json")}}));
}

TEST_F(UpdaterAttack, IndefiniteFreezeReplayedOldMetadataExpiresOnTheDevice) {
  ASSERT_TRUE(repo_.setExpires(kRoot, kNow + 5 * 365 * 86400));
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  ASSERT_TRUE(repo_.publishRoot());
  ASSERT_TRUE(refresh().status);
  auto before = state();
  // The mirror keeps serving the same files; a year and a day later they expire.
  Run r = refresh(kNow + 366 * 86400);
  EXPECT_TRUE(isSecurity(r.status, SecurityCode::kExpired, "timestamp"));
  // Spec §5.4.3.1 + §5.4.4: the served timestamp equals the trusted (expired)
  // one, so the update stops there; no snapshot is fetched.
  EXPECT_EQ(r.fetches, (Fetches{"metadata/3.root.json", "metadata/timestamp.json"}));
  EXPECT_EQ(state(), before);
}

TEST_F(UpdaterAttack, EndlessDataTimestampStopsAtLimitPlusOne) {
  fetcher_.endless("metadata/timestamp.json");
  Run r = refresh();
  ASSERT_FALSE(r.status);
  EXPECT_EQ(r.status.error().category, ErrorCategory::kLimit) << r.status.error().describe();
  EXPECT_NE(r.status.error().context.find("timestamp"), std::string::npos);
  EXPECT_EQ(fetcher_.bytesDelivered("metadata/timestamp.json"), options().max_timestamp_bytes + 1);
  EXPECT_EQ(r.fetches, (Fetches{"metadata/2.root.json", "metadata/timestamp.json"}));
  EXPECT_EQ(state().size(), 1u);  // root only
}

TEST_F(UpdaterAttack, EndlessDataSnapshotLongerThanListedIsLengthMismatch) {
  repo_.setMetaHashes(true);
  ASSERT_TRUE(repo_.publish());
  fetcher_.endless("metadata/1.snapshot.json");
  Run r = refresh();
  EXPECT_TRUE(isSecurity(r.status, SecurityCode::kLengthMismatch, "snapshot"));
  std::size_t listed = meta(kSnapshot).size();
  EXPECT_EQ(fetcher_.bytesDelivered("metadata/1.snapshot.json"), listed + 1);
  EXPECT_EQ(r.fetches, (Fetches{"metadata/2.root.json", "metadata/timestamp.json", "metadata/1.snapshot.json"}));
}

TEST_F(UpdaterAttack, EndlessDataArtifactStopsAtListedLengthPlusOne) {
  ASSERT_TRUE(repo_.addTarget(kTargets, "big.bin", std::string(1000, 'b')));
  ASSERT_TRUE(repo_.publish());
  std::string name = *repo_.targetName("big.bin");
  fetcher_.endless(name);
  Run r = refresh(kNow, "big.bin");
  ASSERT_FALSE(r.status);
  EXPECT_EQ(r.status.error().security, SecurityCode::kLengthMismatch) << r.status.error().describe();
  EXPECT_EQ(fetcher_.bytesDelivered(name), 1001u);
  EXPECT_EQ(r.fetches.back(), name);
}

TEST_F(UpdaterAttack, MixAndMatchSnapshotOtherThanTimestampNamesIsRefused) {
  repo_.setMetaHashes(true);
  ASSERT_TRUE(repo_.setField(kSnapshot, "x-other", "1"));
  ASSERT_TRUE(repo_.publish());
  ASSERT_TRUE(repo_.setField(kSnapshot, "x-other", "2"));  // same length, other bytes, validly signed
  ASSERT_TRUE(repo_.publishRole(kSnapshot));
  Run r = refresh();
  EXPECT_TRUE(isSecurity(r.status, SecurityCode::kHashMismatch, "snapshot"));
  EXPECT_EQ(r.fetches, (Fetches{"metadata/2.root.json", "metadata/timestamp.json", "metadata/1.snapshot.json"}));
  EXPECT_EQ(state().count("snapshot.json"), 0u);
}

TEST_F(UpdaterAttack, MaliciousMirrorWithholdingTimestampFailsWithoutTouchingState) {
  ASSERT_TRUE(refresh().status);
  auto before = state();
  ASSERT_TRUE(repo_.removeFile("metadata/timestamp.json"));
  Run r = refresh();
  ASSERT_FALSE(r.status);
  EXPECT_TRUE(tuf::isNotFound(r.status.error())) << r.status.error().describe();
  EXPECT_NE(r.status.error().context.find("timestamp"), std::string::npos);
  EXPECT_EQ(state(), before);
}

TEST_F(UpdaterAttack, KeyCompromiseRootV2BelowThresholdOfOldRootIsRefused) {
  ASSERT_TRUE(repo_.addKey(kRoot, ecdsaKey(1)));
  ASSERT_TRUE(repo_.setThreshold(kRoot, 2));
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  ASSERT_TRUE(repo_.publishRoot());  // v2 properly signed by root-1 (v1's only key) + ecdsa-1
  ASSERT_TRUE(refresh().status);
  // v3 signed by one of v2's two root keys only: the attacker has one key.
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  ASSERT_TRUE(repo_.setSigners(kRoot, {ecdsaKey(1)}));
  ASSERT_TRUE(repo_.publishRoot());
  auto before = state();
  Run r = refresh();
  EXPECT_TRUE(isSecurity(r.status, SecurityCode::kThresholdNotMet, "root"));
  EXPECT_EQ(r.fetches, (Fetches{"metadata/3.root.json"}));
  EXPECT_EQ(state(), before);
}

TEST_F(UpdaterAttack, WrongKeySignatureOnTimestampIsRefused) {
  ASSERT_TRUE(repo_.setSigners(kTimestamp, {ed25519Key("targets-1")}));
  ASSERT_TRUE(repo_.publish());
  Run r = refresh();
  EXPECT_TRUE(isSecurity(r.status, SecurityCode::kBadSignature, "timestamp"));
  EXPECT_EQ(r.fetches, (Fetches{"metadata/2.root.json", "metadata/timestamp.json"}));
  EXPECT_EQ(state().size(), 1u);
}

TEST_F(UpdaterAttack, RootRotationChainFrom1970ReachesV4) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(repo_.bumpVersion(kRoot));
    ASSERT_TRUE(repo_.publishRoot());
  }
  Run r = refresh(/*now=*/0);
  ASSERT_TRUE(r.status) << r.status.error().describe();
  EXPECT_EQ(r.fetches, (Fetches{"metadata/2.root.json", "metadata/3.root.json", "metadata/4.root.json",
                                "metadata/5.root.json", "metadata/timestamp.json", "metadata/1.snapshot.json",
                                "metadata/1.targets.json"}));
  EXPECT_EQ(state(), servedTopLevel(4));
}

TEST_F(UpdaterAttack, ClockTenYearsAheadSaysClockAhead) {
  Run r = refresh(kNow + 10 * 365 * 86400);
  ASSERT_FALSE(r.status);
  EXPECT_EQ(r.status.error().security, SecurityCode::kExpired);
  EXPECT_NE(r.status.error().describe().find("clock ahead?"), std::string::npos) << r.status.error().describe();
  EXPECT_EQ(state().size(), 1u);
  // A clock only one day past expiry is plain expiry, without the hint.
  Run r2 = refresh(kNow + 366 * 86400);
  ASSERT_FALSE(r2.status);
  EXPECT_EQ(r2.status.error().describe().find("clock ahead?"), std::string::npos);
}

TEST_F(UpdaterAttack, ExpiryIn2038And2100) {
  const repo::Seconds y2038 = 2147558400;  // 2038-01-20T00:00:00Z
  const repo::Seconds y2100 = 4102444800;  // 2100-01-01T00:00:00Z
  ASSERT_TRUE(repo_.setExpires(kRoot, y2100));
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  ASSERT_TRUE(repo_.publishRoot());
  for (auto role : {kTimestamp, kSnapshot, kTargets}) ASSERT_TRUE(repo_.setExpires(role, y2038));
  ASSERT_TRUE(repo_.publish());
  Run ok = refresh(y2038 - 60);
  ASSERT_TRUE(ok.status) << ok.status.error().describe();
  Run late = refresh(y2038 + 60);
  EXPECT_TRUE(isSecurity(late.status, SecurityCode::kExpired, "timestamp"));
}

TEST_F(UpdaterAttack, ResignedTimestampWithSameVersionDoesNotFetchItsSnapshot) {
  ASSERT_TRUE(refresh().status);
  auto before = state();
  // Same timestamp version, now naming snapshot 2.
  ASSERT_TRUE(repo_.bumpVersion(kSnapshot));
  ASSERT_TRUE(repo_.publish());
  Run r = refresh();
  ASSERT_TRUE(r.status) << r.status.error().describe();
  EXPECT_EQ(r.fetches, (Fetches{"metadata/2.root.json", "metadata/timestamp.json"}));
  EXPECT_EQ(state(), before);
}

TEST_F(UpdaterAttack, DelegationSearchIsPreOrderDepthFirst) {
  ASSERT_TRUE(repo_.delegate(kTargets, {"A", {"*"}, {}, false, 1}, {ed25519Key("A")}));
  ASSERT_TRUE(repo_.delegate(kTargets, {"B", {"*"}, {}, false, 1}, {ed25519Key("B")}));
  ASSERT_TRUE(repo_.delegate("A", {"A1", {"*"}, {}, false, 1}, {ed25519Key("A1")}));
  ASSERT_TRUE(repo_.addTarget("B", "wanted.txt", "w"));
  ASSERT_TRUE(repo_.publish());
  Run r = refresh(kNow, "wanted.txt");
  ASSERT_TRUE(r.status) << r.status.error().describe();
  Fetches expected = kBasic;
  expected.insert(expected.end(), {"metadata/1.A.json", "metadata/1.A1.json", "metadata/1.B.json",
                                   *repo_.targetName("wanted.txt")});
  EXPECT_EQ(r.fetches, expected);
  EXPECT_EQ(r.target_bytes, "w");
  EXPECT_EQ(state().size(), 7u);  // 4 top-level + A, A1, B
}

TEST_F(UpdaterAttack, ExtraneousDependencyTerminatingRoleStopsTheSearch) {
  ASSERT_TRUE(repo_.delegate(kTargets, {"A", {"*.txt"}, {}, true, 1}, {ed25519Key("A")}));
  ASSERT_TRUE(repo_.delegate(kTargets, {"B", {"*"}, {}, false, 1}, {ed25519Key("B")}));
  ASSERT_TRUE(repo_.addTarget("B", "wanted.txt", "w"));
  ASSERT_TRUE(repo_.publish());
  Run r = refresh(kNow, "wanted.txt");
  EXPECT_TRUE(isSecurity(r.status, SecurityCode::kTargetNotDelegated, "wanted.txt"));
  Fetches expected = kBasic;
  expected.push_back("metadata/1.A.json");  // B is never consulted
  EXPECT_EQ(r.fetches, expected);
  // Positive control: a path A does not claim is found in B.
  ASSERT_TRUE(repo_.addTarget("B", "other.bin", "o"));
  ASSERT_TRUE(repo_.bumpVersion("B"));
  ASSERT_TRUE(repo_.bumpVersion(kSnapshot));
  ASSERT_TRUE(repo_.bumpVersion(kTimestamp));
  ASSERT_TRUE(repo_.publish());
  Run ok = refresh(kNow, "other.bin");
  EXPECT_TRUE(ok.status) << ok.status.error().describe();
}

TEST_F(UpdaterAttack, ExtraneousDependencyTargetOutsideDelegatedPathsIsNotTrusted) {
  ASSERT_TRUE(repo_.delegate(kTargets, {"advisories", {"advisories/*"}, {}, false, 1}, {ed25519Key("adv")}));
  ASSERT_TRUE(repo_.addTarget("advisories", "actions/run.sh", "rm -rf /"));  // not its to sign
  ASSERT_TRUE(repo_.publish());
  Run r = refresh(kNow, "actions/run.sh");
  EXPECT_TRUE(isSecurity(r.status, SecurityCode::kTargetNotDelegated, "actions/run.sh"));
  EXPECT_EQ(r.fetches, kBasic);  // the role is not even fetched
}

TEST_F(UpdaterAttack, UnusualRoleNamesArePercentEncodedInRequests) {
  ASSERT_TRUE(repo_.delegate(kTargets, {"?", {"q/*"}, {}, false, 1}, {ed25519Key("q")}));
  ASSERT_TRUE(repo_.delegate(kTargets, {"#", {"h/*"}, {}, false, 1}, {ed25519Key("h")}));
  ASSERT_TRUE(repo_.delegate(kTargets, {"/delegatedrole", {"s/*"}, {}, false, 1}, {ed25519Key("s")}));
  ASSERT_TRUE(repo_.addTarget("/delegatedrole", "s/f", "f"));
  ASSERT_TRUE(repo_.publish());
  Run r = refresh(kNow, "s/f");
  ASSERT_TRUE(r.status) << r.status.error().describe();
  Fetches expected = kBasic;
  expected.insert(expected.end(), {"metadata/1.%2Fdelegatedrole.json", *repo_.targetName("s/f")});
  EXPECT_EQ(r.fetches, expected);
  EXPECT_EQ(state().size(), 5u);
}

TEST_F(UpdaterAttack, NonRootRotationOfSnapshotKeyIsFollowed) {
  ASSERT_TRUE(refresh().status);
  ASSERT_TRUE(repo_.revokeKey(kSnapshot, ed25519Key("snapshot-1").keyid()));
  ASSERT_TRUE(repo_.addKey(kSnapshot, rsaKey(1)));
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  ASSERT_TRUE(repo_.publishRoot());
  ASSERT_TRUE(repo_.bumpVersion(kSnapshot));
  ASSERT_TRUE(repo_.bumpVersion(kTimestamp));
  ASSERT_TRUE(repo_.publish());
  Run r = refresh();
  ASSERT_TRUE(r.status) << r.status.error().describe();
  EXPECT_EQ(r.fetches, (Fetches{"metadata/2.root.json", "metadata/3.root.json", "metadata/timestamp.json",
                                "metadata/2.snapshot.json"}));
  EXPECT_EQ(state(), servedTopLevel(2));
  // The old snapshot key alone no longer works.
  ASSERT_TRUE(repo_.setSigners(kSnapshot, {ed25519Key("snapshot-1")}));
  ASSERT_TRUE(repo_.bumpVersion(kSnapshot));
  ASSERT_TRUE(repo_.bumpVersion(kTimestamp));
  ASSERT_TRUE(repo_.publish());
  EXPECT_TRUE(isSecurity(refresh().status, SecurityCode::kBadSignature, "snapshot"));
}

}  // namespace
}  // namespace psirt::test
