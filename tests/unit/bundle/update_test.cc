// End to end: repositories built and signed by repo_builder, exported with
// BundleWriter, verified by updateFromBundle (and psirt-agent update
// --bundle) into a state directory; hostile and foreign bundles leave the
// trusted state byte-for-byte untouched.
#include "agent/bundle/update.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agent/bundle/writer.h"
#include "agent/repo_builder/repository.h"
#include "agent/state/state_store.h"
#include "agent/tuf/repository_update.h"
#include "agent/tuf/updater.h"
#include "platform/clock/clock.h"
#include "platform/fs/fs.h"
#include "platform/process/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_keys.h"
#include "tests/unit/bundle/raw_bundle.h"

namespace psirt::bundle {
namespace {

using repo::Repository;
constexpr repo::Seconds kNow = 1767225600;  // 2026-01-01T00:00:00Z
const clock::FixedClock kClock(kNow + 3600);

// Every regular file below dir (relative path -> bytes), the lock file aside.
void snapshotInto(const std::string& dir, const std::string& rel, std::map<std::string, std::string>& out) {
  auto list = fs::listDirectory(dir);
  ASSERT_TRUE(list) << dir;
  for (const auto& e : *list) {
    const std::string path = fs::joinPath(dir, e.name);
    const std::string name = rel.empty() ? e.name : rel + "/" + e.name;
    if (e.is_directory) {
      snapshotInto(path, name, out);
    } else if (name != "lock") {
      auto bytes = fs::readFile(path, 64 << 20);
      ASSERT_TRUE(bytes) << path;
      out[name] = *bytes;
    }
  }
}
std::map<std::string, std::string> snapshot(const std::string& dir) {
  std::map<std::string, std::string> out;
  snapshotInto(dir, "", out);
  return out;
}

// The product's role layout (docs/design.md#trust): advisories/* -> "advisories",
// artifacts/* -> terminating "remediation".
Repository productRepo(const std::string& key_prefix = "") {
  Repository::TopLevelKeys keys = key_prefix.empty()
                                      ? psirt::test::defaultTopLevelKeys()
                                      : Repository::TopLevelKeys{psirt::test::ed25519Key(key_prefix + "root"),
                                                                 psirt::test::ed25519Key(key_prefix + "ts"),
                                                                 psirt::test::ed25519Key(key_prefix + "snap"),
                                                                 psirt::test::ed25519Key(key_prefix + "targets")};
  Repository r(std::move(keys), kNow);
  r.setIssued(kNow - 60);
  EXPECT_TRUE(r.delegate("targets", {"advisories", {"advisories/*"}, {}, false, 1},
                         {psirt::test::ed25519Key(key_prefix + "adv")}));
  EXPECT_TRUE(r.delegate("targets", {"remediation", {"artifacts/*", "actions/*"}, {}, true, 1},
                         {psirt::test::ed25519Key(key_prefix + "rem")}));
  EXPECT_TRUE(r.addTarget("advisories", "advisories/psirt-2026-001.json", R"({"document":{}})"));
  EXPECT_TRUE(r.addTarget("remediation", "artifacts/patch-1.rpm", std::string(5000, 'p')));
  EXPECT_TRUE(r.addTarget("targets", "README", "top-level target"));
  EXPECT_TRUE(r.publishRoot());
  EXPECT_TRUE(r.publish());
  return r;
}

class BundleUpdate : public ::testing::Test {
 protected:
  // State with root v1 of `r` as the provisioned first root (trust init).
  std::string initState(const Repository& r, const std::string& name = "state") {
    const std::string dir = tmp_.file(name);
    auto store = state::StateStore::openStateDir(dir);
    EXPECT_TRUE(store);
    EXPECT_TRUE(store->writeRole("root", *r.file("metadata/1.root.json")));
    return dir;
  }
  std::string exportBundle(const Repository& r, const std::string& name,
                           const std::vector<std::string>& drop_suffixes = {}) {
    const std::string repo_dir = tmp_.file(name + ".repo");
    EXPECT_TRUE(r.writeTo(repo_dir));
    BundleWriter w;
    EXPECT_TRUE(w.addRepositoryDirectory(repo_dir));
    for (const auto& n : w.names()) {
      for (const auto& s : drop_suffixes) {
        if (n.size() >= s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0) {
          EXPECT_TRUE(w.remove(n));
        }
      }
    }
    const std::string path = tmp_.file(name + ".psb");
    EXPECT_TRUE(w.write(path));
    return path;
  }
  std::vector<std::string> incomingFiles(const std::string& state) {
    std::vector<std::string> out;
    if (auto l = fs::listDirectory(fs::joinPath(state, "incoming"))) {
      for (const auto& e : *l) out.push_back(e.name);
    }
    return out;
  }
  psirt::test::TempDir tmp_;
};

TEST_F(BundleUpdate, BundleGivesTheSameTrustedStateAsTheDirectory) {
  Repository r = productRepo();
  const std::string bundle = exportBundle(r, "b");
  const std::string from_bundle = initState(r, "s1");
  auto outcome = updateFromBundle(from_bundle, bundle, kClock);
  ASSERT_TRUE(outcome) << outcome.error().describe();
  EXPECT_EQ(outcome->stored, 3);
  EXPECT_TRUE(outcome->missing_artifacts.empty());
  EXPECT_EQ(outcome->root_version, 1);

  // The same update the CLI does with --repo (a directory).
  const std::string from_dir = initState(r, "s2");
  auto online = tuf::updateFromRepository(from_dir, tmp_.file("b.repo"), kClock, {});
  ASSERT_TRUE(online) << online.error().describe();
  EXPECT_EQ(online->stored, 3);

  auto a = snapshot(from_bundle);
  auto b = snapshot(from_dir);
  EXPECT_EQ(a, b);
  EXPECT_TRUE(a.count("metadata/advisories.json"));
  EXPECT_TRUE(a.count("metadata/remediation.json"));
  EXPECT_TRUE(incomingFiles(from_bundle).empty()) << "private copy not removed";
}

TEST_F(BundleUpdate, DeviceAtRootV1ReachesRootV3ThroughABundle) {
  Repository r = productRepo();
  const std::string state = initState(r);
  // v2: root-1 replaced by two new keys, threshold 2 (signed by old + new);
  // v3: one of them replaced again.
  repo::SigningKey k1 = psirt::test::ed25519Key("root-1");
  repo::SigningKey n1 = psirt::test::ecdsaKey(1), n2 = psirt::test::ed25519Key("root-new-2");
  repo::SigningKey n3 = psirt::test::ed25519Key("root-new-3");
  ASSERT_TRUE(r.revokeKey("root", k1.keyid()));
  ASSERT_TRUE(r.addKey("root", n1));
  ASSERT_TRUE(r.addKey("root", n2));
  ASSERT_TRUE(r.setThreshold("root", 2));
  ASSERT_TRUE(r.bumpVersion("root"));
  ASSERT_TRUE(r.publishRoot({k1}));
  ASSERT_TRUE(r.revokeKey("root", n1.keyid()));
  ASSERT_TRUE(r.addKey("root", n3));
  ASSERT_TRUE(r.bumpVersion("root"));
  ASSERT_TRUE(r.publishRoot({n1}));
  ASSERT_TRUE(r.bumpVersion("timestamp"));
  ASSERT_TRUE(r.publish());
  const std::string bundle = exportBundle(r, "b");
  auto outcome = updateFromBundle(state, bundle, kClock);
  ASSERT_TRUE(outcome) << outcome.error().describe();
  EXPECT_EQ(outcome->root_version, 3);
  EXPECT_EQ(snapshot(state)["metadata/root.json"], *r.file("metadata/3.root.json"));
}

TEST_F(BundleUpdate, RootSignedOnlyByNewKeysIsRefusedAndStateUntouched) {
  Repository r = productRepo();
  const std::string state = initState(r);
  ASSERT_TRUE(r.revokeKey("root", psirt::test::ed25519Key("root-1").keyid()));
  ASSERT_TRUE(r.addKey("root", psirt::test::ed25519Key("root-new")));
  ASSERT_TRUE(r.bumpVersion("root"));
  ASSERT_TRUE(r.publishRoot());  // no old-threshold signature
  const std::string bundle = exportBundle(r, "b");
  const auto before = snapshot(state);
  auto outcome = updateFromBundle(state, bundle, kClock);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().category, ErrorCategory::kSecurity) << outcome.error().describe();
  EXPECT_EQ(snapshot(state), before);
}

TEST_F(BundleUpdate, MissingArtifactStillUpdatesMetadata) {
  Repository r = productRepo();
  const std::string state = initState(r);
  const std::string bundle = exportBundle(r, "b", {".patch-1.rpm"});
  auto outcome = updateFromBundle(state, bundle, kClock);
  ASSERT_TRUE(outcome) << outcome.error().describe();
  EXPECT_EQ(outcome->missing_artifacts, std::vector<std::string>{"artifacts/patch-1.rpm"});
  EXPECT_EQ(outcome->stored, 2);
  auto s = snapshot(state);
  EXPECT_EQ(s["metadata/timestamp.json"], *r.file("metadata/timestamp.json"));
  EXPECT_TRUE(s.count("metadata/remediation.json"));
}

TEST_F(BundleUpdate, MissingAdvisoryIsAnError) {
  Repository r = productRepo();
  const std::string state = initState(r);
  auto outcome = updateFromBundle(state, exportBundle(r, "b", {".psirt-2026-001.json"}), kClock);
  ASSERT_FALSE(outcome);
  EXPECT_TRUE(tuf::isNotFound(outcome.error())) << outcome.error().describe();
  EXPECT_NE(outcome.error().describe().find("advisories/psirt-2026-001.json"), std::string::npos);
}

TEST_F(BundleUpdate, BundleOfAnotherRepositoryIsATrustFailureAndStateUntouched) {
  Repository mine = productRepo();
  Repository other = productRepo("other-");
  const std::string state = initState(mine);
  ASSERT_TRUE(updateFromBundle(state, exportBundle(mine, "mine"), kClock));
  const auto before = snapshot(state);
  auto outcome = updateFromBundle(state, exportBundle(other, "other"), kClock);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().category, ErrorCategory::kSecurity) << outcome.error().describe();
  EXPECT_EQ(snapshot(state), before);
  EXPECT_TRUE(incomingFiles(state).empty());
}

