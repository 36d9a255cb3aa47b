// install_package with dpkg on a real database in a temp root: every phase as
// the engine calls it, asserted with dpkg-query (package_fixture.h) and the
// installed file's content, never with the code under test.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "agent/remediate/package_manager.h"
#include "agent/remediate/step.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/remediate/package_fixture.h"

namespace psirt::remediate {
namespace {

class DpkgStep : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::haveDebTools()) GTEST_SKIP() << "dpkg, dpkg-deb or dpkg-query missing on this host";
    root_ = tmp_.file("root");
    art_ = tmp_.file("artifacts");
    std::filesystem::create_directories(art_);
    test::makeDpkgRoot(root_);
    deb10_ = test::buildDeb(art_, "demo", "1.0");
    deb11_ = test::buildDeb(art_, "demo", "1.1");
    ctx_ = test::imageContext(root_, art_, tmp_.file("txn"));
  }

  action::Step step(const std::string& version, std::optional<std::string> rollback = std::nullopt) {
    action::InstallPackage body;
    body.format = action::PackageFormat::kDpkg;
    body.package = "demo";
    body.version = version;
    body.artifact = "artifacts/demo_" + version + "_all.deb";
    body.rollback_artifact = rollback;
    return action::Step{"pkg", body};
  }

  test::TempDir tmp_;
  std::string root_, art_, deb10_, deb11_;
  Context ctx_;
  StepExecutor& exec_ = installPackageExecutor();
};

TEST_F(DpkgStep, UpgradesThenRevertsToTheRollbackVersion) {
  test::dpkgInstall(root_, deb10_);
  ASSERT_EQ(test::dpkgState(root_, "demo"), "installed 1.0");
  auto s = step("1.1", "artifacts/demo_1.0_all.deb");

  auto prepared = exec_.prepare(s, ctx_);
  ASSERT_TRUE(prepared) << prepared.error().describe();
  EXPECT_EQ(test::dpkgState(root_, "demo"), "installed 1.0") << "prepare changed the root";
  auto undo = test::checkPrepareApply(exec_, s, ctx_);
  ASSERT_TRUE(undo);
  EXPECT_EQ(test::dpkgState(root_, "demo"), "installed 1.1");
  EXPECT_EQ(test::installedFile(root_, "demo"), "1.1\n");
  auto verified = exec_.verify(s, ctx_);
  EXPECT_TRUE(verified) << verified.error().describe();
  EXPECT_TRUE(*exec_.check(s, ctx_));
  // Versions compare as deb versions, not strings: "0:1.1" is "1.1", "1.1.0" is not.
  auto epoch = s;
  std::get<action::InstallPackage>(epoch.body).version = "0:1.1";
  EXPECT_TRUE(*exec_.check(epoch, ctx_));
  std::get<action::InstallPackage>(epoch.body).version = "1.1.0";
  EXPECT_FALSE(*exec_.check(epoch, ctx_));
  // dpkg logs inside the image, never to the host's /var/log/dpkg.log.
  EXPECT_TRUE(std::filesystem::exists(root_ + "/var/log/dpkg.log"));

  auto reverted = exec_.revert(s, ctx_, *undo);
  ASSERT_TRUE(reverted) << reverted.error().describe();
  EXPECT_EQ(test::dpkgState(root_, "demo"), "installed 1.0");
  EXPECT_EQ(test::installedFile(root_, "demo"), "1.0\n");
  auto again = exec_.revert(s, ctx_, *undo);  // idempotent
  EXPECT_TRUE(again) << again.error().describe();
  EXPECT_EQ(test::dpkgState(root_, "demo"), "installed 1.0");
  EXPECT_FALSE(exec_.verify(s, ctx_));
}

TEST_F(DpkgStep, RevertAfterAFreshInstallRemovesThePackage) {
  auto s = step("1.0");
  auto undo = exec_.prepare(s, ctx_);
  ASSERT_TRUE(undo) << undo.error().describe();
  ASSERT_TRUE(exec_.apply(s, ctx_, *undo));
  EXPECT_EQ(test::dpkgState(root_, "demo"), "installed 1.0");
  EXPECT_TRUE(exec_.verify(s, ctx_));
  auto reverted = exec_.revert(s, ctx_, *undo);
  ASSERT_TRUE(reverted) << reverted.error().describe();
  EXPECT_EQ(test::dpkgState(root_, "demo"), "absent");
  EXPECT_FALSE(std::filesystem::exists(root_ + "/usr/share/demo/version"));
  EXPECT_TRUE(exec_.revert(s, ctx_, *undo));  // idempotent
}

