// `psirt-publish add --action`: a manifest is validated as the agent reads it
// before anything is staged, and every artifact it names must be added in the
// same command or be a target of the workspace already. Refusals: exit 1,
// one line per problem naming the action file, the workspace byte-identical.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "platform/fs/fs.h"
#include "platform/process/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_paths.h"

namespace psirt::publish {
namespace {

namespace stdfs = std::filesystem;

process::Outcome publish(std::vector<std::string> args) {
  args.insert(args.begin(), PSIRT_PUBLISH_BIN);
  process::Options options;
  options.stdin_data = "pass phrase\n";  // --passphrase-fd 0
  options.timeout = std::chrono::seconds(120);
  auto r = process::run(args, options);
  if (!r) {
    ADD_FAILURE() << r.error().describe();
    return {};
  }
  return std::move(*r);
}

// Every file of a tree and its bytes (the lock file aside).
std::map<std::string, std::string> tree(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : stdfs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().filename() != "lock") {
      out[e.path().string()] = test::readTextFile(e.path().string());
    }
  }
  return out;
}

std::string manifest(const std::string& artifact_a, const std::string& artifact_b = "artifacts/fix.sh") {
  return R"({"format":"psirt-action/1","id":"FIX-1","title":"Fix","category":"vendor_fix","advisories":["ADV-1"],)"
         R"("product_ids":["P1"],"preconditions":{"identity":"pkg:deb/acme/gw","vers":"vers:deb/<2.0-1"},"steps":[)"
         R"({"id":"pkg","type":"install_package","format":"dpkg","package":"gw","version":"2.0-1","artifact":")" +
         artifact_a + R"("},{"id":"s","type":"run_script","artifact":")" + artifact_b + R"("}]})";
}

class AddAction : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    for (const char* k : {"root", "ts", "snap", "tgt", "adv", "rem"}) {
      auto g = publish({"key", "generate", "--keys", dir_->file("K"), "--name", k, "--passphrase-fd", "0",
                        "--kdf-ops", "1", "--kdf-mem-mib", "8"});
      ASSERT_EQ(g.exit_code, 0) << g.stderr_data;
    }
    auto i = publish({"init", "--repo", dir_->file("R0"), "--keys", dir_->file("K"), "--passphrase-fd", "0",
                      "--key", "root=root", "--key", "timestamp=ts", "--key", "snapshot=snap", "--key",
                      "targets=tgt", "--key", "advisories=adv", "--key", "remediation=rem"});
    ASSERT_EQ(i.exit_code, 0) << i.stderr_data;
  }
  static void TearDownTestSuite() { delete dir_; }

  void SetUp() override {
    stdfs::copy(dir_->file("R0"), work_.file("R"), stdfs::copy_options::recursive);
    ASSERT_TRUE(fs::writeFileAtomic(work_.file("gw_2.0-1.deb"), "package bytes", 0644));
    ASSERT_TRUE(fs::writeFileAtomic(work_.file("fix.sh"), "#!/bin/sh\n", 0755));
  }
  std::string file(const std::string& name, const std::string& bytes) {
    EXPECT_TRUE(fs::writeFileAtomic(work_.file(name), bytes, 0644));
    return work_.file(name);
  }
  // Refused: exit 1, the workspace unchanged; returns stderr.
  std::string refused(std::vector<std::string> args) {
    const auto before = tree(work_.file("R"));
    auto out = publish(std::move(args));
    EXPECT_EQ(out.exit_code, 1) << out.stdout_data << out.stderr_data;
    EXPECT_EQ(tree(work_.file("R")), before) << "a refused add changed the workspace";
    return out.stderr_data;
  }

  static test::TempDir* dir_;
  test::TempDir work_;
};
test::TempDir* AddAction::dir_ = nullptr;

