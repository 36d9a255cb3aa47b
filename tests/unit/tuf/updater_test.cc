#include "agent/tuf/updater.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "platform/fs/fs.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_paths.h"
#include "tests/unit/tuf/tuf_test_support.h"

namespace psirt::tuf {
namespace {

// A delegated targets role with no targets, expiring in 2030.
json::Value emptyTargets() {
  return json::Value::object({{"_type", "targets"},
                              {"spec_version", "1.0.31"},
                              {"version", 1},
                              {"expires", "2030-01-01T00:00:00Z"},
                              {"targets", json::Value::object()}});
}

// One entry of a delegations' "roles" list (threshold 1, not terminating).
json::Value delegation(const std::string& name, const tuf::test::TestKey& k, json::Value paths) {
  return json::Value::object({{"name", name},
                              {"keyids", json::Value::array({k.keyid})},
                              {"threshold", 1},
                              {"terminating", false},
                              {"paths", std::move(paths)}});
}

// A "delegations" object: the keys and the role entries.
json::Value delegations(std::initializer_list<const tuf::test::TestKey*> keys, json::Value roles) {
  json::Value out = json::Value::object({{"keys", json::Value::object()}, {"roles", std::move(roles)}});
  for (const auto* k : keys) out["keys"].set(k->keyid, k->public_json);
  return out;
}

using tuf::test::FakeFetcher;
using tuf::test::TestRepo;

const std::string kTufDir = psirt::test::conformanceDir() + "/tuf/";

std::vector<std::string> jsonFiles(const std::string& dir) {
  std::vector<std::string> out;
  auto entries = fs::listDirectory(dir);
  if (!entries) return out;
  for (const auto& e : *entries) {
    if (e.name.size() > 5 && e.name.substr(e.name.size() - 5) == ".json") out.push_back(e.name);
  }
  return out;
}

UpdaterOptions fakeOptions() {
  UpdaterOptions o;
  o.metadata_base = "m/";
  o.targets_base = "t/";
  return o;
}

state::StateStore initState(const psirt::test::TempDir& dir, const std::string& root) {
  auto store = state::StateStore::openStateDir(dir.path());
  EXPECT_TRUE(store.ok());
  EXPECT_TRUE(store->writeRole("root", root).ok());
  return *store;
}

// "2025-02-09 12:02:08+00:00" (the suite's faketime file) -> seconds.
Seconds fakeTime(const std::string& dir) {
  std::string s = psirt::test::readTextFile(dir + "/faketime").substr(0, 19);
  s[10] = 'T';
  return *parseTufTime(s + "Z");
}

struct StaticCase {
  const char* dir;
};

class RealRepository : public ::testing::TestWithParam<StaticCase> {};

TEST_P(RealRepository, RefreshAndDownloadTheListedTarget) {
  const std::string repo = kTufDir + "tuf-conformance/static_data/" + GetParam().dir;
  psirt::test::TempDir state;
  clock::FixedClock clock(fakeTime(repo));
  DirectoryFetcher fetcher(repo);
  UpdaterOptions o;
  o.metadata_base = repo + "/metadata/";
  o.targets_base = repo + "/targets/";
  Updater u(initState(state, psirt::test::readTextFile(repo + "/initial_root.json")), fetcher, clock, o);
  Status st = u.refresh();
  ASSERT_TRUE(st.ok()) << st.error().describe();
  std::string target = psirt::test::readTextFile(repo + "/targetpath");
  while (!target.empty() && (target.back() == '\n' || target.back() == '\r')) target.pop_back();
  auto match = u.findTarget(target);
  ASSERT_TRUE(match.ok()) << match.error().describe();
  auto bytes = u.downloadTarget(*match);
  ASSERT_TRUE(bytes.ok()) << bytes.error().describe();
  EXPECT_EQ(static_cast<std::int64_t>(bytes->size()), match->file.length);
  // Stored byte-exact under unversioned names; no other *.json.
  const std::string ts = psirt::test::readTextFile(repo + "/metadata/timestamp.json");
  EXPECT_EQ(*fs::readFile(state.path() + "/metadata/timestamp.json", 1 << 20), ts);
  for (const auto& name : jsonFiles(state.path() + "/metadata")) {
    EXPECT_TRUE(name == "root.json" || name == "timestamp.json" || name == "snapshot.json" ||
                name == "targets.json" || match->roles.size() > 1)
        << name;
  }
}

INSTANTIATE_TEST_SUITE_P(TufConformanceStatic, RealRepository,
                         ::testing::Values(StaticCase{"sigstore-root-signing"},
                                           StaticCase{"tuf-on-ci-0.11"}));

TEST(Updater, PythonTufRepositoryNonConsistentWithDelegationAndStore) {
  const std::string repo = kTufDir + "python-tuf/repository";
  psirt::test::TempDir state;
  clock::FixedClock clock(*parseTufTime("2025-01-01T00:00:00Z"));
  DirectoryFetcher fetcher(repo);
  UpdaterOptions o;
  o.metadata_base = repo + "/metadata/";
  o.targets_base = repo + "/targets/";
  Updater u(initState(state, psirt::test::readTextFile(repo + "/metadata/root.json")), fetcher, clock, o);
  ASSERT_TRUE(u.refresh().ok());
  auto match = u.findTarget("file3.txt");
  ASSERT_TRUE(match.ok()) << match.error().describe();
  EXPECT_EQ(match->roles, (std::vector<std::string>{"targets", "role1"}));
  auto path = u.storeTarget(*match);
  ASSERT_TRUE(path.ok()) << path.error().describe();
  EXPECT_EQ(path->find(state.path() + "/targets/sha256/"), 0u);
  struct stat st {};
  ASSERT_EQ(::stat(path->c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(*fs::readFile(*path, 1 << 20), psirt::test::readTextFile(repo + "/targets/file3.txt"));
  auto missing = u.findTarget("nothing.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().security, SecurityCode::kTargetNotDelegated);
}

TEST(Updater, FirstRefreshFetchesExactlyRootTimestampSnapshotTargets) {
  TestRepo repo;
  FakeFetcher f;
  repo.publish(f);
  const std::string v1 = repo.rootBytes();
  repo.root["version"].assign(2);
  repo.publish(f);
  psirt::test::TempDir state;
  clock::FixedClock clock(*parseTufTime("2025-01-01T00:00:00Z"));
  Updater u(initState(state, v1), f, clock, fakeOptions());
  Status st = u.refresh();
  ASSERT_TRUE(st.ok()) << st.error().describe();
  EXPECT_EQ(f.requests, (std::vector<std::string>{"m/2.root.json", "m/3.root.json", "m/timestamp.json",
                                                  "m/1.snapshot.json", "m/1.targets.json"}));
  EXPECT_EQ(*fs::readFile(state.path() + "/metadata/root.json", 1 << 20), f.files["m/2.root.json"]);
  // A second refresh with nothing new fetches only root N+1 and timestamp.
  f.requests.clear();
  Updater again(*state::StateStore::openStateDir(state.path()), f, clock, fakeOptions());
  ASSERT_TRUE(again.refresh().ok());
  EXPECT_EQ(f.requests, (std::vector<std::string>{"m/3.root.json", "m/timestamp.json"}));
}

TEST(Updater, RollbackAttackLeavesTrustedTimestampBytesUnchanged) {
  TestRepo repo;
  FakeFetcher f;
  repo.timestamp["version"].assign(2);
  repo.publish(f);
  psirt::test::TempDir state;
  clock::FixedClock clock(*parseTufTime("2025-01-01T00:00:00Z"));
  ASSERT_TRUE(Updater(initState(state, repo.rootBytes()), f, clock, fakeOptions()).refresh().ok());
  const std::string trusted = *fs::readFile(state.path() + "/metadata/timestamp.json", 1 << 20);
  repo.timestamp["version"].assign(1);
  repo.publish(f);
  Updater u(*state::StateStore::openStateDir(state.path()), f, clock, fakeOptions());
  Status st = u.refresh();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().security, SecurityCode::kRollback);
  EXPECT_EQ(st.error().context, "timestamp");
  EXPECT_EQ(*fs::readFile(state.path() + "/metadata/timestamp.json", 1 << 20), trusted);
}

TEST(Updater, FastForwardRecoveryAfterTimestampKeyRotation) {
  TestRepo repo;
  FakeFetcher f;
  repo.timestamp["version"].assign(1000);  // attacker fast-forwarded the timestamp
  repo.publish(f);
  const std::string v1 = repo.rootBytes();
  psirt::test::TempDir state;
  clock::FixedClock clock(*parseTufTime("2025-01-01T00:00:00Z"));
  ASSERT_TRUE(Updater(initState(state, v1), f, clock, fakeOptions()).refresh().ok());
  // Recovery: root v2 rotates the timestamp key; timestamp back to version 2.
  tuf::test::TestKey fresh = tuf::test::ed25519Key(30);
  repo.root["version"].assign(2);
  repo.root["keys"][fresh.keyid].assign(fresh.public_json);
  repo.root["roles"]["timestamp"]["keyids"].assign(json::Value::array({fresh.keyid}));
  repo.signers["timestamp"] = {&fresh};
  repo.timestamp["version"].assign(2);
  repo.publish(f);
  Updater u(*state::StateStore::openStateDir(state.path()), f, clock, fakeOptions());
  Status st = u.refresh();
  ASSERT_TRUE(st.ok()) << st.error().describe();
  EXPECT_EQ(u.trusted()->timestamp()->common.version, 2);
  EXPECT_FALSE(u.report().warnings.empty());
}

TEST(Updater, TimeFloorFromSignedIssuedFieldAndClockBehindFloor) {
  TestRepo repo("2030-01-01T00:00:00Z");
  FakeFetcher f;
  repo.timestamp["x-psirt-issued"].assign("2026-06-01T00:00:00Z");
  repo.publish(f);
  psirt::test::TempDir state;
  clock::FixedClock clock(*parseTufTime("2026-06-02T00:00:00Z"));
  ASSERT_TRUE(Updater(initState(state, repo.rootBytes()), f, clock, fakeOptions()).refresh().ok());
  auto store = *state::StateStore::openStateDir(state.path());
  EXPECT_EQ(*store.readTimeFloor(), *parseTufTime("2026-06-01T00:00:00Z"));
  EXPECT_EQ(jsonFiles(state.path() + "/metadata").size(), 4u);  // the floor file is not *.json

  // A device whose clock fell back to 1970 is judged at the floor.
  clock.set(0);
  Updater u(store, f, clock, fakeOptions());
  ASSERT_TRUE(u.refresh().ok());
  EXPECT_TRUE(u.report().clock_behind_floor);
  EXPECT_EQ(u.report().effective_time, *parseTufTime("2026-06-01T00:00:00Z"));

  // A floor past every expiry makes the metadata expired even with an old clock.
  ASSERT_TRUE(store.writeTimeFloor(*parseTufTime("2031-01-01T00:00:00Z")).ok());
  Updater late(store, f, clock, fakeOptions());
  Status st = late.refresh();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().security, SecurityCode::kExpired);
}

TEST(Updater, ClockTenYearsAheadSaysClockAhead) {
  TestRepo repo("2030-01-01T00:00:00Z");
  FakeFetcher f;
  repo.publish(f);
  psirt::test::TempDir state;
  clock::FixedClock clock(*parseTufTime("2040-01-01T00:00:00Z"));
  Updater u(initState(state, repo.rootBytes()), f, clock, fakeOptions());
  Status st = u.refresh();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().security, SecurityCode::kExpired);
  EXPECT_NE(st.error().message.find("clock ahead?"), std::string::npos) << st.error().describe();
  // Expired by less than the margin: no such hint.
  clock.set(*parseTufTime("2030-01-02T00:00:00Z"));
  psirt::test::TempDir state2;
  Updater u2(initState(state2, repo.rootBytes()), f, clock, fakeOptions());
  Status st2 = u2.refresh();
  ASSERT_FALSE(st2.ok());
  EXPECT_EQ(st2.error().message.find("clock ahead?"), std::string::npos);
}

TEST(Updater, DeviceAtRootV1With1970ClockReachesCurrentRoot) {
  TestRepo repo;
  FakeFetcher f;
  repo.publish(f);
  const std::string v1 = repo.rootBytes();
  for (int v = 2; v <= 5; ++v) {
    tuf::test::TestKey next = tuf::test::ed25519Key(40 + v);
    repo.root["version"].assign(v);
    repo.root["keys"][next.keyid].assign(next.public_json);
    repo.root["roles"]["root"]["keyids"].assign(json::Value::array({next.keyid}));
    static std::vector<tuf::test::TestKey> keep;
    keep.reserve(8);
    keep.push_back(next);
    repo.signers["root"] = {repo.signers["root"].back(), &keep.back()};
    repo.publish(f);
  }
  psirt::test::TempDir state;
  clock::FixedClock clock(0);
  Updater u(initState(state, v1), f, clock, fakeOptions());
  Status st = u.refresh();
  ASSERT_TRUE(st.ok()) << st.error().describe();
  EXPECT_EQ(u.trusted()->root().common.version, 5);
}

TEST(Updater, EndlessTargetStopsAtListedLength) {
  TestRepo repo;
  FakeFetcher f;
  repo.addTarget("a/file.txt", "hello");
  repo.publish(f);
  for (auto& [name, content] : f.files) {
    if (name.rfind("t/", 0) == 0) content = std::string(1 << 20, 'x');
  }
  psirt::test::TempDir state;
  clock::FixedClock clock(*parseTufTime("2025-01-01T00:00:00Z"));
  Updater u(initState(state, repo.rootBytes()), f, clock, fakeOptions());
  auto match = u.findTarget("a/file.txt");
  ASSERT_TRUE(match.ok()) << match.error().describe();
  auto bytes = u.downloadTarget(*match);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().security, SecurityCode::kLengthMismatch);
  EXPECT_EQ(f.requests.back().rfind("t/a/", 0), 0u);  // HASH.NAME under the same directory
}

TEST(Updater, UnusualRoleNamesStayInsideTheMetadataDirectory) {
  TestRepo repo;
  FakeFetcher f;
  tuf::test::TestKey dk = tuf::test::ed25519Key(50);
  json::Value roles = json::Value::array();
  for (const char* name : {"../escape", "?", "#", "/abs"}) {
    roles.push(delegation(name, dk, json::Value::array({"*"})));
    repo.delegated[name] = emptyTargets();
    repo.signers[name] = {&dk};
  }
  repo.targets["delegations"].assign(delegations({&dk}, roles));
  repo.addTarget("file", "content", "#");
  repo.publish(f);
  psirt::test::TempDir state;
  clock::FixedClock clock(*parseTufTime("2025-01-01T00:00:00Z"));
  Updater u(initState(state, repo.rootBytes()), f, clock, fakeOptions());
  auto match = u.findTarget("file");
  ASSERT_TRUE(match.ok()) << match.error().describe();
  EXPECT_EQ(match->roles.back(), "#");
  // Pre-order DFS in delegation order, percent-encoded names.
  EXPECT_EQ(std::vector<std::string>(f.requests.end() - 3, f.requests.end()),
            (std::vector<std::string>{"m/1...%2Fescape.json", "m/1.%3F.json", "m/1.%23.json"}));
  EXPECT_EQ(jsonFiles(state.path() + "/metadata").size(), 7u);
  EXPECT_FALSE(*fs::exists(state.path() + "/escape.json"));
}

TEST(Updater, TerminatingDelegationStopsTheSearch) {
  TestRepo repo;
  FakeFetcher f;
  tuf::test::TestKey dk = tuf::test::ed25519Key(60);
  json::Value roles = json::Value::array();
  for (const char* name : {"first", "second"}) {
    json::Value role = delegation(name, dk, json::Value::array({"x/*"}));
    role.set("terminating", std::string(name) == "first");
    roles.push(std::move(role));
    repo.delegated[name] = emptyTargets();
    repo.signers[name] = {&dk};
  }
  repo.targets["delegations"].assign(delegations({&dk}, roles));
  repo.addTarget("x/y", "content", "second");
  repo.publish(f);
  psirt::test::TempDir state;
  clock::FixedClock clock(*parseTufTime("2025-01-01T00:00:00Z"));
  Updater u(initState(state, repo.rootBytes()), f, clock, fakeOptions());
  auto match = u.findTarget("x/y");
  ASSERT_FALSE(match.ok());
  EXPECT_EQ(match.error().security, SecurityCode::kTargetNotDelegated);
  EXPECT_EQ(f.requests.back(), "m/1.first.json");
}

TEST(Updater, MissingTrustedRootAsksForTrustInit) {
  psirt::test::TempDir state;
  FakeFetcher f;
  clock::FixedClock clock(0);
  Updater u(*state::StateStore::openStateDir(state.path()), f, clock, fakeOptions());
  Status st = u.refresh();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().category, ErrorCategory::kUsage);
  EXPECT_TRUE(f.requests.empty());
}


