// Crash consistency of the state directory's two multi-file writes, proven on
// a real child process (helpers/state_fault_child.cc): the child is SIGKILLed
// at EVERY fault point its write passes (each hit of each point, listed by a
// traced run: PSIRT_FAULT_TRACE), then the test "restarts" (lockState runs
// recovery) and checks:
//   trusted-set switch: the current set is the old or the new one, never a
//     mix, before and after recovery; no other set and no temp file is left;
//     the next switch works;
//   report + chain: the chain verifies (last.json is the committed head after
//     recovery, every report links to the one before), no sequence ever has
//     two different reports (in last.json or the --out copy), no pending file
//     or temp file is left, the next report chains after the committed one.
#include <signal.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "agent/state/layout.h"
#include "agent/state/reports.h"
#include "agent/state/state_lock.h"
#include "agent/state/state_store.h"
#include "agent/state/trusted_sets.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"
#include "platform/process/process.h"
#include "tests/support/fault_child.h"
#include "tests/support/temp_dir.h"

namespace psirt::state {
namespace {

[[maybe_unused]] const char* const kRoles[] = {"root", "timestamp", "snapshot", "targets", "a/b"};

[[maybe_unused]] std::string sha256Hex(const std::string& s) {
  return crypto::toHex(crypto::sha256(crypto::asBytes(s)));
}

[[maybe_unused]] process::Outcome runChild(const std::vector<std::string>& args, const std::string& fault,
                                           const std::string& trace = "") {
  return test::runFaultChild(PSIRT_STATE_FAULT_CHILD, args, fault, trace);
}

// A state directory `lockState` accepts.
[[maybe_unused]] void initState(const std::string& dir) {
  ASSERT_TRUE(fs::makeDirectories(dir + "/metadata"));
  ASSERT_TRUE(fs::writeFileAtomic(dir + "/metadata/root.json", "{}"));
}

// Every "name#K" the child passes in one run with `args` from a state made by `prepare`.
template <typename Prepare>
std::vector<std::string> killPoints(Prepare prepare, const std::vector<std::string>& args) {
  test::TempDir dir;
  prepare(dir);
  const std::string trace = dir.file("trace");
  std::vector<std::string> expanded;
  for (const auto& a : args) expanded.push_back(a == "DIR" ? dir.file("s") : a == "OUT" ? dir.file("out.json") : a);
  EXPECT_TRUE(runChild(expanded, "", trace).succeeded());
  return test::readFaultTrace(trace);
}

// Names of temp files ("<name>.tmp.XXXXXX") anywhere below `dir`.
[[maybe_unused]] void collectTemps(const std::string& dir, std::vector<std::string>* out) {
  auto entries = fs::listDirectory(dir);
  if (!entries) return;
  for (const auto& e : *entries) {
    const std::string path = fs::joinPath(dir, e.name);
    if (e.is_directory) collectTemps(path, out);
    if (e.name.find(".tmp.") != std::string::npos) out->push_back(path);
  }
}

[[maybe_unused]] std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> out;
  if (auto l = fs::listDirectory(dir)) {
    for (const auto& e : *l) out.push_back(e.name);
  }
  return out;
}


// --- trusted-set switch -----------------------------------------------------

// The tag of the current set, after checking that every file of it carries
// that tag and its target is stored: "" (and a test failure) on a mix.
std::string currentTag(const Layout& layout) {
  auto n = currentSet(layout);
  if (!n || *n == 0) {
    ADD_FAILURE() << "no current set";
    return "";
  }
  auto tag = readSetIndex(layout, *n, 100);
  if (!tag) {
    ADD_FAILURE() << tag.error().describe();
    return "";
  }
  for (const char* role : kRoles) {
    auto bytes = readSetRole(layout, *n, role, 100);
    if (!bytes || *bytes != *tag + ":" + role) {
      ADD_FAILURE() << "set " << *n << " mixes '" << *tag << "' with " << (bytes ? *bytes : "a missing " + std::string(role));
      return "";
    }
  }
  auto store = StateStore::openStateDir(layout.root());
  const std::string target = "target of " + *tag;
  auto stored = store ? store->readTarget(sha256Hex(target), 100) : Result<std::optional<std::string>>(store.error());
  EXPECT_TRUE(stored && *stored && **stored == target) << "target of set '" << *tag << "' not stored";
  return *tag;
}

TEST(StateCrash, TrustedSetSwitchIsOldOrNewAtEveryKillPoint) {
  if (!test::faultChildrenAvailable()) GTEST_SKIP() << "fault injection or helper children unavailable in this build";
  auto prepare = [](const test::TempDir& d) {
    initState(d.file("s"));
    ASSERT_TRUE(runChild({"set", d.file("s"), "old"}, "").succeeded());
  };
  const std::vector<std::string> points = killPoints(prepare, {"set", "DIR", "new"});
  for (const char* step : {"state.set.before_flush#1", "state.set.before_switch#1", "state.set.switched#1",
                           "atomic_write.before_rename#1", "atomic_write.before_dir_fsync#1"}) {
    EXPECT_NE(std::find(points.begin(), points.end(), step), points.end()) << step;
  }
  std::printf("trusted-set switch: %zu kill points\n", points.size());
  int saw_old = 0, saw_new = 0;
  for (const std::string& point : points) {
    SCOPED_TRACE(point);
    test::TempDir d;
    prepare(d);
    const Layout layout(d.file("s"));
    const process::Outcome killed = runChild({"set", layout.root(), "new"}, point);
    ASSERT_TRUE(killed.signaled && killed.signal == SIGKILL) << "not killed there: " << killed.stderr_data;

    const std::string before = currentTag(layout);  // what `check` would load right now
    EXPECT_TRUE(before == "old" || before == "new") << before;
    (before == "new" ? saw_new : saw_old)++;
    {
      auto lock = lockState(layout.root());  // the next run: recovery
      ASSERT_TRUE(lock) << lock.error().describe();
    }
    EXPECT_EQ(currentTag(layout), before);
    EXPECT_EQ(entries(layout.setsDir()), std::vector<std::string>{std::to_string(*currentSet(layout))});
    std::vector<std::string> temps;
    collectTemps(layout.root(), &temps);
    EXPECT_TRUE(temps.empty()) << temps.front();
    ASSERT_TRUE(runChild({"set", layout.root(), "next"}, "").succeeded());
    EXPECT_EQ(currentTag(layout), "next");
  }
  EXPECT_GT(saw_old, 0);
  EXPECT_GT(saw_new, 0);
}

// --- report + chain -----------------------------------------------------------

struct SeenReport {
  std::int64_t sequence = 0;
  std::string previous, sha256;
};

// A synthetic report of the child: {"previous":"<hex>","sequence":S}.
[[maybe_unused]] std::optional<SeenReport> parseReport(const std::string& path) {
  auto text = fs::readFile(path, 1024);
  if (!text) return std::nullopt;
  const std::string prefix = "{\"previous\":\"";
  const std::size_t end = text->find("\",\"sequence\":");
  if (text->rfind(prefix, 0) != 0 || end == std::string::npos || text->back() != '}') {
    ADD_FAILURE() << path << " is not a whole report: " << *text;
    return std::nullopt;
  }
  SeenReport r;
  r.previous = text->substr(prefix.size(), end - prefix.size());
  r.sequence = std::stoll(text->substr(end + 13));
  r.sha256 = sha256Hex(*text);
  return r;
}

// Every report seen anywhere, by sequence: a second different one is a fork.
class History {
 public:
  void see(const std::optional<SeenReport>& r, const std::string& where) {
    if (!r) return;
    auto [it, fresh] = by_sequence_.emplace(r->sequence, *r);
    EXPECT_EQ(it->second.sha256, r->sha256) << "fork: two reports " << r->sequence << " (" << where << ")";
    if (r->sequence > 1 && by_sequence_.count(r->sequence - 1)) {
      EXPECT_EQ(r->previous, by_sequence_.at(r->sequence - 1).sha256) << "broken link at " << r->sequence;
    }
  }

