// Drives the tuf-conformance-client executable as the public conformance suite
// does: a loopback HTTP/1.0 server (in this process) that records every
// request, a repository built with repo_builder, and the client run as a
// child process. Asserts exit codes (exactly 0/1), the exact request
// sequences, the metadata directory layout (no stray *.json), percent-encoded
// role names, hash-prefixed artifacts, the artifact cache and faketime.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "agent/repo_builder/repository.h"
#include "platform/clock/clock.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"
#include "platform/process/process.h"
#include "tests/support/http_test_server.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_keys.h"

namespace psirt::test {
namespace {

using repo::kRoot;
using repo::kSnapshot;
using repo::kTargets;
using repo::kTimestamp;

const repo::Seconds kRealNow = clock::SystemClock().now();

class ConformanceClient : public ::testing::Test {
 protected:
  ConformanceClient() : repo_(defaultTopLevelKeys(), kRealNow) {
    EXPECT_TRUE(server_.ok());
    EXPECT_TRUE(fs::makeDirectories(metadataDir()));
  }

  std::string metadataDir() const { return dir_.file("metadata"); }
  std::string targetDir() const { return dir_.file("out"); }
  std::string metadataUrl() const { return server_.url("/t/metadata/"); }

  // Publishes what repo_ holds to the server under /t/.
  void serve() {
    std::map<std::string, std::string> files;
    for (const auto& [name, bytes] : repo_.files()) files["/t/" + name] = bytes;
    server_.serve(std::move(files));
  }

  process::Outcome run(std::vector<std::string> args, const std::string& faketime = "") {
    std::vector<std::string> argv;
    if (!faketime.empty()) argv = {"/usr/bin/faketime", faketime};
    argv.push_back(PSIRT_CONFORMANCE_CLIENT);
    argv.insert(argv.end(), args.begin(), args.end());
    process::Options o;
    o.timeout = std::chrono::milliseconds(30000);
    auto r = process::run(argv, o);
    EXPECT_TRUE(r) << r.error().describe();
    if (!r) return {};
    EXPECT_FALSE(r->signaled || r->timed_out) << r->stderr_data;
    EXPECT_TRUE(r->exit_code == 0 || r->exit_code == 1) << "exit " << r->exit_code << "\n" << r->stderr_data;
    return *r;
  }

  int init() {
    EXPECT_TRUE(fs::writeFileAtomic(dir_.file("root-in.json"), *repo_.file("metadata/1.root.json")));
    return run({"--metadata-dir", metadataDir(), "init", dir_.file("root-in.json")}).exit_code;
  }
  process::Outcome refresh(const std::string& faketime = "") {
    return run({"--metadata-url", metadataUrl(), "--metadata-dir", metadataDir(), "refresh"}, faketime);
  }
  process::Outcome download(const std::vector<std::string>& names) {
    std::vector<std::string> args = {"--metadata-url", metadataUrl(), "--metadata-dir", metadataDir()};
    for (const auto& n : names) {
      args.push_back("--target-name");
      args.push_back(n);
    }
    args.insert(args.end(), {"--target-dir", targetDir(), "--target-base-url", server_.url("/t/targets/"), "download"});
    return run(args);
  }

  // Names of *.json files in the metadata directory.
  std::set<std::string> jsonFiles() const {
    std::set<std::string> out;
    auto entries = fs::listDirectory(metadataDir());
    EXPECT_TRUE(entries);
    for (const auto& e : *entries) {
      if (e.name.size() >= 5 && e.name.compare(e.name.size() - 5, 5, ".json") == 0) out.insert(e.name);
    }
    return out;
  }
  std::string stored(const std::string& name) const {
    auto r = fs::readFile(fs::joinPath(metadataDir(), name), 1 << 20);
    return r ? *r : std::string("<missing>");
  }
  std::vector<std::string> outFiles() const {
    std::vector<std::string> out;
    auto entries = fs::listDirectory(targetDir());
    if (!entries) return out;
    for (const auto& e : *entries) out.push_back(e.name);
    return out;
  }

