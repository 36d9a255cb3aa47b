// agent/action: queries on parsed actions (reversibility, artifact list).
#include "agent/action/action.h"

#include <gtest/gtest.h>

namespace psirt::action {
namespace {

Step step(std::string id, StepBody body) { return Step{std::move(id), std::move(body)}; }

TEST(ActionTest, ReversibilityPerKind) {
  InstallPackage pkg;
  pkg.artifact = "artifacts/a.deb";
  EXPECT_FALSE(reversible(step("p", pkg)));
  pkg.rollback_artifact = "artifacts/a-old.deb";
  EXPECT_TRUE(reversible(step("p", pkg)));
  RunScript script;
  script.artifact = "artifacts/fix.sh";
  EXPECT_FALSE(reversible(step("s", script)));
  script.revert_artifact = "artifacts/unfix.sh";
  EXPECT_TRUE(reversible(step("s", script)));
  EXPECT_TRUE(reversible(step("f", ReplaceFile{})));
  EXPECT_TRUE(reversible(step("c", SetConfig{})));
  EXPECT_TRUE(reversible(step("v", Service{})));
}

TEST(ActionTest, KindNames) {
  EXPECT_STREQ(stepKindName(InstallPackage{}), "install_package");
  EXPECT_STREQ(stepKindName(ReplaceFile{}), "replace_file");
  EXPECT_STREQ(stepKindName(SetConfig{}), "set_config");
  EXPECT_STREQ(stepKindName(Service{}), "service");
  EXPECT_STREQ(stepKindName(RunScript{}), "run_script");
}

TEST(ActionTest, ArtifactsListedOnceInStepOrderAndIrreversibleIfAnyStepIs) {
  Action a;
  InstallPackage pkg;
  pkg.artifact = "artifacts/b.deb";
  pkg.rollback_artifact = "artifacts/a.deb";
  ReplaceFile file;
  file.artifact = "artifacts/b.deb";  // repeated: listed once
  RunScript script;
  script.artifact = "artifacts/fix.sh";
  a.steps = {step("1", pkg), step("2", file), step("3", SetConfig{})};
  EXPECT_EQ(a.artifacts(), (std::vector<std::string>{"artifacts/b.deb", "artifacts/a.deb"}));
  EXPECT_FALSE(a.irreversible());
  a.steps.push_back(step("4", script));
  EXPECT_TRUE(a.irreversible());
  EXPECT_EQ(a.artifacts().back(), "artifacts/fix.sh");
}

}  // namespace
}  // namespace psirt::action
