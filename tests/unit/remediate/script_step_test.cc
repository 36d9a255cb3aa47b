// run_script: real /bin/sh scripts as signed artifacts, run from their
// private copy with the documented environment, cwd, exit-code list, time
// limit (clipped to the deadline) and revert script.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "agent/remediate/step.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/remediate/package_fixture.h"

namespace psirt::remediate {
namespace {

namespace stdfs = std::filesystem;

class ScriptStep : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.file("root");
    art_ = tmp_.file("artifacts");
    stdfs::create_directories(root_);
    stdfs::create_directories(art_);
    ctx_ = test::imageContext(root_, art_, tmp_.file("txn"));
  }
  // An artifact (not executable: the executor makes its private copy so).
  void artifact(const std::string& name, const std::string& body) {
    std::ofstream(art_ + "/" + name, std::ios::binary) << "#!/bin/sh\n" << body;
  }
  std::string read(const std::string& rel) {
    std::ifstream in(root_ + "/" + rel);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  action::Step step(action::RunScript body) { return action::Step{"script", std::move(body)}; }

  test::TempDir tmp_;
  std::string root_, art_;
  Context ctx_;
  StepExecutor& exec_ = runScriptExecutor();
};

TEST_F(ScriptStep, RunsWithArgvCleanEnvironmentAndTheRootAsWorkingDirectory) {
  ::setenv("PSIRT_TEST_LEAK", "secret", 1);
  artifact("fix.sh",
           "printf '%s|' \"$@\" > args\n"
           "pwd > cwd\n"
           "env | grep -v '^PWD=' | grep -v '^SHLVL=' | grep -v '^_=' | sort > env\n");
  action::RunScript body;
  body.artifact = "artifacts/fix.sh";
  body.args = {"one two", "$HOME", "--three"};
  auto s = step(body);
  auto undo = exec_.prepare(s, ctx_);
  ASSERT_TRUE(undo);
  auto applied = exec_.apply(s, ctx_, *undo);
  ::unsetenv("PSIRT_TEST_LEAK");
  ASSERT_TRUE(applied) << applied.error().describe();
  EXPECT_EQ(read("args"), "one two|$HOME|--three|");
  EXPECT_EQ(read("cwd"), root_ + "\n");
  EXPECT_EQ(
      read("env"),
      "HOME=/nonexistent\nLC_ALL=C\nPATH=/usr/sbin:/usr/bin:/sbin:/bin\nPSIRT_IMAGE=1\nPSIRT_PHASE=apply\n"
      "PSIRT_ROOT=" +
          root_ + "\nPSIRT_STEP=script\n");
  EXPECT_TRUE(exec_.verify(s, ctx_));  // no check_args: the exit code was the verification
  EXPECT_EQ(stdfs::status(ctx_.transaction_dir + "/script.apply.script").permissions() & stdfs::perms::all,
            stdfs::perms::owner_all);
}

TEST_F(ScriptStep, ExitCodesOutsideTheListAreOneLineErrors) {
  artifact("exit.sh", "echo \"partial failure on $1\" >&2\nexit \"$1\"\n");
  action::RunScript body;
  body.artifact = "artifacts/exit.sh";
  body.success_exit_codes = {0, 3};
  body.args = {"3"};
  EXPECT_TRUE(exec_.apply(step(body), ctx_, ""));
  body.args = {"4"};
  auto failed = exec_.apply(step(body), ctx_, "");
  ASSERT_FALSE(failed);
  EXPECT_EQ(
      failed.error().describe(),
      "step script: artifacts/exit.sh: apply script exited with 4: partial failure on 4 (expected 0, 3)");
}

TEST_F(ScriptStep, AKilledScriptNamesTheSignal) {
  artifact("kill.sh", "kill -9 $$\n");
  action::RunScript body;
  body.artifact = "artifacts/kill.sh";
  auto failed = exec_.apply(step(body), ctx_, "");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().describe(), "step script: artifacts/kill.sh: apply script killed by signal 9");
}

TEST_F(ScriptStep, TimesOutAtItsLimitOrAtTheDeadline) {
  artifact("slow.sh", "sleep 30\n");
  action::RunScript body;
  body.artifact = "artifacts/slow.sh";
  body.timeout = std::chrono::seconds(1);
  auto start = std::chrono::steady_clock::now();
  auto failed = exec_.apply(step(body), ctx_, "");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().category, ErrorCategory::kLimit);
  EXPECT_EQ(failed.error().describe(), "step script: artifacts/slow.sh: apply script timed out after 1 s");

  body.timeout = std::chrono::seconds(300);
  ctx_.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  auto clipped = exec_.apply(step(body), ctx_, "");
  ASSERT_FALSE(clipped);
  EXPECT_NE(clipped.error().describe().find("apply script timed out after 1 s"), std::string::npos)
      << clipped.error().describe();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

TEST_F(ScriptStep, CheckArgsAskAlreadyDoneAndRevertRunsTheRevertScript) {
  artifact("marker.sh",
           "if [ \"$1\" = check ]; then [ -f marker ]; exit $?; fi\n"
           "echo applied > marker\n");
  artifact("unmark.sh", "[ \"$1\" = --undo ] || exit 9\nrm -f marker\n");
  action::RunScript body;
  body.artifact = "artifacts/marker.sh";
  body.check_args = std::vector<std::string>{"check"};
  body.revert_artifact = "artifacts/unmark.sh";
  body.revert_args = {"--undo"};
  auto s = step(body);
  EXPECT_FALSE(*exec_.check(s, ctx_));
  EXPECT_FALSE(exec_.verify(s, ctx_));
  auto undo = exec_.prepare(s, ctx_);
  ASSERT_TRUE(undo) << undo.error().describe();
  stdfs::remove(art_ + "/unmark.sh");  // revert needs only the private copy prepare kept
  ASSERT_TRUE(exec_.apply(s, ctx_, *undo));
  EXPECT_EQ(read("marker"), "applied\n");
  EXPECT_TRUE(*exec_.check(s, ctx_));
  EXPECT_TRUE(exec_.verify(s, ctx_));
  auto reverted = exec_.revert(s, ctx_, *undo);
  ASSERT_TRUE(reverted) << reverted.error().describe();
  EXPECT_FALSE(stdfs::exists(root_ + "/marker"));
  EXPECT_TRUE(exec_.revert(s, ctx_, *undo));  // idempotent
}

TEST_F(ScriptStep, WithoutARevertScriptRevertIsRefused) {
  artifact("fix.sh", "exit 0\n");
  action::RunScript body;
  body.artifact = "artifacts/fix.sh";
  auto s = step(body);
  auto undo = exec_.prepare(s, ctx_);
  ASSERT_TRUE(undo);
  auto reverted = exec_.revert(s, ctx_, *undo);
  ASSERT_FALSE(reverted);
  EXPECT_EQ(reverted.error().describe(), "step script: no revert_artifact: the step is irreversible");
  auto garbled = exec_.revert(s, ctx_, "psirt-script-undo/1\nrevert relative\n");
  ASSERT_FALSE(garbled);
  EXPECT_EQ(garbled.error().describe(), "step script: unreadable run_script undo record");
  body.artifact = "artifacts/missing.sh";
  auto missing = exec_.apply(step(body), ctx_, "");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().describe(),
            "step script: artifacts/missing.sh: artifacts/missing.sh: no such artifact");
}

}  // namespace
}  // namespace psirt::remediate
