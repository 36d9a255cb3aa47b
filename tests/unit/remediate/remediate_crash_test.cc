// Crash injection (issue 14's first "Must show"): a child runs the fixture's
// six-step transaction (helpers/remediate_fault_child.cc) and is SIGKILLed at
// EVERY hit of every fault point it passes (listed by a traced run:
// PSIRT_FAULT_TRACE): every step boundary (remediate.*), every journal write
// (journal.*, atomic_write.*), every write inside the root (rooted_write.*).
// Then recovery runs (a second child) and the test asserts:
//   - the root's tree (paths, types, modes, owners, bytes) equals EXACTLY the
//     before-state or the after-state, never a mix, no temp file left;
//   - the journal is closed (every transaction committed, reverted or
//     rolled back) and agrees with the tree (committed <=> after-state).
// The same is done for kills during recovery itself and during rollback.
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "agent/remediate/journal.h"
#include "platform/fs/fs.h"
#include "platform/process/process.h"
#include "tests/support/fault_child.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/remediate/fixture.h"

namespace psirt::remediate {
namespace {

using Tree = std::map<std::string, std::string>;


process::Outcome runChild(const std::vector<std::string>& args, const std::string& fault,
                          const std::string& trace = "") {
  return test::runFaultChild(PSIRT_REMEDIATE_FAULT_CHILD, args, fault, trace);
}

// The kills are SIGKILLs, not power cuts: what the test checks does not
// depend on fsync reaching a disk. ~400 runs x ~40 fsyncs take minutes on a
// loaded disk and milliseconds on tmpfs, so worlds live on /dev/shm when the
// machine has one (TempDir honours TMPDIR).
struct OnTmpfs {
  std::string saved;
  bool had = false;
  OnTmpfs() {
    const char* old = std::getenv("TMPDIR");
    had = old != nullptr;
    if (had) saved = old;
    if (::access("/dev/shm", W_OK) == 0) ::setenv("TMPDIR", "/dev/shm", 1);
  }
  ~OnTmpfs() {
    if (had) ::setenv("TMPDIR", saved.c_str(), 1);
    else ::unsetenv("TMPDIR");
  }
};

// One scratch world: root (before-state), artifacts, state dir.
struct World {
  OnTmpfs tmpfs;
  test::TempDir dir;
  std::string root = dir.file("root"), artifacts = dir.file("artifacts"), state = dir.file("state");
  World() {
    EXPECT_TRUE(test_fixture::makeRoot(root));
    EXPECT_TRUE(test_fixture::makeArtifacts(artifacts));
  }
  process::Outcome apply(const std::string& fault, const std::string& trace = "") const {
    return runChild({"apply", state, root, artifacts}, fault, trace);
  }
  process::Outcome run(const char* mode, const std::string& fault, const std::string& trace = "") const {
    return runChild({mode, state, artifacts}, fault, trace);
  }
  // Every transaction's state; a test failure for a record that cannot be read.
  std::vector<TxState> journalStates() const {
    const Journal journal{state::Layout(state)};
    std::vector<TxState> out;
    auto ids = journal.list();
    EXPECT_TRUE(ids) << (ids ? "" : ids.error().describe());
    for (const auto& id : ids.value_or({})) {
      auto r = journal.read(id);
      EXPECT_TRUE(r) << (r ? "" : r.error().describe());
      if (r) out.push_back(r->state);
    }
    return out;
  }
};

struct States {
  Tree before, after;
};

// Before- and after-state, and the kill points of a clean apply.
States reference(std::vector<std::string>* apply_points) {
  World w;
  States s;
  s.before = test_fixture::snapshot(w.root);
  const std::string trace = w.dir.file("trace");
  auto out = w.apply("", trace);
  EXPECT_TRUE(out.succeeded()) << out.stderr_data;
  s.after = test_fixture::snapshot(w.root);
  *apply_points = test::readFaultTrace(trace);
  return s;
}

// After recovery: the tree is one of the two states, the journal closed and
// consistent with it. `where` names the kill for failure messages.
void expectOldOrNew(const World& w, const States& s, const std::string& where, int* saw_old, int* saw_new) {
  const Tree now = test_fixture::snapshot(w.root);
  const bool is_old = now == s.before, is_new = now == s.after;
  EXPECT_TRUE(is_old || is_new) << "root is a mix after a kill at " << where;
  const auto states = w.journalStates();
  for (TxState t : states) {
    EXPECT_TRUE(isClosed(t)) << "journal left " << txStateName(t) << " after a kill at " << where;
  }
  const bool committed = std::count(states.begin(), states.end(), TxState::kCommitted) == 1;
  EXPECT_EQ(committed, is_new) << "journal and root disagree after a kill at " << where;
  *saw_old += is_old;
  *saw_new += is_new;
}

TEST(RemediateCrash, ApplyIsBeforeOrAfterAtEveryKillPoint) {
  if (!test::faultChildrenAvailable()) GTEST_SKIP() << "fault injection or helper children unavailable in this build";
  std::vector<std::string> points;
  const States s = reference(&points);
  ASSERT_NE(s.before, s.after);
  for (const char* must : {"remediate.step.applying#1", "remediate.step.applied#6", "remediate.step.verified#6",
                           "remediate.commit.before#1", "remediate.committed#1", "journal.write.synced#1",
                           "rooted_write.before_rename#1", "rooted_write.before_dir_fsync#6",
                           "atomic_write.before_rename#1", "remediate.replace_file.saved#1"}) {
    EXPECT_NE(std::find(points.begin(), points.end(), must), points.end()) << must;
  }
  std::printf("remediate apply: %zu kill points\n", points.size());
  int saw_old = 0, saw_new = 0;
  for (const std::string& point : points) {
    World w;
    auto killed = w.apply(point);
    EXPECT_TRUE(killed.signaled) << point << ": " << killed.stderr_data;
    auto recovered = w.run("recover", "");
    EXPECT_TRUE(recovered.succeeded()) << point << ": " << recovered.stderr_data;
    expectOldOrNew(w, s, point, &saw_old, &saw_new);
    if (::testing::Test::HasFailure()) break;  // one clear failure, not hundreds
  }
  EXPECT_GT(saw_old, 0);
  EXPECT_GT(saw_new, 0);  // kills after the commit record keep the new state
}

TEST(RemediateCrash, RecoveryKilledAnywhereIsFinishedByTheNextStart) {
  if (!test::faultChildrenAvailable()) GTEST_SKIP() << "fault injection or helper children unavailable in this build";
  std::vector<std::string> points;
  const States s = reference(&points);
  // Apply kills that leave recovery work of each kind: mid-first step, mid
  // third step, every step verified without the commit record.
  std::size_t recovery_points = 0;
  int saw_old = 0, saw_new = 0;
  for (const char* apply_kill : {"rooted_write.before_rename#1", "remediate.step.applied#3",
                                 "remediate.step.verified#5", "remediate.commit.before#1"}) {
    ASSERT_NE(std::find(points.begin(), points.end(), apply_kill), points.end()) << apply_kill;
    std::vector<std::string> rpoints;
    {
      World w;
      EXPECT_TRUE(w.apply(apply_kill).signaled);
      const std::string trace = w.dir.file("trace");
      EXPECT_TRUE(w.run("recover", "", trace).succeeded());
      rpoints = test::readFaultTrace(trace);
    }
    ASSERT_FALSE(rpoints.empty()) << apply_kill;
    recovery_points += rpoints.size();
    for (const std::string& rp : rpoints) {
      World w;
      EXPECT_TRUE(w.apply(apply_kill).signaled);
      EXPECT_TRUE(w.run("recover", rp).signaled) << rp;
      auto again = w.run("recover", "");
      EXPECT_TRUE(again.succeeded()) << apply_kill << " then " << rp << ": " << again.stderr_data;
      expectOldOrNew(w, s, std::string(apply_kill) + " then recovery " + rp, &saw_old, &saw_new);
      if (::testing::Test::HasFailure()) return;
    }
  }
  std::printf("remediate recovery: %zu kill points\n", recovery_points);
  EXPECT_GT(saw_old, 0);
  EXPECT_GT(saw_new, 0);
}

TEST(RemediateCrash, RollbackKilledAnywhereEndsBeforeOrAfterAndConsistent) {
  if (!test::faultChildrenAvailable()) GTEST_SKIP() << "fault injection or helper children unavailable in this build";
  std::vector<std::string> points;
  const States s = reference(&points);
  std::vector<std::string> rpoints;
  {
    World w;
    ASSERT_TRUE(w.apply("").succeeded());
    const std::string trace = w.dir.file("trace");
    auto rolled = w.run("rollback", "", trace);
    ASSERT_TRUE(rolled.succeeded()) << rolled.stderr_data;
    EXPECT_EQ(test_fixture::snapshot(w.root), s.before);
    EXPECT_EQ(w.journalStates(), std::vector<TxState>{TxState::kRolledBack});
    rpoints = test::readFaultTrace(trace);
  }
  std::printf("remediate rollback: %zu kill points\n", rpoints.size());
  int saw_old = 0, saw_new = 0;
  for (const std::string& rp : rpoints) {
    World w;
    ASSERT_TRUE(w.apply("").succeeded());
    EXPECT_TRUE(w.run("rollback", rp).signaled) << rp;
    auto again = w.run("recover", "");
    EXPECT_TRUE(again.succeeded()) << rp << ": " << again.stderr_data;
    expectOldOrNew(w, s, "rollback " + rp, &saw_old, &saw_new);
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(saw_old, 0);  // recovery finishes an interrupted rollback
  EXPECT_GT(saw_new, 0);  // a kill before the "rolling_back" record changes nothing
}

}  // namespace
}  // namespace psirt::remediate
