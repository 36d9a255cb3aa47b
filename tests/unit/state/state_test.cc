// agent/state in process: layout, report chain commit and repair, the
// trusted-set switch, recovery and the lock.
#include <gtest/gtest.h>

#include <string>

#include "agent/state/incoming.h"
#include "agent/state/layout.h"
#include "agent/state/reports.h"
#include "agent/state/state_lock.h"
#include "agent/state/trusted_sets.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"
#include "tests/support/temp_dir.h"

namespace psirt::state {
namespace {

std::string sha256Hex(const std::string& s) { return crypto::toHex(crypto::sha256(crypto::asBytes(s))); }

std::string read(const std::string& path) {
  auto r = fs::readFile(path, 1 << 20);
  return r ? *r : std::string("<missing>");
}

std::vector<std::string> names(const std::string& dir) {
  std::vector<std::string> out;
  if (auto l = fs::listDirectory(dir)) {
    for (const auto& e : *l) out.push_back(e.name);
  }
  return out;
}

// Writes one synthetic report after the chain's last; returns its bytes.
Result<std::string> append(const Layout& layout, const std::string& out = "") {
  PSIRT_ASSIGN_OR_RETURN(at, readReportChain(layout));
  const std::string bytes = "report " + std::to_string(at.sequence + 1) + " after " + at.last_sha256;
  bool sent = false;
  ReportSource source;
  source.next_chunk = [&]() -> Result<std::string_view> {
    if (sent) return std::string_view();
    sent = true;
    return std::string_view(bytes);
  };
  source.signed_sha256 = [&] { return sha256Hex(bytes); };
  PSIRT_ASSIGN_OR_RETURN(path, writeReport(layout, at, out, source));
  if (path != layout.lastReport()) return makeError(ErrorCategory::kInternal, "not last.json", path);
  return bytes;
}

Status writeSet(const Layout& layout, const std::string& tag) {
  PSIRT_ASSIGN_OR_RETURN(w, SetWriter::begin(layout));
  PSIRT_TRY(w.writeRole("root", tag));
  PSIRT_TRY(w.writeIndex(tag));
  return w.commit();
}

class StateTest : public testing::Test {
 protected:
  StateTest() : layout_(dir_.path()) {}
  test::TempDir dir_;
  Layout layout_;
};

TEST(Layout, EveryPathIsUnderTheRoot) {
  const Layout l("/s");
  EXPECT_EQ(l.lockFile(), "/s/lock");
  EXPECT_EQ(l.timeFloor(), "/s/time-floor");
  EXPECT_EQ(l.metadataDir(), "/s/metadata");
  EXPECT_EQ(l.targetFile(std::string(64, 'a')), "/s/targets/sha256/" + std::string(64, 'a'));
  EXPECT_EQ(l.setDir(3), "/s/sets/3");
  EXPECT_EQ(l.currentSetPointer(), "/s/current-set");
  EXPECT_EQ(l.incomingDir(), "/s/incoming");
  EXPECT_EQ(l.lastReport(), "/s/reports/last.json");
  EXPECT_EQ(l.reportChain(), "/s/reports/chain");
  EXPECT_EQ(l.pendingReport(7), "/s/reports/pending-7.json");
  EXPECT_EQ(l.journalDir(), "/s/journal");
  EXPECT_EQ(l.spoolDir(), "/s/spool");
  EXPECT_EQ(Layout::roleFileName("targets"), "targets.json");
  EXPECT_EQ(Layout::roleFileName("../x"), "..%2Fx.json");
  EXPECT_EQ(Layout::roleFileName(std::string(300, '/')).size(), 2u + 64u + 5u);
  EXPECT_TRUE(isSha256Hex(std::string(64, 'f')));
  EXPECT_FALSE(isSha256Hex(std::string(64, 'F')));
  EXPECT_FALSE(isSha256Hex("../" + std::string(61, 'a')));
}

TEST_F(StateTest, ReportsFormAChainCommittedByTheChainFile) {
  auto first = append(layout_);
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_EQ(read(layout_.reportChain()), "1 " + sha256Hex(*first) + "\n");
  EXPECT_EQ(*first, "report 1 after ");
  auto second = append(layout_);
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, "report 2 after " + sha256Hex(*first));
  EXPECT_EQ(read(layout_.lastReport()), *second);
  EXPECT_EQ(names(layout_.reportsDir()), (std::vector<std::string>{"chain", "last.json"}));
}

TEST_F(StateTest, ACopyAtOutChangesWithTheCommitOnly) {
  ASSERT_TRUE(append(layout_, dir_.file("out.json")));
  EXPECT_EQ(read(dir_.file("out.json")), read(layout_.lastReport()));
  const std::string chain = read(layout_.reportChain()), last = read(layout_.lastReport());
  // A missing directory at --out fails before the commit: nothing changed.
  auto failed = append(layout_, dir_.file("no-dir/out.json"));
  ASSERT_FALSE(failed);
  EXPECT_EQ(read(layout_.reportChain()), chain);
  EXPECT_EQ(read(layout_.lastReport()), last);
  EXPECT_EQ(names(layout_.reportsDir()), (std::vector<std::string>{"chain", "last.json"}));
}

TEST_F(StateTest, AMalformedChainIsRefusedAndKept) {
  ASSERT_TRUE(append(layout_));
  ASSERT_TRUE(fs::writeFileAtomic(layout_.reportChain(), "7 not-a-hash\n"));
  auto r = readReportChain(layout_);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().describe().find("malformed report chain"), std::string::npos);
  EXPECT_TRUE(repairReports(layout_));
  EXPECT_EQ(read(layout_.reportChain()), "7 not-a-hash\n");
}