 private:
  std::map<std::int64_t, SeenReport> by_sequence_;
};

TEST(StateCrash, ReportChainNeverForksAtAnyKillPoint) {
  if (!test::faultChildrenAvailable()) GTEST_SKIP() << "fault injection or helper children unavailable in this build";
  auto prepare = [](const test::TempDir& d) {
    initState(d.file("s"));
    ASSERT_TRUE(runChild({"report", d.file("s"), d.file("out.json")}, "").succeeded());
  };
  const std::vector<std::string> points = killPoints(prepare, {"report", "DIR", "OUT"});
  for (const char* step : {"state.report.written#1", "state.report.before_commit#1", "state.report.committed#1",
                           "state.report.published#1", "atomic_write.before_dir_fsync#2"}) {
    EXPECT_NE(std::find(points.begin(), points.end(), step), points.end()) << step;
  }
  std::printf("report + chain: %zu kill points\n", points.size());
  int committed = 0, not_committed = 0;
  for (const std::string& point : points) {
    SCOPED_TRACE(point);
    test::TempDir d;
    prepare(d);
    const Layout layout(d.file("s"));
    const std::string out = d.file("out.json");
    History history;
    history.see(parseReport(layout.lastReport()), "report 1");
    const process::Outcome killed = runChild({"report", layout.root(), out}, point);
    ASSERT_TRUE(killed.signaled && killed.signal == SIGKILL) << "not killed there: " << killed.stderr_data;

    auto chain = readReportChain(layout);
    ASSERT_TRUE(chain) << chain.error().describe();
    ASSERT_TRUE(chain->sequence == 1 || chain->sequence == 2) << chain->sequence;
    (chain->sequence == 2 ? committed : not_committed)++;
    const auto out_seen = parseReport(out);
    history.see(out_seen, "--out after the kill");
    if (out_seen && out_seen->sequence == 2) {
      EXPECT_EQ(out_seen->sha256, chain->last_sha256) << "--out holds an uncommitted report";
    }
    const auto last_seen = parseReport(layout.lastReport());
    history.see(last_seen, "last.json after the kill");
    ASSERT_TRUE(last_seen);
    EXPECT_LE(last_seen->sequence, chain->sequence);
    {
      auto lock = lockState(layout.root());  // the next run: recovery
      ASSERT_TRUE(lock) << lock.error().describe();
    }
    const auto head = parseReport(layout.lastReport());
    ASSERT_TRUE(head);
    EXPECT_EQ(head->sequence, chain->sequence);
    EXPECT_EQ(head->sha256, chain->last_sha256) << "the chain does not verify against last.json";
    history.see(head, "last.json after recovery");
    EXPECT_EQ(entries(layout.reportsDir()), (std::vector<std::string>{"chain", "last.json"}));

    ASSERT_TRUE(runChild({"report", layout.root(), out}, "").succeeded());
    const auto next = parseReport(layout.lastReport());
    ASSERT_TRUE(next);
    EXPECT_EQ(next->sequence, chain->sequence + 1);
    history.see(next, "the next report");
    history.see(parseReport(out), "--out of the next report");
    std::vector<std::string> temps;
    collectTemps(d.path(), &temps);
    EXPECT_TRUE(temps.empty()) << temps.front();
  }
  EXPECT_GT(committed, 0);
  EXPECT_GT(not_committed, 0);
}

}  // namespace
}  // namespace psirt::state