TEST_F(AddAction, ValidActionWithItsArtifactsIsStagedUnderRemediation) {
  const std::string action = file("fix-1.json", manifest("artifacts/gw_2.0-1.deb"));
  auto out = publish({"add", "--repo", work_.file("R"), "--artifact", work_.file("gw_2.0-1.deb"),
                      "--artifact", work_.file("fix.sh"), "--action", action});
  EXPECT_EQ(out.exit_code, 0) << out.stderr_data;
  EXPECT_NE(out.stdout_data.find("-> actions/fix-1.json (role remediation)"), std::string::npos)
      << out.stdout_data;
  EXPECT_NE(out.stdout_data.find("-> artifacts/gw_2.0-1.deb (role remediation)"), std::string::npos);
}

TEST_F(AddAction, ArtifactAlreadyInTheWorkspaceCounts) {
  auto first = publish({"add", "--repo", work_.file("R"), "--artifact", work_.file("gw_2.0-1.deb")});
  ASSERT_EQ(first.exit_code, 0) << first.stderr_data;
  const std::string action = file("fix-1.json", manifest("artifacts/gw_2.0-1.deb"));
  auto out =
      publish({"add", "--repo", work_.file("R"), "--artifact", work_.file("fix.sh"), "--action", action});
  EXPECT_EQ(out.exit_code, 0) << out.stderr_data;
}

TEST_F(AddAction, MissingArtifactIsOneLineNamingActionAndArtifact) {
  const std::string action = file("fix-1.json", manifest("artifacts/gw_2.0-1.deb"));
  const std::string err =
      refused({"add", "--repo", work_.file("R"), "--artifact", work_.file("fix.sh"), "--action", action});
  EXPECT_EQ(err,
            "psirt-publish add: " + action +
                ": artifact artifacts/gw_2.0-1.deb is neither added with --artifact nor in the workspace\n");
}

TEST_F(AddAction, EveryMissingArtifactIsReportedThenACount) {
  const std::string action = file("fix-1.json", manifest("artifacts/gw_2.0-1.deb"));
  const std::string err = refused({"add", "--repo", work_.file("R"), "--action", action});
  EXPECT_NE(err.find(action + ": artifact artifacts/gw_2.0-1.deb is neither"), std::string::npos) << err;
  EXPECT_NE(err.find(action + ": artifact artifacts/fix.sh is neither"), std::string::npos) << err;
  EXPECT_NE(err.find("2 problems"), std::string::npos) << err;
}

TEST_F(AddAction, InvalidManifestIsOneLineWithFileAndPointer) {
  const std::string action = file("fix-1.json", manifest("artifacts/../gw.deb"));
  std::string err =
      refused({"add", "--repo", work_.file("R"), "--artifact", work_.file("fix.sh"), "--action", action});
  EXPECT_EQ(err.rfind("psirt-publish add: " + action + ": /steps/0/artifact: ", 0), 0u) << err;
  EXPECT_EQ(err.find('\n'), err.size() - 1) << err;
  // A step outside the schema.
  const std::string shell = file(
      "shell.json",
      R"({"format":"psirt-action/1","id":"X","title":"x","category":"workaround",)"
      R"("advisories":["A"],"product_ids":["P"],"preconditions":{"identity":)"
      R"("pkg:generic/x","vers":"vers:generic/*"},"steps":[{"id":"s","type":"shell","cmd":"rm -rf /"}]})");
  err = refused({"add", "--repo", work_.file("R"), "--action", shell});
  EXPECT_EQ(err.rfind("psirt-publish add: " + shell + ": /steps/0/type: \"shell\" is not one of", 0), 0u)
      << err;
  // Not JSON, and too large.
  err = refused({"add", "--repo", work_.file("R"), "--action", file("x.json", "{")});
  EXPECT_EQ(err.rfind("psirt-publish add: " + work_.file("x.json") + ": byte ", 0), 0u) << err;
  err = refused(
      {"add", "--repo", work_.file("R"), "--action", file("big.json", std::string((1 << 20) + 1, ' '))});
  EXPECT_NE(err.find(work_.file("big.json")), std::string::npos) << err;
}

}  // namespace
}  // namespace psirt::publish