TEST_F(StateTest, RepairPublishesACommittedReportAndDropsUncommittedOnes) {
  ASSERT_TRUE(append(layout_));
  // As if killed after the commit of report 2, before its rename...
  ASSERT_TRUE(fs::writeFileAtomic(layout_.pendingReport(2), "two"));
  ASSERT_TRUE(fs::writeFileAtomic(layout_.reportChain(), "2 " + sha256Hex("two") + "\n"));
  // ...with an older agent's pending.json and an uncommitted report 3 beside it.
  ASSERT_TRUE(fs::writeFileAtomic(fs::joinPath(layout_.reportsDir(), "pending.json"), "old"));
  ASSERT_TRUE(fs::writeFileAtomic(layout_.pendingReport(3), "three"));
  ASSERT_TRUE(repairReports(layout_));
  EXPECT_EQ(read(layout_.lastReport()), "two");
  EXPECT_EQ(names(layout_.reportsDir()), (std::vector<std::string>{"chain", "last.json"}));
}

TEST_F(StateTest, ASetSwitchKeepsOnlyTheNewSet) {
  EXPECT_EQ(*currentSet(layout_), 0);
  ASSERT_TRUE(writeSet(layout_, "one"));
  EXPECT_EQ(*currentSet(layout_), 1);
  // An interrupted attempt at set 2 left a file that must not join set 2.
  ASSERT_TRUE(fs::makeDirectories(layout_.setDir(2)));
  ASSERT_TRUE(fs::writeFileAtomic(fs::joinPath(layout_.setDir(2), "stale.json"), "x"));
  ASSERT_TRUE(writeSet(layout_, "two"));
  EXPECT_EQ(*currentSet(layout_), 2);
  EXPECT_EQ(names(layout_.setsDir()), (std::vector<std::string>{"2"}));
  EXPECT_EQ(names(layout_.setDir(2)), (std::vector<std::string>{"index", "root.json"}));
  EXPECT_EQ(*readSetRole(layout_, 2, "root", 100), "two");
  EXPECT_EQ(*readSetIndex(layout_, 2, 100), "two");
}

TEST_F(StateTest, AMalformedPointerIsADamagedSet) {
  ASSERT_TRUE(fs::writeFileAtomic(layout_.currentSetPointer(), "x\n"));
  auto n = currentSet(layout_);
  ASSERT_FALSE(n);
  EXPECT_NE(n.error().describe().find("damaged trusted set"), std::string::npos);
}