TEST(Updater, CachedRoleIsVerifiedAgainstTheCurrentDelegator) {
  TestRepo repo;
  FakeFetcher f;
  tuf::test::TestKey ka = tuf::test::ed25519Key(70), kb = tuf::test::ed25519Key(71);
  tuf::test::TestKey kc_by_a = tuf::test::ed25519Key(72), kc_by_b = tuf::test::ed25519Key(73);
  repo.targets["delegations"].assign(delegations(
      {&ka, &kb}, json::Value::array({delegation("A", ka, json::Value::array({"*/*"})),
                                      delegation("B", kb, json::Value::array({"*/*"}))})));
  repo.delegated["A"] = emptyTargets();
  repo.delegated["A"]["delegations"].assign(
      delegations({&kc_by_a}, json::Value::array({delegation("C", kc_by_a, json::Value::array({"a/*"}))})));
  repo.delegated["B"] = emptyTargets();
  repo.delegated["B"]["delegations"].assign(
      delegations({&kc_by_b}, json::Value::array({delegation("C", kc_by_b, json::Value::array({"b/*"}))})));
  repo.delegated["C"] = emptyTargets();
  repo.signers["A"] = {&ka};
  repo.signers["B"] = {&kb};
  repo.signers["C"] = {&kc_by_a};  // only A's delegation key signs C
  repo.addTarget("a/1", "one", "C");
  repo.addTarget("b/1", "two", "C");
  repo.publish(f);
  psirt::test::TempDir state;
  clock::FixedClock clock(*parseTufTime("2025-01-01T00:00:00Z"));
  Updater u(initState(state, repo.rootBytes()), f, clock, fakeOptions());
  auto via_a = u.findTarget("a/1");
  ASSERT_TRUE(via_a.ok()) << via_a.error().describe();
  EXPECT_EQ(via_a->roles, (std::vector<std::string>{"targets", "A", "C"}));
  auto via_b = u.findTarget("b/1");  // A does not delegate b/* to C; B does, with another key
  ASSERT_FALSE(via_b.ok());
  EXPECT_EQ(via_b.error().security, SecurityCode::kBadSignature);
  EXPECT_EQ(via_b.error().context, "C");
}