// Only a bundle that SHOWS another repository is "another repository" (its
// root vN absent, or well-formed root metadata with other bytes); a root
// member that is damaged is named as damage (kParse, naming the member), and
// either way nothing changes.
TEST_F(BundleUpdate, ADamagedBundleRootIsDamageNotAnotherRepository) {
  Repository r = productRepo();
  const std::string state = initState(r);
  ASSERT_TRUE(updateFromBundle(state, exportBundle(r, "mine"), kClock));
  const auto before = snapshot(state);
  const std::string repo_dir = tmp_.file("damaged.repo");
  ASSERT_TRUE(r.writeTo(repo_dir));
  const std::string root = *r.file("metadata/1.root.json");
  struct Case {
    const char* label;
    std::optional<std::string> member;  // nullopt: left out
    ErrorCategory category;
    const char* says;
  };
  const Case cases[] = {
      {"truncated", root.substr(0, root.size() / 2), ErrorCategory::kParse,
       "damaged bundle member metadata/1.root.json: root: "},
      {"not root", R"({"signatures":[],"signed":{"_type":"timestamp"}})", ErrorCategory::kParse,
       "damaged bundle member metadata/1.root.json"},
      {"empty", "", ErrorCategory::kParse, "damaged bundle member metadata/1.root.json"},
      {"absent", std::nullopt, ErrorCategory::kSecurity,
       "bundle is for another repository: it has no metadata/1.root.json (our trusted root v1)"},
  };
  for (const Case& c : cases) {
    BundleWriter w;
    ASSERT_TRUE(w.addRepositoryDirectory(repo_dir));
    ASSERT_TRUE(w.remove("metadata/1.root.json"));
    if (c.member) {
      ASSERT_TRUE(w.addBytes("metadata/1.root.json", *c.member));
    }
    const std::string path = tmp_.file(std::string(c.label) + ".psb");
    ASSERT_TRUE(w.write(path));
    auto outcome = updateFromBundle(state, path, kClock);
    ASSERT_FALSE(outcome) << c.label;
    const std::string d = outcome.error().describe();
    EXPECT_EQ(outcome.error().category, c.category) << c.label << ": " << d;
    EXPECT_NE(d.find(c.says), std::string::npos) << c.label << ": " << d;
    EXPECT_NE(d.find(path), std::string::npos) << c.label << ": the line names the bundle: " << d;
    EXPECT_EQ(d.find('\n'), std::string::npos) << d;
    EXPECT_EQ(snapshot(state), before) << c.label;
    EXPECT_TRUE(incomingFiles(state).empty()) << c.label;
  }
}

