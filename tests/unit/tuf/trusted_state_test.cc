#include "agent/tuf/trusted_state.h"

#include <gtest/gtest.h>

#include "tests/support/test_paths.h"
#include "tests/unit/tuf/tuf_test_support.h"

namespace psirt::tuf {
namespace {

using tuf::test::FakeFetcher;
using tuf::test::TestRepo;

std::string py(const std::string& name) {
  return psirt::test::readTextFile(psirt::test::conformanceDir() + "/tuf/python-tuf/repository/metadata/" +
                                   name);
}
const Seconds k2025 = *parseTufTime("2025-06-01T00:00:00Z");

TEST(TrustedState, RealPythonTufRepositoryInOrder) {
  auto s = TrustedState::create(py("root.json"), k2025);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  auto ts = s->updateTimestamp(py("timestamp.json"));
  ASSERT_TRUE(ts.ok()) << ts.error().describe();
  EXPECT_EQ(*ts, TimestampOutcome::kAccepted);
  Status st = s->updateSnapshot(py("snapshot.json"));
  ASSERT_TRUE(st.ok()) << st.error().describe();
  st = s->updateTargets(py("targets.json"));
  ASSERT_TRUE(st.ok()) << st.error().describe();
  st = s->updateDelegatedTargets(py("role1.json"), "role1", "targets");
  ASSERT_TRUE(st.ok()) << st.error().describe();
  st = s->updateDelegatedTargets(py("role2.json"), "role2", "role1");
  ASSERT_TRUE(st.ok()) << st.error().describe();
  EXPECT_EQ(s->targets("role1")->targets.count("file3.txt"), 1u);
  EXPECT_TRUE(s->verifiedBy("role1", "targets"));
}

TEST(TrustedState, TimestampAsInitialRootIsWrongType) {
  auto s = TrustedState::create(py("timestamp.json"), k2025);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().security, SecurityCode::kWrongType);
}

TEST(TrustedState, RefusesRolesOutOfOrder) {
  auto s = TrustedState::create(py("root.json"), k2025);
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->updateSnapshot(py("snapshot.json")).ok());  // before timestamp
  EXPECT_FALSE(s->updateTargets(py("targets.json")).ok());    // before snapshot
  EXPECT_FALSE(s->updateDelegatedTargets(py("role1.json"), "role1", "targets").ok());
  ASSERT_TRUE(s->updateTimestamp(py("timestamp.json")).ok());
  Status late_root = s->updateRoot(py("1.root.json"));  // root after timestamp
  ASSERT_FALSE(late_root.ok());
  EXPECT_NE(late_root.error().message.find("out of order"), std::string::npos);
  ASSERT_TRUE(s->updateSnapshot(py("snapshot.json")).ok());
  ASSERT_TRUE(s->updateTargets(py("targets.json")).ok());
  EXPECT_FALSE(s->updateSnapshot(py("snapshot.json")).ok());    // snapshot after targets
  EXPECT_FALSE(s->updateTimestamp(py("timestamp.json")).ok());  // timestamp after snapshot
}

TEST(TrustedState, ExpiredFinalRootIsAFreezeAttack) {
  auto s = TrustedState::create(py("root.json"), *parseTufTime("2030-01-01T00:00:00Z"));
  ASSERT_TRUE(s.ok());  // the trusted root's own expiry is not checked on load
  auto ts = s->updateTimestamp(py("timestamp.json"));
  ASSERT_FALSE(ts.ok());
  EXPECT_EQ(ts.error().security, SecurityCode::kExpired);
  EXPECT_EQ(ts.error().context, "root");
}

TEST(TrustedState, SnapshotHashBindingToTimestamp) {
  auto s = TrustedState::create(py("root.json"), k2025);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s->updateTimestamp(py("timestamp.json")).ok());
  std::string snap = py("snapshot.json");
  snap.back() = snap.back() == '\n' ? ' ' : '\n';  // same length, different bytes
  Status st = s->updateSnapshot(snap);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().security, SecurityCode::kHashMismatch);
  EXPECT_EQ(st.error().context, "snapshot");
  Status longer = s->updateSnapshot(py("snapshot.json") + " ");
  EXPECT_EQ(longer.error().security, SecurityCode::kLengthMismatch);
}

// Signed repositories made on the fly (seeded Ed25519 test keys).
Seconds t(const char* s) { return *parseTufTime(s); }

TEST(TrustedState, ExpiryAround2038And2100) {
  for (const char* expires : {"2038-01-20T00:00:00Z", "2100-01-01T00:00:00Z"}) {
    TestRepo repo(expires);
    FakeFetcher f;
    repo.publish(f);
    const Seconds e = t(expires);
    auto before = TrustedState::create(repo.rootBytes(), e - 1);
    ASSERT_TRUE(before.ok());
    EXPECT_TRUE(before->updateTimestamp(f.files["m/timestamp.json"]).ok()) << expires;
    auto at = TrustedState::create(repo.rootBytes(), e);
    ASSERT_TRUE(at.ok());
    auto r = at->updateTimestamp(f.files["m/timestamp.json"]);
    ASSERT_FALSE(r.ok()) << expires;
    EXPECT_EQ(r.error().security, SecurityCode::kExpired);
  }
}

