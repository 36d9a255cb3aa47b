// install_package with rpm on a real database (rpm --initdb) in a temp root,
// asserted with `rpm --root R -q` and the installed file's content.
#include <gtest/gtest.h>

#include <filesystem>

#include "agent/remediate/step.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/remediate/package_fixture.h"

namespace psirt::remediate {
namespace {

class RpmStep : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::haveRpmTools()) GTEST_SKIP() << "rpm or rpmbuild missing on this host";
    root_ = tmp_.file("root");
    art_ = tmp_.file("artifacts");
    std::filesystem::create_directories(art_);
    test::makeRpmRoot(root_);
    rpm10_ = test::buildRpm(art_, "demo", "1.0");
    rpm11_ = test::buildRpm(art_, "demo", "1.1");
    ctx_ = test::imageContext(root_, art_, tmp_.file("txn"));
  }

  action::Step step(const std::string& version, std::optional<std::string> rollback = std::nullopt) {
    action::InstallPackage body;
    body.format = action::PackageFormat::kRpm;
    body.package = "demo";
    body.version = version + "-1";
    body.artifact = "artifacts/demo-" + version + "-1.noarch.rpm";
    body.rollback_artifact = rollback;
    return action::Step{"rpm-step", body};
  }

  test::TempDir tmp_;
  std::string root_, art_, rpm10_, rpm11_;
  Context ctx_;
  StepExecutor& exec_ = installPackageExecutor();
};

TEST_F(RpmStep, UpgradesThenRevertsWithOldpackage) {
  test::rpmInstall(root_, rpm10_);
  ASSERT_EQ(test::rpmState(root_, "demo"), "1.0-1");
  auto s = step("1.1", "artifacts/demo-1.0-1.noarch.rpm");
  auto undo = test::checkPrepareApply(exec_, s, ctx_);
  ASSERT_TRUE(undo);
  EXPECT_EQ(test::rpmState(root_, "demo"), "1.1-1");
  EXPECT_EQ(test::installedFile(root_, "demo"), "1.1\n");
  EXPECT_TRUE(exec_.verify(s, ctx_));
  EXPECT_TRUE(*exec_.check(s, ctx_));

  auto reverted = exec_.revert(s, ctx_, *undo);
  ASSERT_TRUE(reverted) << reverted.error().describe();
  EXPECT_EQ(test::rpmState(root_, "demo"), "1.0-1");
  EXPECT_EQ(test::installedFile(root_, "demo"), "1.0\n");
  EXPECT_TRUE(exec_.revert(s, ctx_, *undo));
  EXPECT_EQ(test::rpmState(root_, "demo"), "1.0-1");
}

TEST_F(RpmStep, RevertAfterAFreshInstallErasesThePackage) {
  auto s = step("1.0");
  auto undo = exec_.prepare(s, ctx_);
  ASSERT_TRUE(undo) << undo.error().describe();
  auto applied = exec_.apply(s, ctx_, *undo);
  ASSERT_TRUE(applied) << applied.error().describe();
  EXPECT_EQ(test::rpmState(root_, "demo"), "1.0-1");
  ASSERT_TRUE(exec_.revert(s, ctx_, *undo));
  EXPECT_EQ(test::rpmState(root_, "demo"), "absent");
  EXPECT_FALSE(std::filesystem::exists(root_ + "/usr/share/demo/version"));
}

TEST_F(RpmStep, RefusesToLowerWithoutConsentAndLowersWithIt) {
  test::rpmInstall(root_, rpm11_);
  auto s = step("1.0");
  std::get<action::InstallPackage>(s.body).allow_downgrade = true;
  auto refused = exec_.apply(s, ctx_, "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(
      refused.error().describe(),
      "step rpm-step: refusing to lower demo from 1.1-1 to 1.0-1: needs the manifest's allow_downgrade (yes) "
      "and the policy's consent (no)");
  EXPECT_EQ(test::rpmState(root_, "demo"), "1.1-1");
  ctx_.policy_allows_downgrade = true;
  auto applied = exec_.apply(s, ctx_, "");
  ASSERT_TRUE(applied) << applied.error().describe();
  EXPECT_EQ(test::rpmState(root_, "demo"), "1.0-1");
}

TEST_F(RpmStep, RefusesAnotherPackageAndANonRpm) {
  test::buildRpm(art_, "other", "1.1");
  std::filesystem::copy_file(rpm10_, art_ + "/garbage.rpm");
  std::filesystem::resize_file(art_ + "/garbage.rpm", 200);
  auto s = step("1.1");
  std::get<action::InstallPackage>(s.body).artifact = "artifacts/other-1.1-1.noarch.rpm";
  auto other = exec_.apply(s, ctx_, "");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().describe(),
            "step rpm-step: artifacts/other-1.1-1.noarch.rpm: is package 'other', not 'demo'; refused");
  std::get<action::InstallPackage>(s.body).artifact = "artifacts/garbage.rpm";
  auto garbage = exec_.apply(s, ctx_, "");
  ASSERT_FALSE(garbage);
  EXPECT_NE(garbage.error().describe().find("not a readable .rpm package: rpm -qp exited with 1"),
            std::string::npos)
      << garbage.error().describe();
  EXPECT_EQ(test::rpmState(root_, "demo"), "absent");
}

TEST_F(RpmStep, ALockedDatabaseIsOneClearErrorAndNothingChanges) {
  test::rpmInstall(root_, rpm10_);
  auto s = step("1.1", "artifacts/demo-1.0-1.noarch.rpm");
  std::string error = test::applyWhileLocked(exec_, s, ctx_, root_ + "/var/lib/rpm/.rpm.lock");
  EXPECT_EQ(error.rfind(
                "step rpm-step: " + root_ + "/var/lib/rpm: is locked by another process (rpm exited with", 0),
            0u)
      << error;
  EXPECT_EQ(test::rpmState(root_, "demo"), "1.0-1");
  EXPECT_EQ(test::installedFile(root_, "demo"), "1.0\n");
}

TEST_F(RpmStep, ARootWithoutADatabaseIsRefusedAndNoneIsCreated) {
  test::TempDir bare;
  Context none = test::imageContext(bare.path(), art_, tmp_.file("txn2"));
  auto check = exec_.check(step("1.0"), none);
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().describe(), "step rpm-step: " + bare.path() + "/var/lib/rpm: no rpm database");
  EXPECT_FALSE(std::filesystem::exists(bare.path() + "/var/lib/rpm"));
}

TEST_F(RpmStep, NoRpmDatabaseAppearsInTheCleanEnvironmentsHome) {
  // HOME=/nonexistent in every environment the agent and this fixture give
  // rpm: a database there means some rpm call ran without --dbpath.
  std::error_code ec;
  EXPECT_FALSE(std::filesystem::exists("/nonexistent/.rpmdb", ec)) << "an rpm call without --dbpath";
}

}  // namespace
}  // namespace psirt::remediate