TEST_F(BundleUpdate, StructurallyBadBundlesChangeNothing) {
  Repository r = productRepo();
  const std::string state = initState(r);
  const std::string good = exportBundle(r, "b");
  auto bytes = fs::readFile(good, 1 << 20);
  ASSERT_TRUE(bytes);
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"truncated", bytes->substr(0, bytes->size() / 2)},
      {"garbage", *bytes + "x"},
      {"magic", "XSIRTBDL" + bytes->substr(8)},
      {"empty", ""},
  };
  const auto before = snapshot(state);
  for (const auto& [label, content] : bad) {
    const std::string p = tmp_.file(label + ".psb");
    ASSERT_TRUE(fs::writeFileAtomic(p, content));
    auto outcome = updateFromBundle(state, p, kClock);
    ASSERT_FALSE(outcome) << label;
    EXPECT_EQ(outcome.error().category, ErrorCategory::kParse) << label << ": " << outcome.error().describe();
    EXPECT_NE(outcome.error().describe().find(p), std::string::npos) << "error names the user's file";
    EXPECT_EQ(snapshot(state), before) << label;
    EXPECT_TRUE(incomingFiles(state).empty()) << label;
  }
}

TEST_F(BundleUpdate, ImportCopiesIntoPrivateStorage) {
  Repository r = productRepo();
  const std::string state = initState(r);
  const std::string bundle = exportBundle(r, "b");
  auto copy = importBundle(bundle, state);
  ASSERT_TRUE(copy) << copy.error().describe();
  EXPECT_EQ(copy->rfind(fs::joinPath(state, "incoming/bundle-"), 0), 0u) << *copy;
  EXPECT_EQ(*fs::readFile(*copy, 1 << 20), *fs::readFile(bundle, 1 << 20));
  auto too_big = importBundle(bundle, state, 100);
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().category, ErrorCategory::kLimit);
  // A second import removes the left-over copy of an interrupted run.
  auto again = importBundle(bundle, state);
  ASSERT_TRUE(again);
  EXPECT_EQ(incomingFiles(state).size(), 1u);
}