  TempDir dir_;
  HttpTestServer server_;
  repo::Repository repo_;
};

TEST_F(ConformanceClient, BasicRefreshFetchesExactlyRoot2TimestampSnapshot1Targets1) {
  ASSERT_TRUE(repo_.publishRoot());
  ASSERT_TRUE(repo_.publish());
  serve();
  ASSERT_EQ(init(), 0);
  EXPECT_TRUE(server_.requests().empty()) << "init must not touch the network";
  auto r = refresh();
  EXPECT_EQ(r.exit_code, 0) << r.stderr_data;
  EXPECT_EQ(server_.requests(), (std::vector<std::string>{"/t/metadata/2.root.json", "/t/metadata/timestamp.json",
                                                          "/t/metadata/1.snapshot.json", "/t/metadata/1.targets.json"}));
  EXPECT_EQ(jsonFiles(), (std::set<std::string>{"root.json", "snapshot.json", "targets.json", "timestamp.json"}));
  EXPECT_EQ(stored("timestamp.json"), *repo_.file("metadata/timestamp.json"));  // bytes as served
  EXPECT_EQ(stored("targets.json"), *repo_.file("metadata/1.targets.json"));
}

TEST_F(ConformanceClient, BadlySignedTargetsExitsOneAndKeepsEarlierRoles) {
  ASSERT_TRUE(repo_.publishRoot());
  ASSERT_TRUE(repo_.bumpVersion(kRoot));
  ASSERT_TRUE(repo_.publishRoot());
  ASSERT_TRUE(repo_.setSigners(kTargets, {ed25519Key("attacker")}));
  ASSERT_TRUE(repo_.publish());
  serve();
  ASSERT_EQ(init(), 0);
  auto r = refresh();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_data.find("targets"), std::string::npos) << r.stderr_data;
  EXPECT_EQ(jsonFiles(), (std::set<std::string>{"root.json", "snapshot.json", "timestamp.json"}));
  EXPECT_EQ(stored("root.json"), *repo_.file("metadata/2.root.json"));
}

TEST_F(ConformanceClient, BrokenInitialRootMakesRefreshFailWithZeroRequests) {
  ASSERT_TRUE(repo_.publishRoot());
  ASSERT_TRUE(repo_.publish());
  ASSERT_TRUE(repo_.dropSignatures("metadata/1.root.json"));
  serve();
  int init_code = init();
  EXPECT_TRUE(init_code == 0 || init_code == 1);
  EXPECT_EQ(refresh().exit_code, 1);
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(ConformanceClient, UnusualRoleNameIsPercentEncodedAndStaysInsideTheMetadataDir) {
  ASSERT_TRUE(repo_.delegate(kTargets, {"../delegatedrole", {"*"}, {}, false, 1}, {ed25519Key("odd")}));
  ASSERT_TRUE(repo_.addTarget("../delegatedrole", "file.txt", "content"));
  ASSERT_TRUE(repo_.publishRoot());
  ASSERT_TRUE(repo_.publish());
  serve();
  ASSERT_EQ(init(), 0);
  auto r = download({"file.txt"});
  EXPECT_EQ(r.exit_code, 0) << r.stderr_data;
  auto req = server_.requests();
  EXPECT_NE(std::find(req.begin(), req.end(), "/t/metadata/1...%2Fdelegatedrole.json"), req.end());
  EXPECT_EQ(jsonFiles().size(), 5u);
  EXPECT_FALSE(*fs::exists(dir_.file("delegatedrole.json")));
}

TEST_F(ConformanceClient, HashPrefixedArtifactIsDownloadedOnceThenServedFromCache) {
  ASSERT_TRUE(repo_.addTarget(kTargets, "dir/file.txt", "payload"));
  ASSERT_TRUE(repo_.publishRoot());
  ASSERT_TRUE(repo_.publish());
  serve();
  ASSERT_EQ(init(), 0);
  auto first = download({"dir/file.txt"});
  ASSERT_EQ(first.exit_code, 0) << first.stderr_data;
  std::string sha = crypto::toHex(crypto::sha256(crypto::asBytes("payload")));
  auto req = server_.requests();
  ASSERT_FALSE(req.empty());
  EXPECT_EQ(req.back(), "/t/targets/dir/" + sha + ".file.txt");
  ASSERT_EQ(outFiles().size(), 1u);
  EXPECT_EQ(*fs::readFile(fs::joinPath(targetDir(), outFiles()[0]), 100), "payload");
  server_.clearRequests();
  auto second = download({"dir/file.txt"});
  ASSERT_EQ(second.exit_code, 0) << second.stderr_data;
  for (const auto& q : server_.requests()) EXPECT_EQ(q.find("/t/targets/"), std::string::npos) << q;
  EXPECT_EQ(outFiles().size(), 1u);
}

TEST_F(ConformanceClient, MissingOrTamperedArtifactExitsOneAndLeavesNothing) {
  ASSERT_TRUE(repo_.addTarget(kTargets, "a.txt", "original"));
  ASSERT_TRUE(repo_.publishRoot());
  ASSERT_TRUE(repo_.publish());
  ASSERT_TRUE(repo_.mutateFile(*repo_.targetName("a.txt"), [](std::string& b) { b[0] = 'X'; }));
  serve();
  ASSERT_EQ(init(), 0);
  EXPECT_EQ(download({"a.txt"}).exit_code, 1);
  EXPECT_EQ(download({"not-listed.txt"}).exit_code, 1);
  EXPECT_TRUE(outFiles().empty());
}

TEST_F(ConformanceClient, FaketimeIsHonoured) {
  // Everything expired a day ago: fails now, passes with the clock 2 days back.
  for (auto role : {kRoot, kTimestamp, kSnapshot, kTargets}) ASSERT_TRUE(repo_.setExpires(role, kRealNow - 86400));
  ASSERT_TRUE(repo_.publishRoot());
  ASSERT_TRUE(repo_.publish());
  serve();
  ASSERT_EQ(init(), 0);
  auto now = refresh();
  EXPECT_EQ(now.exit_code, 1);
  EXPECT_NE(now.stderr_data.find("expired"), std::string::npos) << now.stderr_data;
  if (!fs::exists("/usr/bin/faketime").value_or(false)) GTEST_SKIP() << "faketime not installed";
  std::string past = clock::formatRfc3339(kRealNow - 2 * 86400);  // YYYY-MM-DDTHH:MM:SSZ
  std::string faked = past.substr(0, 10) + " " + past.substr(11, 8) + "+00:00";
  auto then = refresh(faked);
  EXPECT_EQ(then.exit_code, 0) << then.stderr_data;
}

TEST_F(ConformanceClient, UsageErrorsExitOne) {
  EXPECT_EQ(run({}).exit_code, 1);
  EXPECT_EQ(run({"--metadata-dir", metadataDir(), "frobnicate"}).exit_code, 1);
  EXPECT_EQ(run({"--metadata-dir"}).exit_code, 1);
  EXPECT_EQ(run({"--metadata-dir", metadataDir(), "init", dir_.file("missing.json")}).exit_code, 1);
}

}  // namespace
}  // namespace psirt::test