TEST(Updater, HashBinDelegations) {
  TestRepo repo;
  FakeFetcher f;
  tuf::test::TestKey k = tuf::test::ed25519Key(80);
  // sha256("a") = ca97..., sha256("b") = 3e23...
  json::Value low = delegation("bin-0-7", k, nullptr);
  low.erase("paths");
  low.set("path_hash_prefixes", json::Value::array({"0", "1", "2", "3", "4", "5", "6", "7"}));
  json::Value high = low;
  high["name"].assign("bin-8-f");
  high.set("path_hash_prefixes", json::Value::array({"8", "9", "a", "b", "c", "d", "e", "f"}));
  repo.targets["delegations"].assign(delegations({&k}, json::Value::array({low, high})));
  repo.delegated["bin-0-7"] = emptyTargets();
  repo.delegated["bin-8-f"] = emptyTargets();
  repo.signers["bin-0-7"] = {&k};
  repo.signers["bin-8-f"] = {&k};
  repo.addTarget("a", "A", "bin-8-f");
  repo.addTarget("b", "B", "bin-0-7");
  repo.publish(f);
  psirt::test::TempDir state;
  clock::FixedClock clock(*parseTufTime("2025-01-01T00:00:00Z"));
  Updater u(initState(state, repo.rootBytes()), f, clock, fakeOptions());
  auto a = u.findTarget("a");
  ASSERT_TRUE(a.ok()) << a.error().describe();
  EXPECT_EQ(a->roles.back(), "bin-8-f");
  auto b = u.findTarget("b");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->roles.back(), "bin-0-7");
  EXPECT_EQ(*u.downloadTarget(*b), "B");
}

