// The last complete, consistent trusted set (agent/tuf/trusted_set.h):
// recorded only after a complete update, re-verified on load (expiry
// included), never mixed with a later partial update, damage refused.
#include "agent/tuf/trusted_set.h"

#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"
#include "tests/unit/tuf/trusted_set_fixture.h"

namespace psirt::tuf {
namespace {

TEST_F(TrustedSetTest, NoSetBeforeTheFirstCompleteUpdate) {
  auto set = CompleteSet::load(state_, kNow);
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().category, ErrorCategory::kUsage);
  EXPECT_NE(set.error().message.find("no complete trusted set"), std::string::npos);
}

TEST_F(TrustedSetTest, RecordsEveryTargetWithItsDelegationChain) {
  ASSERT_TRUE(update());
  auto set = CompleteSet::load(state_, kNow);
  ASSERT_TRUE(set) << set.error().describe();
  ASSERT_EQ(set->targets().size(), 2u);
  for (const auto& m : set->targets()) {
    if (m.path == "advisories/a.json") {
      EXPECT_EQ(m.roles, (std::vector<std::string>{"targets", "advisories"}));
    }
    auto bytes = set->readTarget(m);
    ASSERT_TRUE(bytes) << bytes.error().describe();
    EXPECT_EQ(*bytes, *repo_.file(*repo_.targetName(m.path)));
  }
  EXPECT_EQ(set->summary().sequence, 1);
}

TEST_F(TrustedSetTest, AnExpiredSetIsRefused) {
  ASSERT_TRUE(update());
  auto set = CompleteSet::load(state_, kNow + 2 * 365 * 86400);
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().security, SecurityCode::kExpired);
}

TEST_F(TrustedSetTest, APartialLaterUpdateLeavesTheLastCompleteSet) {
  ASSERT_TRUE(update());
  // v2 lists a new advisory whose file is missing: timestamp and snapshot
  // v2 are verified and persisted, the update then fails.
  ASSERT_TRUE(repo_.addTarget("advisories", "advisories/b.json", "{\"b\":2}"));
  for (auto role : {"timestamp", "snapshot", "targets", "advisories"}) ASSERT_TRUE(repo_.bumpVersion(role));
  ASSERT_TRUE(repo_.publish());
  ASSERT_TRUE(repo_.writeTo(repo_dir_));
  ASSERT_TRUE(fs::removeFile(repo_dir_ + "/" + *repo_.targetName("advisories/b.json")));
  ASSERT_FALSE(update());
  auto set = CompleteSet::load(state_, kNow);
  ASSERT_TRUE(set) << set.error().describe();
  EXPECT_EQ(set->summary().snapshot_version, 1);
  EXPECT_EQ(set->targets().size(), 2u);
}

TEST_F(TrustedSetTest, ADamagedStoredTargetFailsItsHash) {
  ASSERT_TRUE(update());
  auto set = CompleteSet::load(state_, kNow);
  ASSERT_TRUE(set);
  const TargetMatch& m = set->targets().front();
  damageStored(m, [](std::string& b) { b[0] ^= 1; });
  auto read = set->readTarget(m);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().security, SecurityCode::kHashMismatch);
}

// Every chunk of a stream, as one string; the stream's own error otherwise.
Result<std::string> drain(TargetStream& stream) {
  std::string out;
  for (;;) {
    PSIRT_ASSIGN_OR_RETURN(chunk, stream.next());
    if (chunk.empty()) return out;
    out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
  }
}

TEST_F(TrustedSetTest, AStreamedTargetHandsOutExactlyTheVerifiedBytes) {
  ASSERT_TRUE(update());
  auto set = CompleteSet::load(state_, kNow);
  ASSERT_TRUE(set);
  for (const auto& m : set->targets()) {
    auto stream = set->openTarget(m);
    ASSERT_TRUE(stream) << stream.error().describe();
    auto bytes = drain(*stream);
    ASSERT_TRUE(bytes) << bytes.error().describe();
    EXPECT_EQ(*bytes, *repo_.file(*repo_.targetName(m.path)));
    EXPECT_TRUE(stream->finish());
  }
}