TEST_F(DpkgStep, RevertBeforeApplyRanChangesNothing) {
  test::dpkgInstall(root_, deb10_);
  auto s = step("1.1", "artifacts/demo_1.0_all.deb");
  auto undo = exec_.prepare(s, ctx_);
  ASSERT_TRUE(undo);
  EXPECT_TRUE(exec_.revert(s, ctx_, *undo));  // a crash between prepare and apply
  EXPECT_EQ(test::dpkgState(root_, "demo"), "installed 1.0");
}

// A crash in the middle of dpkg --install leaves the package half-installed
// (dpkg's own crash state, written here into the status file): revert must
// still reach the before-state, and prepare refuses to start from it.
// Rewrites the package's Status line in the dpkg status file.
void setDpkgStatus(const std::string& root, const std::string& status_line) {
  std::string path = root + "/var/lib/dpkg/status";
  std::ifstream in(path);
  std::string status((std::istreambuf_iterator<char>(in)), {});
  auto at = status.find("Status: install ok installed");
  ASSERT_NE(at, std::string::npos);
  status.replace(at, 28, status_line);
  std::ofstream(path, std::ios::trunc) << status;
}
void markHalfInstalled(const std::string& root) {
  setDpkgStatus(root, "Status: install reinstreq half-installed");
}

TEST_F(DpkgStep, RevertAfterACrashInsideDpkgReachesTheBeforeState) {
  test::dpkgInstall(root_, deb10_);
  auto up = step("1.1", "artifacts/demo_1.0_all.deb");
  auto undo = exec_.prepare(up, ctx_);
  ASSERT_TRUE(undo);
  ASSERT_TRUE(exec_.apply(up, ctx_, *undo));
  markHalfInstalled(root_);
  ASSERT_EQ(test::dpkgState(root_, "demo"), "half-installed 1.1");
  EXPECT_FALSE(*exec_.check(up, ctx_));
  auto refused = exec_.prepare(up, ctx_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().describe(),
            "step pkg: demo is half-installed 1.1 in the dpkg database; repair it before remediating");
  auto reverted = exec_.revert(up, ctx_, *undo);
  ASSERT_TRUE(reverted) << reverted.error().describe();
  EXPECT_EQ(test::dpkgState(root_, "demo"), "installed 1.0");
  EXPECT_EQ(test::installedFile(root_, "demo"), "1.0\n");

  test::TempDir other;
  Context fresh = test::imageContext(other.file("root"), art_, other.file("txn"));
  test::makeDpkgRoot(fresh.root);
  auto s = step("1.0");
  auto none = exec_.prepare(s, fresh);
  ASSERT_TRUE(none);
  ASSERT_TRUE(exec_.apply(s, fresh, *none));
  markHalfInstalled(fresh.root);
  auto removed = exec_.revert(s, fresh, *none);
  ASSERT_TRUE(removed) << removed.error().describe();
  EXPECT_EQ(test::dpkgState(fresh.root, "demo"), "absent");
}

TEST_F(DpkgStep, APackageRemovedWithItsConfigurationLeftIsRefused) {
  test::dpkgInstall(root_, deb10_);
  setDpkgStatus(root_, "Status: deinstall ok config-files");
  ASSERT_EQ(test::dpkgState(root_, "demo"), "config-files 1.0");
  auto s = step("1.1");
  EXPECT_FALSE(*exec_.check(s, ctx_));
  auto undo = exec_.prepare(s, ctx_);
  ASSERT_FALSE(undo);
  EXPECT_EQ(undo.error().describe(),
            "step pkg: demo is removed with its configuration files left (config-files 1.0) "
            "in the dpkg database; repair it before remediating");
  EXPECT_EQ(test::dpkgState(root_, "demo"), "config-files 1.0");
}