#ifdef PSIRT_AGENT_BINARY
// psirt-agent update --bundle: exit codes and one-line errors (docs/design.md#command-lines-and-exit-status).
process::Outcome agent(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {PSIRT_AGENT_BINARY, "update"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto out = process::run(argv);
  EXPECT_TRUE(out);
  return out ? *out : process::Outcome{};
}

TEST_F(BundleUpdate, CliUpdatesFromABundleAndMapsFailuresToExitCodes) {
  // Real wall clock: a repository valid around now.
  Repository r = productRepo();
  const std::string state = initState(r);
  const std::string good = exportBundle(r, "good");
  Repository other = productRepo("other-");
  const std::string foreign = exportBundle(other, "foreign");

  auto no_state = agent({"--bundle", good});
  EXPECT_EQ(no_state.exit_code, 2) << no_state.stderr_data;

  auto both = agent({"--state", state, "--bundle", good, "--repo", tmp_.file("good.repo")});
  EXPECT_EQ(both.exit_code, 2) << both.stderr_data;
  EXPECT_NE(both.stderr_data.find("mutually exclusive"), std::string::npos);

  const auto before = snapshot(state);
  const std::string hostile = tmp_.file("hostile.psb");
  auto bytes = fs::readFile(good, 1 << 20);
  ASSERT_TRUE(fs::writeFileAtomic(hostile, bytes->substr(0, bytes->size() - 3)));
  auto bad = agent({"--state", state, "--bundle", hostile});
  EXPECT_EQ(bad.exit_code, 1) << bad.stderr_data;
  EXPECT_NE(bad.stderr_data.find("hostile.psb"), std::string::npos) << bad.stderr_data;
  EXPECT_EQ(std::count(bad.stderr_data.begin(), bad.stderr_data.end(), '\n'), 1) << bad.stderr_data;

  // Each hostile form: exit 1, one line naming the problem, state unchanged.
  const std::vector<std::pair<std::string, std::string>> hostile_forms = {
      {"declares 10737418240 bytes", test::rawBundle({{"targets/big", "tiny", std::int64_t{10} << 30}})},
      {"duplicate entry name", test::rawBundle({{"metadata/timestamp.json", "{}"}, {"metadata/timestamp.json", "{}"}})},
      {"'..' component", test::rawBundle({{"../../etc/passwd", "x"}})},
      {"absolute path", test::rawBundle({{"/etc/passwd", "x"}})},
      {"backslash", test::rawBundle({{"targets\\x", "x"}})},
      {"NUL byte", test::rawBundle({{std::string("targets/a\0b", 11), "x"}})},
      {"entries exceed the limit", test::rawBundle({}, 200000)},
      {"bad magic", "PK\x03\x04" + std::string(40, '\0')},
      {"trailing garbage", test::rawBundle({{"metadata/timestamp.json", "{}"}}) + "x"},
  };
  for (const auto& [fragment, content] : hostile_forms) {
    const std::string p = tmp_.file("hostile-form.psb");
    ASSERT_TRUE(fs::writeFileAtomic(p, content));
    auto h = agent({"--state", state, "--bundle", p});
    EXPECT_EQ(h.exit_code, 1) << fragment << ": " << h.stderr_data;
    EXPECT_NE(h.stderr_data.find(fragment), std::string::npos) << h.stderr_data;
    EXPECT_EQ(std::count(h.stderr_data.begin(), h.stderr_data.end(), '\n'), 1) << h.stderr_data;
    EXPECT_EQ(snapshot(state), before) << fragment;
  }

  auto trust = agent({"--state", state, "--bundle", foreign});
  EXPECT_EQ(trust.exit_code, 3) << trust.stderr_data;
  EXPECT_NE(trust.stderr_data.find("trust failure"), std::string::npos) << trust.stderr_data;
  EXPECT_EQ(snapshot(state), before);

  auto ok = agent({"--state", state, "--bundle", good});
  EXPECT_EQ(ok.exit_code, 0) << ok.stderr_data;
  EXPECT_NE(ok.stdout_data.find("3 target(s) verified and stored"), std::string::npos) << ok.stdout_data;
}
#endif

}  // namespace
}  // namespace psirt::bundle
