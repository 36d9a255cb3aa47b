// TUF §4.2: "keyids in signatures MUST be unique". Metadata of any role whose
// signatures list one key id twice is refused as malformed — whether both
// copies are valid, only one is, or the repetition would make one key count
// twice toward a threshold of 2. Each case has its positive control: the
// same role with the key id once is accepted.
#include <string>
#include <vector>

#include "agent/tuf/verify.h"
#include "tests/unit/tuf_attacks/fixture.h"

namespace psirt::test {
namespace {

constexpr std::string_view kRoot = repo::kRoot, kTimestamp = repo::kTimestamp, kSnapshot = repo::kSnapshot,
                           kTargets = repo::kTargets;
using Sigs = std::vector<repo::Repository::Signature>;

template <typename T>
Status statusOf(const Result<T>& r) {
  return r ? okStatus() : Status(r.error());
}

const std::string kBogusSig(128, '0');  // well-formed hex, verifies under no key

class DuplicateKeyidTest : public AttackFixture {
 protected:
  repo::Repository::Signature valid(std::string_view role, const repo::SigningKey& key) const {
    auto canonical = repo_.signedCanonical(role);
    EXPECT_TRUE(canonical);
    auto sig = key.signHex(canonical ? *canonical : std::string());
    EXPECT_TRUE(sig);
    return {key.keyid(), sig ? *sig : std::string()};
  }
  std::string withSigs(std::string_view role, const Sigs& sigs) const {
    auto bytes = repo_.envelope(role, sigs);
    EXPECT_TRUE(bytes);
    return bytes ? *bytes : std::string();
  }
  // Offers `role` carrying `sigs` to a trusted state walked up to just before
  // it (the root case starts the state from these bytes).
  Status offer(std::string_view role, const Sigs& sigs) const {
    const std::string bytes = withSigs(role, sigs);
    if (role == kRoot) return statusOf(tuf::TrustedState::create(bytes, kNow));
    PSIRT_ASSIGN_OR_RETURN(s, start());
    if (role == kTimestamp) return statusOf(s.updateTimestamp(bytes));
    PSIRT_TRY(s.updateTimestamp(meta(kTimestamp)));
    if (role == kSnapshot) return s.updateSnapshot(bytes);
    PSIRT_TRY(s.updateSnapshot(meta(kSnapshot)));
    return s.updateTargets(bytes);
  }
};

// The refusal names the role and says what is wrong.
::testing::AssertionResult refusedAsDuplicate(const Status& st, const std::string& role) {
  if (st) return ::testing::AssertionFailure() << role << " with a repeated key id was accepted";
  const std::string d = st.error().describe();
  if (d.find("duplicate keyid") == std::string::npos || st.error().context.find(role) == std::string::npos)
    return ::testing::AssertionFailure() << "unexpected error: " << d;
  return ::testing::AssertionSuccess();
}

struct RoleKey {
  std::string_view role;
  const char* label;
};
const RoleKey kRoles[] = {
    {kRoot, "root-1"}, {kTimestamp, "timestamp-1"}, {kSnapshot, "snapshot-1"}, {kTargets, "targets-1"}};

TEST_F(DuplicateKeyidTest, EveryRoleWithTwoValidCopiesOfOneKeyidIsRefused) {
  for (const auto& [role, label] : kRoles) {
    const auto sig = valid(role, ed25519Key(label));
    EXPECT_TRUE(offer(role, {sig})) << role;  // positive control
    EXPECT_TRUE(refusedAsDuplicate(offer(role, {sig, sig}), std::string(role)));
  }
}

TEST_F(DuplicateKeyidTest, EveryRoleWithOneValidAndOneBogusCopyIsRefusedInEitherOrder) {
  for (const auto& [role, label] : kRoles) {
    const auto sig = valid(role, ed25519Key(label));
    const repo::Repository::Signature bogus{sig.keyid, kBogusSig};
    EXPECT_TRUE(refusedAsDuplicate(offer(role, {sig, bogus}), std::string(role)));
    EXPECT_TRUE(refusedAsDuplicate(offer(role, {bogus, sig}), std::string(role)));
    // A repeated empty signature (a keyholder that did not sign) is refused too.
    EXPECT_TRUE(refusedAsDuplicate(offer(role, {sig, {sig.keyid, ""}}), std::string(role)));
  }
}

// Threshold 2 with a second, distinct key: one key's signature listed twice
// must not stand in for the missing second key (and is refused as malformed
// before any counting); both keys once meet the threshold.
TEST_F(DuplicateKeyidTest, ARepeatedKeyidNeverCountsTwiceTowardAThreshold) {
  for (const auto& [role, label] : kRoles) {
    repo::Repository r(defaultTopLevelKeys(), kNow);
    ASSERT_TRUE(r.addTarget(kTargets, "advisories/a.json", "{}"));
    const repo::SigningKey second = ed25519Key(std::string(label) + "-second");
    ASSERT_TRUE(r.addKey(role, second));
    ASSERT_TRUE(r.setThreshold(role, 2));
    ASSERT_TRUE(r.setSigners(role, {ed25519Key(label), second}));
    ASSERT_TRUE(r.publishRoot());
    ASSERT_TRUE(r.publish());
    repo_ = std::move(r);
    const auto one = valid(role, ed25519Key(label));
    const auto two = valid(role, second);
    EXPECT_TRUE(offer(role, {one, two})) << role;  // positive control
    EXPECT_TRUE(refusedAsDuplicate(offer(role, {one, one}), std::string(role)));
    EXPECT_TRUE(refusedAsDuplicate(offer(role, {one, two, one}), std::string(role)));
  }
}

// The next root (N+1) is held to the same rule in updateRoot.
TEST_F(DuplicateKeyidTest, ARotatedRootWithARepeatedKeyidIsRefused) {
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  const auto sig = valid(kRoot, ed25519Key("root-1"));
  auto s = start();
  ASSERT_TRUE(s);
  EXPECT_TRUE(refusedAsDuplicate(s->updateRoot(withSigs(kRoot, {sig, sig})), "root"));
  EXPECT_EQ(s->root().common.version, 1);  // unchanged
  EXPECT_TRUE(s->updateRoot(withSigs(kRoot, {sig})));
  EXPECT_EQ(s->root().common.version, 2);
}

// verifyThreshold holds an envelope built without the parser to the rule too.
TEST_F(DuplicateKeyidTest, VerifyThresholdRefusesAnEnvelopeWithARepeatedKeyid) {
  auto root = tuf::parseRoot(file("metadata/1.root.json"));
  ASSERT_TRUE(root);
  auto ts = tuf::parseEnvelope(meta(kTimestamp), "timestamp");
  ASSERT_TRUE(ts);
  const tuf::RoleKeys& keys = root->role.roles.at("timestamp");
  EXPECT_TRUE(tuf::verifyThreshold(*ts, root->role.keys, keys, "timestamp"));
  ts->signatures.push_back(ts->signatures.at(0));
  Status st = tuf::verifyThreshold(*ts, root->role.keys, keys, "timestamp");
  EXPECT_TRUE(isSecurity(st, SecurityCode::kBadSignature, "timestamp"));
  EXPECT_TRUE(refusedAsDuplicate(st, "timestamp"));
}

}  // namespace
}  // namespace psirt::test
