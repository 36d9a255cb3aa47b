// service: systemd enable/disable in an image with the real systemctl
// --root (asserted by the [Install] symlink systemctl makes, read directly),
// runtime operations skipped in an image, and a real SysV init script run on
// a temp root in device mode. Not testable here: systemctl start/stop on a
// live systemd (this container's PID 1 is not systemd).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "agent/remediate/step.h"
#include "platform/process/process.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/remediate/package_fixture.h"

namespace psirt::remediate {
namespace {

namespace stdfs = std::filesystem;
using Op = action::ServiceOperation;

void writeFile(const std::string& path, const std::string& text,
               stdfs::perms perms = stdfs::perms::owner_read | stdfs::perms::owner_write) {
  stdfs::create_directories(stdfs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
  stdfs::permissions(path, perms);
}

action::Step serviceStep(Op op, const std::string& name = "demo") {
  return action::Step{"svc", action::Service{op, name}};
}

class ServiceStep : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.file("root");
    ctx_ = test::imageContext(root_, tmp_.file("artifacts"), tmp_.file("txn"));
    ctx_.note = [this](std::string_view id, std::string_view text) {
      notes_.push_back(std::string(id) + ": " + std::string(text));
    };
  }
  bool linked() const {
    return stdfs::is_symlink(root_ + "/etc/systemd/system/multi-user.target.wants/demo.service");
  }

  test::TempDir tmp_;
  std::string root_;
  Context ctx_;
  std::vector<std::string> notes_;
  StepExecutor& exec_ = serviceExecutor();
};

TEST_F(ServiceStep, EnablesAndRevertsAUnitInAnImageWithSystemctlRoot) {
  if (!process::findExecutable("systemctl")) GTEST_SKIP() << "no systemctl on this host";
  writeFile(
      root_ + "/lib/systemd/system/demo.service",
      "[Unit]\nDescription=demo\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n");
  auto s = serviceStep(Op::kEnable);
  auto undo = test::checkPrepareApply(exec_, s, ctx_);
  ASSERT_TRUE(undo);
  EXPECT_TRUE(linked());
  EXPECT_TRUE(exec_.verify(s, ctx_));
  EXPECT_TRUE(*exec_.check(s, ctx_));
  ASSERT_TRUE(exec_.revert(s, ctx_, *undo));
  EXPECT_FALSE(linked());
  EXPECT_TRUE(exec_.revert(s, ctx_, *undo));  // idempotent
  EXPECT_FALSE(linked());

  // disable of the enabled unit, reverted: enabled again.
  ASSERT_TRUE(exec_.apply(s, ctx_, *undo));
  auto d = serviceStep(Op::kDisable);
  auto dundo = exec_.prepare(d, ctx_);
  ASSERT_TRUE(dundo);
  ASSERT_TRUE(exec_.apply(d, ctx_, *dundo));
  EXPECT_FALSE(linked());
  EXPECT_TRUE(exec_.verify(d, ctx_));
  ASSERT_TRUE(exec_.revert(d, ctx_, *dundo));
  EXPECT_TRUE(linked());
  EXPECT_TRUE(notes_.empty());
}

TEST_F(ServiceStep, RuntimeOperationsInAnImageAreSkippedWithANote) {
  for (Op op : {Op::kStart, Op::kStop, Op::kRestart}) {
    notes_.clear();
    auto s = serviceStep(op);
    EXPECT_FALSE(*exec_.check(s, ctx_));
    auto undo = exec_.prepare(s, ctx_);
    ASSERT_TRUE(undo);
    ASSERT_TRUE(exec_.apply(s, ctx_, *undo));
    EXPECT_TRUE(exec_.verify(s, ctx_));
    EXPECT_TRUE(exec_.revert(s, ctx_, *undo));
    ASSERT_EQ(notes_.size(), 1u);
    EXPECT_NE(notes_[0].find("svc: skipped: "), std::string::npos);
    EXPECT_NE(notes_[0].find(" demo in an image (nothing runs there)"), std::string::npos) << notes_[0];
  }
  EXPECT_FALSE(stdfs::exists(root_ + "/etc"));
}

TEST_F(ServiceStep, ImageRefusalsAreOneLine) {
  auto missing = exec_.check(serviceStep(Op::kEnable), ctx_);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().describe(), "step svc: no systemd unit file for 'demo' in the image");
  writeFile(root_ + "/etc/init.d/demo", "#!/bin/sh\nexit 0\n");
  auto sysv = exec_.check(serviceStep(Op::kDisable), ctx_);
  ASSERT_FALSE(sysv);
  EXPECT_EQ(sysv.error().category, ErrorCategory::kUnsupported);
  EXPECT_EQ(sysv.error().describe(), "step svc: disable of a SysV init script in an image is not supported");
  auto bad = exec_.check(serviceStep(Op::kEnable, "-demo"), ctx_);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().describe(), "step svc: not a valid service name '-demo'");
}

// A LSB init script keeping its state in <root>/run/demo.state.
constexpr const char* kInitScript = R"sh(#!/bin/sh
state="$(dirname "$0")/../../run/demo.state"
case "$1" in
  start) echo running > "$state" ;;
  stop) echo stopped > "$state" ;;
  restart) echo running > "$state" ;;
  status) [ "$(cat "$state" 2>/dev/null)" = running ] && exit 0; exit 3 ;;
  *) exit 2 ;;
esac
)sh";

TEST_F(ServiceStep, SysvInitScriptOnTheDeviceStartsAndReverts) {
  ctx_.image = false;  // device mode on a temp root: the SysV path, for real
  writeFile(root_ + "/etc/init.d/demo", kInitScript, stdfs::perms::owner_all);
  stdfs::create_directories(root_ + "/run");
  auto state = [&] {
    std::ifstream in(root_ + "/run/demo.state");
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  auto s = serviceStep(Op::kStart);
  EXPECT_FALSE(*exec_.check(s, ctx_));
  auto undo = exec_.prepare(s, ctx_);
  ASSERT_TRUE(undo) << undo.error().describe();
  ASSERT_TRUE(exec_.apply(s, ctx_, *undo));
  EXPECT_EQ(state(), "running\n");
  EXPECT_TRUE(exec_.verify(s, ctx_));
  ASSERT_TRUE(exec_.revert(s, ctx_, *undo));
  EXPECT_EQ(state(), "stopped\n");
  EXPECT_FALSE(exec_.verify(s, ctx_));

  auto enable = exec_.check(serviceStep(Op::kEnable), ctx_);
  ASSERT_FALSE(enable);
  EXPECT_EQ(enable.error().describe(), "step svc: enable of a SysV init script is not supported");

  writeFile(root_ + "/etc/init.d/demo", "#!/bin/sh\necho 'cannot bind port' >&2\nexit 7\n",
            stdfs::perms::owner_all);
  auto failed = exec_.apply(serviceStep(Op::kRestart), ctx_, "");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().describe(), "step svc: demo restart exited with 7: cannot bind port");
}

}  // namespace
}  // namespace psirt::remediate