TEST_F(DpkgStep, RefusesToLowerTheVersionWithoutBothConsents) {
  test::dpkgInstall(root_, deb11_);
  for (bool manifest : {false, true}) {
    for (bool policy : {false, true}) {
      if (manifest && policy) continue;
      auto s = step("1.0");
      std::get<action::InstallPackage>(s.body).allow_downgrade = manifest;
      ctx_.policy_allows_downgrade = policy;
      auto applied = exec_.apply(s, ctx_, "");
      ASSERT_FALSE(applied);
      EXPECT_EQ(applied.error().category, ErrorCategory::kSecurity);
      EXPECT_NE(applied.error().describe().find("step pkg: refusing to lower demo from 1.1 to 1.0"),
                std::string::npos)
          << applied.error().describe();
      EXPECT_EQ(test::dpkgState(root_, "demo"), "installed 1.1");
    }
  }
  auto s = step("1.0");
  std::get<action::InstallPackage>(s.body).allow_downgrade = true;
  ctx_.policy_allows_downgrade = true;
  auto applied = exec_.apply(s, ctx_, "");
  ASSERT_TRUE(applied) << applied.error().describe();
  EXPECT_EQ(test::dpkgState(root_, "demo"), "installed 1.0");
  EXPECT_EQ(test::installedFile(root_, "demo"), "1.0\n");
}

TEST_F(DpkgStep, RefusesAFileThatIsNotThePackageTheStepNames) {
  test::dpkgInstall(root_, deb10_);
  test::buildDeb(art_, "other", "1.1");
  std::filesystem::copy_file(deb11_, art_ + "/mislabelled.deb");
  {
    std::ofstream garbage(art_ + "/garbage.deb");
    garbage << "not an ar archive\n";
  }
  struct Case {
    const char* artifact;
    const char* error;
  } cases[] = {
      {"artifacts/other_1.1_all.deb",
       "step pkg: artifacts/other_1.1_all.deb: is package 'other', not 'demo'; refused"},
      {"artifacts/garbage.deb", "step pkg: artifacts/garbage.deb: /"},
  };
  for (const auto& c : cases) {
    auto s = step("1.1");
    std::get<action::InstallPackage>(s.body).artifact = c.artifact;
    auto applied = exec_.apply(s, ctx_, "");
    ASSERT_FALSE(applied) << c.artifact;
    EXPECT_EQ(applied.error().describe().rfind(c.error, 0), 0u) << applied.error().describe();
    EXPECT_EQ(test::dpkgState(root_, "demo"), "installed 1.0");
  }
  // The right package at the wrong version: the step says 1.2, the file is 1.1.
  auto s = step("1.2");
  std::get<action::InstallPackage>(s.body).artifact = "artifacts/mislabelled.deb";
  auto applied = exec_.apply(s, ctx_, "");
  ASSERT_FALSE(applied);
  EXPECT_NE(applied.error().describe().find("is demo version '1.1', not '1.2'; refused"), std::string::npos)
      << applied.error().describe();
  // A rollback artifact that is not the installed version is refused by prepare.
  auto r = step("1.1", "artifacts/demo_1.1_all.deb");
  auto undo = exec_.prepare(r, ctx_);
  ASSERT_FALSE(undo);
  EXPECT_NE(undo.error().describe().find("is demo version '1.1', not '1.0'; refused"), std::string::npos)
      << undo.error().describe();
  EXPECT_EQ(test::dpkgState(root_, "demo"), "installed 1.0");
}

TEST_F(DpkgStep, ALockedDatabaseIsOneClearErrorAndNothingChanges) {
  test::dpkgInstall(root_, deb10_);
  auto s = step("1.1", "artifacts/demo_1.0_all.deb");
  // Another frontend (apt) holds lock-frontend: a POSIX record lock, as dpkg takes it.
  std::string error = test::applyWhileLocked(exec_, s, ctx_, root_ + "/var/lib/dpkg/lock-frontend");
  EXPECT_EQ(error.rfind(
                "step pkg: " + root_ + "/var/lib/dpkg: is locked by another process (dpkg exited with 2", 0),
            0u)
      << error;
  EXPECT_EQ(error.find('\n'), std::string::npos);
  EXPECT_EQ(test::dpkgState(root_, "demo"), "installed 1.0");
  EXPECT_EQ(test::installedFile(root_, "demo"), "1.0\n");
}

TEST_F(DpkgStep, APackageForAnotherArchitectureIsRefusedByDpkg) {
  std::string foreign = test::buildDeb(art_, "demo", "1.1", "s390x");
  auto s = step("1.1");
  std::get<action::InstallPackage>(s.body).artifact = "artifacts/demo_1.1_s390x.deb";
  auto applied = exec_.apply(s, ctx_, "");
  ASSERT_FALSE(applied);
  EXPECT_NE(applied.error().describe().find("does not match system"), std::string::npos)
      << applied.error().describe();
  EXPECT_EQ(test::dpkgState(root_, "demo"), "absent");
}