TEST(TrustedState, RootRotationNeedsOldAndNewThresholds) {
  TestRepo repo;
  FakeFetcher f;
  repo.publish(f);
  tuf::test::TestKey fresh = tuf::test::ed25519Key(20);
  json::Value v2 = repo.root;
  v2["version"].assign(2);
  v2["keys"][fresh.keyid].assign(fresh.public_json);
  v2["roles"]["root"]["keyids"].assign(json::Value::array({fresh.keyid}));
  auto start = [&] { return *TrustedState::create(repo.rootBytes(), k2025); };

  auto only_new = start();
  Status a = only_new.updateRoot(tuf::test::signMetadata(v2, {&fresh}));
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("trusted root v1"), std::string::npos);
  auto only_old = start();
  Status b = only_old.updateRoot(tuf::test::signMetadata(v2, {&repo.root_key}));
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("new root v2"), std::string::npos);
  auto both = start();
  ASSERT_TRUE(both.updateRoot(tuf::test::signMetadata(v2, {&repo.root_key, &fresh})).ok());
  EXPECT_EQ(both.root().common.version, 2);
  // Version must be exactly N+1.
  json::Value v4 = v2;
  v4["version"].assign(4);
  Status skip = both.updateRoot(tuf::test::signMetadata(v4, {&fresh}));
  EXPECT_EQ(skip.error().security, SecurityCode::kBadVersion);
  Status same = both.updateRoot(tuf::test::signMetadata(v2, {&fresh}));
  EXPECT_EQ(same.error().security, SecurityCode::kRollback);
}

TEST(TrustedState, TimestampRollbackAndEqualVersion) {
  TestRepo repo;
  FakeFetcher f;
  repo.timestamp["version"].assign(3);
  repo.snapshot["version"].assign(3);
  repo.publish(f);
  const std::string v3 = f.files["m/timestamp.json"];
  auto s = TrustedState::create(repo.rootBytes(), k2025);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s->updateTimestamp(v3).ok());
  EXPECT_EQ(*s->updateTimestamp(v3), TimestampOutcome::kUnchanged);
  repo.timestamp["version"].assign(2);
  repo.publish(f);
  auto older = s->updateTimestamp(f.files["m/timestamp.json"]);
  ASSERT_FALSE(older.ok());
  EXPECT_EQ(older.error().security, SecurityCode::kRollback);
  repo.timestamp["version"].assign(4);
  repo.snapshot["version"].assign(2);  // snapshot version going down
  repo.publish(f);
  auto snap_down = s->updateTimestamp(f.files["m/timestamp.json"]);
  ASSERT_FALSE(snap_down.ok());
  EXPECT_EQ(snap_down.error().security, SecurityCode::kRollback);
  EXPECT_EQ(s->timestamp()->common.version, 3);  // unverified bytes never replace trusted ones
}

TEST(TrustedState, SnapshotRollbackOfTargetsVersion) {
  TestRepo repo;
  FakeFetcher f;
  repo.targets["version"].assign(5);
  repo.publish(f);
  auto s3 = TrustedState::create(repo.rootBytes(), k2025);
  const std::string old_ts = f.files["m/timestamp.json"];
  const std::string old_snap = f.files["m/1.snapshot.json"];
  repo.timestamp["version"].assign(2);
  repo.snapshot["version"].assign(2);
  repo.targets["version"].assign(4);
  repo.publish(f);
  ASSERT_TRUE(s3->updateTimestamp(old_ts).ok());
  ASSERT_TRUE(s3->updateTimestamp(f.files["m/timestamp.json"]).ok());
  EXPECT_FALSE(s3->updateSnapshot(old_snap, /*from_store=*/true).ok());  // version 1 != 2: intermediate only
  Status st = s3->updateSnapshot(f.files["m/2.snapshot.json"]);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().security, SecurityCode::kRollback);
  EXPECT_NE(st.error().message.find("targets.json"), std::string::npos);
}

TEST(TrustedState, TargetsVersionMustMatchSnapshot) {
  TestRepo repo;
  FakeFetcher f;
  repo.publish(f);
  json::Value other = repo.targets;
  other["version"].assign(2);
  auto s = TrustedState::create(repo.rootBytes(), k2025);
  ASSERT_TRUE(s->updateTimestamp(f.files["m/timestamp.json"]).ok());
  ASSERT_TRUE(s->updateSnapshot(f.files["m/1.snapshot.json"]).ok());
  Status st = s->updateTargets(tuf::test::signMetadata(other, {&repo.targets_key}));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().security, SecurityCode::kBadVersion);
  EXPECT_EQ(st.error().context, "targets");
  Status wrong_key = s->updateTargets(tuf::test::signMetadata(repo.targets, {&repo.snapshot_key}));
  EXPECT_EQ(wrong_key.error().security, SecurityCode::kBadSignature);
  EXPECT_TRUE(s->updateTargets(f.files["m/1.targets.json"]).ok());
}

}  // namespace
}  // namespace psirt::tuf