// Fail closed: the end marker is replaced by the security error, and
// finish() gives it even when the consumer stopped before the end.
TEST_F(TrustedSetTest, ADamagedStoredTargetFailsItsHashWhenStreamed) {
  ASSERT_TRUE(update());
  auto set = CompleteSet::load(state_, kNow);
  ASSERT_TRUE(set);
  const TargetMatch& m = set->targets().front();
  damageStored(m, [](std::string& b) { b.back() ^= 1; });

  auto stream = set->openTarget(m);
  ASSERT_TRUE(stream);
  auto first = stream->next();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->size(), static_cast<std::size_t>(m.file.length));  // handed out, not yet trusted
  auto end = stream->next();
  ASSERT_FALSE(end);
  EXPECT_EQ(end.error().security, SecurityCode::kHashMismatch);
  auto verdict = stream->finish();
  ASSERT_FALSE(verdict);
  EXPECT_EQ(verdict.error().security, SecurityCode::kHashMismatch);

  auto early = set->openTarget(m);
  ASSERT_TRUE(early);
  auto early_verdict = early->finish();
  ASSERT_FALSE(early_verdict);
  EXPECT_EQ(early_verdict.error().security, SecurityCode::kHashMismatch);
}

TEST_F(TrustedSetTest, AStoredTargetOfAnotherLengthIsRefusedBeforeStreaming) {
  ASSERT_TRUE(update());
  auto set = CompleteSet::load(state_, kNow);
  ASSERT_TRUE(set);
  const TargetMatch& m = set->targets().front();
  damageStored(m, [](std::string& b) { b += ' '; });
  auto stream = set->openTarget(m);
  ASSERT_FALSE(stream);
  EXPECT_EQ(stream.error().security, SecurityCode::kLengthMismatch);
  auto read = set->readTarget(m);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().security, SecurityCode::kLengthMismatch);
}

TEST_F(TrustedSetTest, AnIndexThatDisagreesWithTheMetadataIsRefused) {
  ASSERT_TRUE(update());
  const std::string index = state_ + "/sets/1/index";
  auto text = fs::readFile(index, 1 << 20);
  ASSERT_TRUE(text);
  auto at = text->find("\"sha256\": \"");
  ASSERT_NE(at, std::string::npos);
  (*text)[at + 11] = (*text)[at + 11] == '0' ? '1' : '0';
  ASSERT_TRUE(fs::writeFileAtomic(index, *text));
  auto set = CompleteSet::load(state_, kNow);
  ASSERT_FALSE(set);
  EXPECT_NE(set.error().message.find("damaged trusted set"), std::string::npos) << set.error().describe();
}

}  // namespace
}  // namespace psirt::tuf

namespace psirt::tuf {
namespace {

// Metadata may list hashes in upper case (hex comparison is case-blind); the
// store and the set address files by lower-case sha256 all the same.
TEST_F(TrustedSetTest, UpperCaseHashesInMetadataStillAddressTheStore) {
  const std::string content = "{\"upper\":true}";
  auto upper = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  };
  const std::string sha256 = upper(crypto::toHex(crypto::sha256(crypto::asBytes(content))));
  const std::string sha512 = upper(crypto::toHex(crypto::sha512(crypto::asBytes(content))));
  ASSERT_TRUE(repo_.addTargetHashes("advisories", "advisories/u.json", content.size(), sha256, sha512));
  for (auto role : {"timestamp", "snapshot", "advisories"}) ASSERT_TRUE(repo_.bumpVersion(role));
  ASSERT_TRUE(repo_.publish());
  ASSERT_TRUE(repo_.writeTo(repo_dir_));
  ASSERT_TRUE(fs::writeFileAtomic(repo_dir_ + "/targets/advisories/" + sha256 + ".u.json", content));
  auto updated = update();
  ASSERT_TRUE(updated) << updated.error().describe();
  auto set = CompleteSet::load(state_, kNow);
  ASSERT_TRUE(set) << set.error().describe();
  bool found = false;
  for (const auto& m : set->targets()) {
    if (m.path != "advisories/u.json") continue;
    found = true;
    auto bytes = set->readTarget(m);
    ASSERT_TRUE(bytes) << bytes.error().describe();
    EXPECT_EQ(*bytes, content);
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace psirt::tuf