TEST(Updater, SuccinctHashBinDelegations) {
  TestRepo repo;
  FakeFetcher f;
  tuf::test::TestKey k = tuf::test::ed25519Key(81);
  json::Value d = delegations({&k}, nullptr);
  d.erase("roles");
  d.set("succinct_roles", json::Value::object({{"keyids", json::Value::array({k.keyid})},
                                               {"threshold", 1},
                                               {"bit_length", 2},
                                               {"name_prefix", "bin"}}));
  repo.targets["delegations"].assign(std::move(d));
  for (const char* bin : {"bin-0", "bin-1", "bin-2", "bin-3"}) {
    repo.delegated[bin] = emptyTargets();
    repo.signers[bin] = {&k};
  }
  repo.addTarget("a", "A", "bin-3");  // sha256("a") = ca97... -> first two bits 11
  repo.addTarget("b", "B", "bin-0");  // sha256("b") = 3e23... -> 00
  repo.publish(f);
  psirt::test::TempDir state;
  clock::FixedClock clock(*parseTufTime("2025-01-01T00:00:00Z"));
  Updater u(initState(state, repo.rootBytes()), f, clock, fakeOptions());
  auto a = u.findTarget("a");
  ASSERT_TRUE(a.ok()) << a.error().describe();
  EXPECT_EQ(a->roles.back(), "bin-3");
  EXPECT_EQ(f.requests.back(), "m/1.bin-3.json");
  auto b = u.findTarget("b");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->roles.back(), "bin-0");
  auto names = u.knownTargetNames();
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"a", "b"}));
}

