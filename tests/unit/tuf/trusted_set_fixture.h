// The fixture of the trusted-set tests: a repository (top-level targets and
// a delegated "advisories" role) written to a directory, and a state
// directory provisioned with its root v1; update() runs a complete update.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "agent/repo_builder/repository.h"
#include "agent/tuf/repository_update.h"
#include "platform/clock/clock.h"
#include "platform/fs/fs.h"
#include "tests/support/temp_dir.h"

namespace psirt::tuf {

inline constexpr Seconds kNow = 1790000000;  // 2026-09-21

inline repo::SigningKey key(const std::string& label) {
  return *repo::SigningKey::ed25519FromLabel("set-test/" + label);
}

inline repo::Repository makeRepo() {
  repo::Repository r({key("root"), key("timestamp"), key("snapshot"), key("targets")}, kNow);
  repo::Delegation d;
  d.name = "advisories";
  d.paths = {"advisories/*"};
  EXPECT_TRUE(r.delegate("targets", d, {key("advisories")}));
  EXPECT_TRUE(r.addTarget("advisories", "advisories/a.json", "{\"a\":1}"));
  EXPECT_TRUE(r.addTarget("targets", "README", "top-level"));
  EXPECT_TRUE(r.publishRoot());
  EXPECT_TRUE(r.publish());
  return r;
}

class TrustedSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_dir_ = tmp_.file("repo");
    state_ = tmp_.file("state");
    ASSERT_TRUE(repo_.writeTo(repo_dir_));
    ASSERT_TRUE(fs::makeDirectories(state_ + "/metadata"));
    ASSERT_TRUE(fs::writeFileAtomic(state_ + "/metadata/root.json", *repo_.file("metadata/1.root.json")));
  }
  Result<UpdateOutcome> update(Seconds t = kNow) {
    clock::FixedClock c(t);
    return updateFromRepository(state_, repo_dir_, c, {});
  }
  // Rewrites the stored copy of `m` (DIR/targets/sha256/<hex>) with `change`.
  void damageStored(const TargetMatch& m, const std::function<void(std::string&)>& change) {
    const std::string path = state_ + "/targets/sha256/" + m.file.hashes.at("sha256");
    auto bytes = fs::readFile(path, 1 << 20);
    ASSERT_TRUE(bytes);
    change(*bytes);
    ASSERT_TRUE(fs::writeFileAtomic(path, *bytes));
  }
  psirt::test::TempDir tmp_;
  repo::Repository repo_ = makeRepo();
  std::string repo_dir_, state_;
};

}  // namespace psirt::tuf