TEST_F(StateTest, LockNeedsARootAndIsExclusiveAndRecovers) {
  auto none = lockState(dir_.path());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().category, ErrorCategory::kUsage);
  ASSERT_TRUE(fs::makeDirectories(layout_.metadataDir()));
  ASSERT_TRUE(fs::writeFileAtomic(fs::joinPath(layout_.metadataDir(), "root.json"), "{}"));
  ASSERT_TRUE(writeSet(layout_, "one"));
  // Leftovers of killed writers: a half set, a bundle copy, a pending report.
  ASSERT_TRUE(fs::makeDirectories(layout_.setDir(2)));
  ASSERT_TRUE(fs::writeFileAtomic(fs::joinPath(layout_.setDir(2), "root.json"), "half"));
  auto copy = newIncomingCopy(layout_);
  ASSERT_TRUE(copy);
  ASSERT_TRUE(fs::writeFileAtomic(*copy, "bundle"));
  ASSERT_TRUE(fs::makeDirectories(layout_.reportsDir()));
  ASSERT_TRUE(fs::writeFileAtomic(layout_.pendingReport(1), "uncommitted"));
  {
    auto lock = lockState(dir_.path());
    ASSERT_TRUE(lock) << lock.error().describe();
    auto second = lockState(dir_.path());
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().category, ErrorCategory::kIo);
    EXPECT_NE(second.error().describe().find("another psirt-agent holds the state lock"), std::string::npos);
  }
  EXPECT_EQ(names(layout_.setsDir()), (std::vector<std::string>{"1"}));
  EXPECT_TRUE(names(layout_.incomingDir()).empty());
  EXPECT_TRUE(names(layout_.reportsDir()).empty());
  EXPECT_TRUE(lockState(dir_.path()));  // released with its owner
}

// A lock file that cannot be opened is reported with its errno, never as a
// lock held by another agent (here: DIR/lock is a directory; the hostile
// suite does the same with a read-only file system).
TEST_F(StateTest, AnUnopenableLockIsNotAnotherAgent) {
  ASSERT_TRUE(fs::makeDirectories(layout_.metadataDir()));
  ASSERT_TRUE(fs::writeFileAtomic(fs::joinPath(layout_.metadataDir(), "root.json"), "{}"));
  ASSERT_TRUE(fs::makeDirectories(layout_.lockFile()));
  auto lock = lockState(dir_.path());
  ASSERT_FALSE(lock);
  EXPECT_EQ(lock.error().category, ErrorCategory::kIo);
  EXPECT_EQ(lock.error().describe().find("another psirt-agent"), std::string::npos) << lock.error().describe();
  EXPECT_NE(lock.error().describe().find(layout_.lockFile() + ": cannot open lock file: Is a directory"),
            std::string::npos)
      << lock.error().describe();
}

// A killed writer leaves "<name>.tmp.XXXXXX" (unlocked: its flock died with
// it) in whatever directory it wrote; the next command that takes the lock
// removes them from every directory agent/state writes, the current set's
// included, and keeps everything else.
TEST_F(StateTest, RecoveryRemovesAbandonedTempsFromEveryDirectoryItWrites) {
  ASSERT_TRUE(fs::makeDirectories(layout_.metadataDir()));
  ASSERT_TRUE(fs::writeFileAtomic(fs::joinPath(layout_.metadataDir(), "root.json"), "{}"));
  ASSERT_TRUE(writeSet(layout_, "one"));
  ASSERT_TRUE(fs::makeDirectories(layout_.targetsDir()));
  ASSERT_TRUE(fs::makeDirectories(layout_.incomingDir()));
  ASSERT_TRUE(fs::makeDirectories(layout_.reportsDir()));
  const std::vector<std::string> dirs = {layout_.root(),      layout_.metadataDir(), layout_.targetsDir(),
                                         layout_.setsDir(),   layout_.setDir(1),     layout_.incomingDir(),
                                         layout_.reportsDir()};
  for (const auto& d : dirs) {
    ASSERT_TRUE(fs::writeFileAtomic(fs::joinPath(d, "x.json.tmp.Ab12Cd"), "abandoned")) << d;
  }
  ASSERT_TRUE(lockState(dir_.path()));
  for (const auto& d : dirs) {
    for (const auto& n : names(d)) EXPECT_EQ(n.find(".tmp."), std::string::npos) << d << "/" << n;
  }
  EXPECT_EQ(names(layout_.setDir(1)), (std::vector<std::string>{"index", "root.json"}));
  EXPECT_EQ(names(layout_.metadataDir()), (std::vector<std::string>{"root.json"}));
}

}  // namespace
}  // namespace psirt::state