TEST(Updater, UnknownHashAlgorithmOnlyIsRefusedWithoutFetching) {
  TestRepo repo;
  FakeFetcher f;
  repo.addTarget("file", "data");
  repo.targets["targets"]["file"]["hashes"].assign(json::Value::object({{"md4", "00"}}));
  repo.publish(f);
  psirt::test::TempDir state;
  clock::FixedClock clock(*parseTufTime("2025-01-01T00:00:00Z"));
  Updater u(initState(state, repo.rootBytes()), f, clock, fakeOptions());
  auto m = u.findTarget("file");
  ASSERT_TRUE(m.ok());
  const std::size_t before = f.requests.size();
  auto bytes = u.downloadTarget(*m);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().security, SecurityCode::kHashMismatch);
  EXPECT_EQ(f.requests.size(), before);
}

TEST(Updater, SnapshotHashMismatchKeepsEarlierRolesAndNoSnapshot) {
  TestRepo repo;
  FakeFetcher f;
  repo.publish(f);
  f.files["m/1.snapshot.json"] += " ";  // timestamp lists the original length and hash
  psirt::test::TempDir state;
  clock::FixedClock clock(*parseTufTime("2025-01-01T00:00:00Z"));
  Updater u(initState(state, repo.rootBytes()), f, clock, fakeOptions());
  Status st = u.refresh();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().context, "snapshot");
  EXPECT_TRUE(*fs::exists(state.path() + "/metadata/timestamp.json"));  // persisted as soon as verified
  EXPECT_FALSE(*fs::exists(state.path() + "/metadata/snapshot.json"));
}

