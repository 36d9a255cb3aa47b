// Crash injection with a real package database (issue 14's first "Must
// show": "the sysroot (file tree hash + package database) equals exactly the
// before-state or the after-state"): the fixture's package action (a file,
// a dpkg upgrade 1.0 -> 1.1 with its rollback package, a configuration key)
// runs in a child that is SIGKILLed at every fault point it passes; then
// recovery runs and the test asserts:
//   - the tree outside dpkg's own database files equals the before- or the
//     after-state exactly (paths, types, modes, owners, bytes; the package's
//     installed file included);
//   - dpkg-query (the oracle, run directly) says pkgx 1.0 installed for the
//     before-state and 1.1 for the after-state: never another version, never
//     half-installed;
//   - the journal is closed and agrees (committed <=> after-state).
// dpkg's database files themselves (status-old, updates/, triggers) are not
// compared byte for byte: dpkg rewrites them on every run, revert included.
#include <gtest/gtest.h>

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
#include "tests/unit/remediate/package_fixture.h"

namespace psirt::remediate {
namespace {

using Tree = std::map<std::string, std::string>;

// The tree without dpkg's database and log, plus the oracle's word on pkgx.
Tree packageSnapshot(const std::string& root) {
  Tree t = test_fixture::snapshot(root);
  for (auto it = t.begin(); it != t.end();) {
    const bool db = it->first.rfind("var/lib/dpkg", 0) == 0 || it->first.rfind("var/log", 0) == 0;
    it = db ? t.erase(it) : std::next(it);
  }
  t["<dpkg-query pkgx>"] = test::dpkgState(root, "pkgx");
  return t;
}

struct PackageWorld {
  test::TempDir dir;
  std::string root = dir.file("root"), artifacts = dir.file("artifacts"), state = dir.file("state");
  PackageWorld(const std::string& debs) {
    EXPECT_TRUE(test_fixture::makeRoot(root));
    test::makeDpkgRoot(root);
    EXPECT_TRUE(test_fixture::makeArtifacts(artifacts));
    for (const char* v : {"1.0", "1.1"}) {
      const std::string name = std::string("pkgx_") + v + "_all.deb";
      EXPECT_TRUE(fs::copyFileAtomic(fs::joinPath(debs, name), fs::joinPath(artifacts, name), 0600));
    }
    test::dpkgInstall(root, fs::joinPath(artifacts, "pkgx_1.0_all.deb"));
  }
  process::Outcome apply(const std::string& fault, const std::string& trace = "") const {
    return test::runFaultChild(PSIRT_REMEDIATE_FAULT_CHILD, {"apply-package", state, root, artifacts}, fault, trace);
  }
  process::Outcome recover() const {
    return test::runFaultChild(PSIRT_REMEDIATE_FAULT_CHILD, {"recover", state, artifacts}, "", "");
  }
  std::vector<TxState> journalStates() const {
    const Journal journal{state::Layout(state)};
    std::vector<TxState> out;
    for (const auto& id : journal.list().value_or({})) {
      auto r = journal.read(id);
      EXPECT_TRUE(r) << (r ? "" : r.error().describe());
      if (r) out.push_back(r->state);
    }
    return out;
  }
};

TEST(RemediateCrash, ApplyWithAPackageIsBeforeOrAfterAtEveryKillPoint) {
  if (!test::faultChildrenAvailable()) GTEST_SKIP() << "fault injection or helper children unavailable in this build";
  if (!test::haveDebTools()) GTEST_SKIP() << "dpkg, dpkg-deb or dpkg-query missing on this host";
  test::TempDir debs;
  ASSERT_FALSE(test::buildDeb(debs.path(), "pkgx", "1.0").empty());
  ASSERT_FALSE(test::buildDeb(debs.path(), "pkgx", "1.1").empty());

  Tree before, after;
  std::vector<std::string> points;
  {
    PackageWorld w(debs.path());
    before = packageSnapshot(w.root);
    ASSERT_EQ(before["<dpkg-query pkgx>"], "installed 1.0");
    const std::string trace = w.dir.file("trace");
    auto out = w.apply("", trace);
    ASSERT_TRUE(out.succeeded()) << out.stderr_data;
    after = packageSnapshot(w.root);
    ASSERT_EQ(after["<dpkg-query pkgx>"], "installed 1.1");
    points = test::readFaultTrace(trace);
  }
  ASSERT_NE(std::find(points.begin(), points.end(), "remediate.install_package.install#1"), points.end());
  std::printf("remediate apply with a package: %zu kill points\n", points.size());
  int saw_old = 0, saw_new = 0;
  for (const std::string& point : points) {
    PackageWorld w(debs.path());
    auto killed = w.apply(point);
    EXPECT_TRUE(killed.signaled) << point << ": " << killed.stderr_data;
    auto recovered = w.recover();
    EXPECT_TRUE(recovered.succeeded()) << point << ": " << recovered.stderr_data;
    const Tree now = packageSnapshot(w.root);
    const bool is_old = now == before, is_new = now == after;
    EXPECT_TRUE(is_old || is_new) << "root or package database is a mix after a kill at " << point << " (dpkg says "
                                  << now.at("<dpkg-query pkgx>") << ")";
    const auto states = w.journalStates();
    for (TxState t : states) EXPECT_TRUE(isClosed(t)) << txStateName(t) << " after a kill at " << point;
    EXPECT_EQ(std::count(states.begin(), states.end(), TxState::kCommitted) == 1, is_new) << point;
    saw_old += is_old;
    saw_new += is_new;
    if (::testing::Test::HasFailure()) break;
  }
  EXPECT_GT(saw_old, 0);
  EXPECT_GT(saw_new, 0);
}

}  // namespace
}  // namespace psirt::remediate