TEST_F(DpkgStep, MissingDatabaseToolOrDeadlineRefusedBeforeAnythingRuns) {
  test::TempDir bare;
  Context none = test::imageContext(bare.path(), art_, tmp_.file("txn2"));
  auto check = exec_.check(step("1.0"), none);
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().describe(), "step pkg: " + bare.path() + "/var/lib/dpkg: no dpkg database");

  auto missing = openPackageManager(action::PackageFormat::kDpkg, root_, Deadline::max(),
                                    [](const std::string& name) -> Result<std::string> {
                                      if (name == "dpkg")
                                        return makeError(ErrorCategory::kUnsupported, "dpkg not found");
                                      return findTool(name);
                                    });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().describe(), "dpkg not found");

  ctx_.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  auto late = exec_.apply(step("1.0"), ctx_, "");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().category, ErrorCategory::kLimit);
  EXPECT_NE(late.error().describe().find("deadline passed before dpkg-deb could run"), std::string::npos)
      << late.error().describe();
  EXPECT_EQ(test::dpkgState(root_, "demo"), "absent");
}

TEST_F(DpkgStep, ASymlinkOnTheDatabasePathIsRefused) {
  // dpkg follows paths in the host's namespace: R/var -> /elsewhere would take
  // it out of the image. Resolved inside the root that link dangles (no
  // database); a link that stays inside is refused all the same.
  test::TempDir other;
  std::string root = other.file("root");
  test::makeDpkgRoot(other.file("elsewhere"));
  test::makeDpkgRoot(root + "/real");
  std::filesystem::create_directory_symlink(other.file("elsewhere") + "/var", root + "/var");
  Context linked = test::imageContext(root, art_, other.file("txn"));
  auto outside = exec_.check(step("1.0"), linked);
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().describe(), "step pkg: " + root + "/var/lib/dpkg: no dpkg database");
  std::filesystem::remove(root + "/var");
  std::filesystem::create_directory_symlink("real/var", root + "/var");
  auto inside = exec_.check(step("1.0"), linked);
  ASSERT_FALSE(inside);
  EXPECT_EQ(inside.error().describe(),
            "step pkg: " + root +
                "/var/lib/dpkg: a symbolic link lies on the path of the dpkg database "
                "(the package manager would follow it); refused");
}

TEST_F(DpkgStep, AnImageWithoutVarLogNeverWritesTheHostsDpkgLog) {
  std::filesystem::remove_all(root_ + "/var/log");
  const std::string host_log = "/var/log/dpkg.log";
  std::error_code ec;
  auto before = std::filesystem::file_size(host_log, ec);
  if (ec) before = 0;
  auto undo = test::checkPrepareApply(exec_, step("1.0"), ctx_);
  ASSERT_TRUE(undo);
  EXPECT_EQ(test::dpkgState(root_, "demo"), "installed 1.0");
  auto after = std::filesystem::file_size(host_log, ec);
  if (ec) after = 0;
  EXPECT_EQ(after, before) << "dpkg --root logged to the host's " << host_log;
  EXPECT_FALSE(std::filesystem::exists(root_ + "/var/log"));
}

TEST_F(DpkgStep, OpkgMissingOnThisHostIsOneClearError) {
  if (process::findExecutable("opkg"))
    GTEST_SKIP() << "opkg is installed here: the missing-tool path is not reachable";
  auto s = step("1.0");
  std::get<action::InstallPackage>(s.body).format = action::PackageFormat::kOpkg;
  auto check = exec_.check(s, ctx_);
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().category, ErrorCategory::kUnsupported);
  EXPECT_EQ(check.error().describe(),
            "step pkg: opkg not found (looked in /usr/bin, /bin, /usr/sbin, /sbin)");
}

TEST_F(DpkgStep, UnsafePackageNamesAreRefused) {
  for (const char* name : {"-r", "demo*", "", "de mo", "../x"}) {
    auto s = step("1.0");
    std::get<action::InstallPackage>(s.body).package = name;
    auto check = exec_.check(s, ctx_);
    ASSERT_FALSE(check) << name;
    EXPECT_NE(check.error().describe().find("not a valid package name"), std::string::npos);
  }
}

}  // namespace
}  // namespace psirt::remediate