TEST(DirectoryFetcherLimits, RefusesEscapesAndOversize) {
  psirt::test::TempDir repo;
  ASSERT_TRUE(fs::writeFileAtomic(repo.file("f"), "12345").ok());
  DirectoryFetcher d(repo.path());
  EXPECT_EQ(*d.fetch(repo.file("f"), 5), "12345");
  EXPECT_EQ(d.fetch(repo.file("f"), 4).error().category, ErrorCategory::kLimit);
  EXPECT_TRUE(isNotFound(d.fetch(repo.file("missing"), 4).error()));
  EXPECT_EQ(d.fetch(repo.path() + "/../etc/passwd", 1 << 20).error().category, ErrorCategory::kUsage);
  EXPECT_EQ(d.fetch("/etc/passwd", 1 << 20).error().category, ErrorCategory::kUsage);
}

TEST(StateStoreNames, EncodedRoleFileNames) {
  EXPECT_EQ(state::Layout::roleFileName("root"), "root.json");
  EXPECT_EQ(state::Layout::roleFileName("../x"), "..%2Fx.json");
  EXPECT_EQ(state::Layout::roleFileName("a b?#"), "a%20b%3F%23.json");
  EXPECT_EQ(state::Layout::roleFileName(std::string(300, '/')).size(), 2u + 64u + 5u);
}

}  // namespace
}  // namespace psirt::tuf
