// vers ranges: canonical validation (each rule has a failing case) and
// containment, for the supported schemes.
#include <gtest/gtest.h>

#include "agent/versions/vers.h"

namespace psirt::versions {
namespace {

bool in(const char* vers, const char* version) {
  auto r = parseRange(vers);
  EXPECT_TRUE(r.ok()) << vers << ": " << (r.ok() ? "" : r.error().describe());
  if (!r.ok()) return false;
  auto c = contains(*r, version);
  EXPECT_TRUE(c.ok()) << vers << " " << version << ": " << (c.ok() ? "" : c.error().describe());
  return c.value_or(false);
}

TEST(Vers, NonCanonicalRangesAreErrorsWithTheRule) {
  struct Case {
    const char* vers;
    const char* reason;
  } cases[] = {
      {"vers:deb/>=1.0| <2.0", "whitespace"},
      {"VERS:deb/1.0", "lowercase"},
      {"vers:Deb/1.0", "lowercase"},
      {"vers:deb/|1.0", "leading pipe"},
      {"vers:deb/1.0|", "trailing pipe"},
      {"vers:deb/1.0||2.0", "consecutive pipes"},
      {"vers:deb/>=2.0|<1.0", "not sorted"},
      {"vers:deb/1.0|1.00", "duplicate"},
      {"vers:deb/>=1.0|!=1.0", "duplicate"},
      {"vers:deb/*|1.0", "alone"},
      {"vers:deb/1.0|*", "alone"},
      {"vers:deb/=1.0", "percent-encoded"},
      {"vers:deb/1.0%3c", "not canonical"},
      {"vers:deb/1.0%2F", "not canonical"},
      {"vers:deb/1.0%2", "invalid percent"},
      {"vers:deb/>=1.0|>=2.0", "redundant"},
      {"vers:deb/<1.0|<2.0", "redundant"},
      {"vers:deb/1.0|<2.0", "redundant"},
      {"vers:deb/>1.0|2.0", "redundant"},
      {"vers:deb/>=", "without a version"},
      {"vers:deb", "missing '/'"},
      {"vers:deb/", "empty"},
      {"vers:deb/1.0-", "revision number is empty"},
      {"vers:maven/1.0", "unknown version scheme"},
      {"vers:omnipcx/>=12.4-M5.1.1|<12.4-M5.2.1|>=12.3-M1.1.1", "not sorted"},
  };
  for (const auto& c : cases) {
    auto r = parseRange(c.vers);
    ASSERT_FALSE(r.ok()) << c.vers;
    EXPECT_NE(r.error().describe().find(c.reason), std::string::npos) << c.vers << " -> " << r.error().describe();
  }
}

TEST(Vers, CanonicalRangesParseAndPrintBack) {
  for (const char* v : {"vers:deb/>=1.0-1|<1.0-5", "vers:rpm/*", "vers:deb/1.0|>=2.0|!=2.5|<3.0|4.0",
                        "vers:generic/>=1.0|<2.0|>=3.0", "vers:semver/<1.0.0-rc.1", "vers:apk/>1.0-r2",
                        "vers:opkg/1:1.0", "vers:omnipcx/>=12.3-M1.1.1|<12.3-M1.9.1|>=12.4-M5.1.1|<12.4-M5.304.19.a",
                        "vers:generic/1.0%3E2"}) {
    auto r = parseRange(v);
    ASSERT_TRUE(r.ok()) << v << ": " << r.error().describe();
    EXPECT_EQ(toString(*r), v);
  }
}

TEST(Vers, ContainmentFollowsIntervals) {
  EXPECT_TRUE(in("vers:deb/>=1.0-1|<1.0-5", "1.0-3"));
  EXPECT_TRUE(in("vers:deb/>=1.0-1|<1.0-5", "1.0-1"));
  EXPECT_FALSE(in("vers:deb/>=1.0-1|<1.0-5", "1.0-5"));
  EXPECT_FALSE(in("vers:deb/>=1.0-1|<1.0-5", "1.0~rc1-1"));
  EXPECT_TRUE(in("vers:deb/<1.0", "0.9"));
  EXPECT_TRUE(in("vers:deb/>1.0", "1:0.1"));
  EXPECT_FALSE(in("vers:deb/>1.0", "1.0"));
  EXPECT_TRUE(in("vers:deb/1.0|>=2.0|!=2.5|<3.0", "1.00"));
  EXPECT_FALSE(in("vers:deb/1.0|>=2.0|!=2.5|<3.0", "2.5"));
  EXPECT_TRUE(in("vers:deb/1.0|>=2.0|!=2.5|<3.0", "2.6"));
  EXPECT_FALSE(in("vers:deb/1.0|>=2.0|!=2.5|<3.0", "1.5"));
  EXPECT_FALSE(in("vers:deb/!=1.0", "2.0"));
  EXPECT_TRUE(in("vers:rpm/<1.0^git1", "1.0"));
  EXPECT_FALSE(in("vers:rpm/<1.0~rc1", "1.0"));
  EXPECT_TRUE(in("vers:semver/>=1.0.0-rc.1|<1.0.0", "1.0.0-rc.2"));
  EXPECT_TRUE(in("vers:apk/<1.1", "1.1_rc1"));
  EXPECT_TRUE(in("vers:omnipcx/>=12.4-M5.1.1|<12.4-M5.304.19.a", "R12.4 M5.304.19"));
  EXPECT_FALSE(in("vers:omnipcx/>=12.4-M5.1.1|<12.4-M5.304.19.a", "12.4-M5.304.19.a"));
}

TEST(Vers, OmnipcxVersionOfAnotherReleaseLineIsAnError) {
  auto r = parseRange("vers:omnipcx/>=12.4-M5.1.1");
  ASSERT_TRUE(r.ok());
  auto c = contains(*r, "13.0-M1.1.1");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().category, ErrorCategory::kUnsupported);
}

TEST(Vers, BareRangeUsesTheCallersScheme) {
  auto r = parseBareRange(Scheme::kRpm, ">=1.0-1|<1.0-5");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_TRUE(contains(*r, "1.0-3").value_or(false));
  EXPECT_FALSE(parseBareRange(Scheme::kDeb, "vers:deb/1.0").ok());
  EXPECT_FALSE(parseBareRange(Scheme::kSemver, "1.0").ok());
}

TEST(Vers, ContainmentRejectsBadVersionAndOtherScheme) {
  auto r = parseRange("vers:deb/>=1.0");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(contains(*r, "not-a-version").ok());
  auto v = parse(Scheme::kRpm, "1.0");
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(contains(*r, *v).ok());
}

TEST(Vers, BoundsAreEnforced) {
  std::string many = "vers:generic/1";
  for (int i = 2; i <= 1100; ++i) many += "|" + std::to_string(i);
  auto r = parseRange(many);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().category, ErrorCategory::kLimit);
  EXPECT_EQ(parseRange("vers:generic/" + std::string(70000, '1')).error().category, ErrorCategory::kLimit);
}

}  // namespace
}  // namespace psirt::versions
