// Shared fixture for the attack suite: a repository built with repo_builder
// at test time (fixed test keys), published once, plus helpers to walk the
// TUF chain on agent/tuf's pure TrustedState and to assert security errors.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "agent/repo_builder/repository.h"
#include "agent/tuf/trusted_state.h"
#include "tests/support/test_keys.h"

namespace psirt::test {

inline constexpr repo::Seconds kNow = 1767225600;  // 2026-01-01T00:00:00Z

class AttackFixture : public ::testing::Test {
 protected:
  AttackFixture() : repo_(defaultTopLevelKeys(), kNow) {
    EXPECT_TRUE(repo_.addTarget(repo::kTargets, "advisories/a.json", "{\"advisory\":1}"));
    EXPECT_TRUE(repo_.publishRoot());
    EXPECT_TRUE(repo_.publish());
  }

  std::string file(const std::string& name) const {
    auto f = repo_.file(name);
    EXPECT_TRUE(f) << name;
    return f ? *f : std::string();
  }
  std::string meta(std::string_view role) const { return file(repo_.metadataName(role)); }

  Result<tuf::TrustedState> start(repo::Seconds now = kNow) const {
    return tuf::TrustedState::create(file("metadata/1.root.json"), now);
  }

  // Root chain (2.root.json ... while served), timestamp, snapshot, targets.
  static Status walk(tuf::TrustedState& s, const repo::Repository& r) {
    for (std::int64_t v = s.root().common.version + 1;; ++v) {
      auto next = r.file("metadata/" + std::to_string(v) + ".root.json");
      if (!next) break;
      PSIRT_TRY(s.updateRoot(*next));
    }
    PSIRT_ASSIGN_OR_RETURN(ts, r.file(r.metadataName(repo::kTimestamp)));
    PSIRT_TRY(s.updateTimestamp(ts));
    std::string snap_name = "metadata/" + (s.root().consistent_snapshot
                                               ? std::to_string(s.timestamp()->snapshot_meta.version) + "."
                                               : std::string()) + "snapshot.json";
    PSIRT_ASSIGN_OR_RETURN(snap, r.file(snap_name));
    PSIRT_TRY(s.updateSnapshot(snap));
    auto tmeta = s.snapshot()->meta.find("targets.json");
    if (tmeta == s.snapshot()->meta.end()) return makeError(ErrorCategory::kInternal, "no targets.json meta");
    PSIRT_ASSIGN_OR_RETURN(targets, r.file("metadata/" + (s.root().consistent_snapshot
                                                             ? std::to_string(tmeta->second.version) + "."
                                                             : std::string()) + "targets.json"));
    return s.updateTargets(targets);
  }

  repo::Repository repo_;
};

// The error is a security error with this code whose context names `role`.
inline ::testing::AssertionResult isSecurity(const Status& st, SecurityCode code, const std::string& role) {
  if (st) return ::testing::AssertionFailure() << "succeeded; expected " << toString(code) << " for " << role;
  const Error& e = st.error();
  if (e.category != ErrorCategory::kSecurity || e.security != code) {
    return ::testing::AssertionFailure() << "got " << e.describe() << " [" << toString(e.security)
                                         << "], expected " << toString(code);
  }
  if (e.context.find(role) == std::string::npos) {
    return ::testing::AssertionFailure() << "context '" << e.context << "' does not name " << role;
  }
  return ::testing::AssertionSuccess();
}

template <typename T>
::testing::AssertionResult isSecurity(const Result<T>& r, SecurityCode code, const std::string& role) {
  if (r) return ::testing::AssertionFailure() << "succeeded; expected " << toString(code) << " for " << role;
  return isSecurity(Status(r.error()), code, role);
}

}  // namespace psirt::test
