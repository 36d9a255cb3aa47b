// Unit tests of the schemes beyond the shared vectors: opkg, semver, generic,
// omnipcx, long digit runs, and bad input.
#include <gtest/gtest.h>

#include "agent/versions/version.h"

namespace psirt::versions {
namespace {

int cmp(Scheme s, const char* a, const char* b) {
  auto r = compare(s, a, b);
  EXPECT_TRUE(r.ok()) << a << " " << b << ": " << (r.ok() ? "" : r.error().describe());
  return r.value_or(99);
}

TEST(Versions, SchemeNamesRoundTrip) {
  for (auto s : {Scheme::kDeb, Scheme::kRpm, Scheme::kOpkg, Scheme::kApk, Scheme::kSemver, Scheme::kGeneric,
                 Scheme::kOmnipcx}) {
    auto back = schemeFromName(schemeName(s));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, s);
  }
  EXPECT_FALSE(schemeFromName("Deb").ok());
  EXPECT_FALSE(schemeFromName("maven").ok());
}

TEST(Versions, DigitRunsLongerThan20DigitsCompareExactly) {
  const char* big = "123456789012345678901234567890";
  const char* bigger = "123456789012345678901234567891";
  for (auto s : {Scheme::kDeb, Scheme::kRpm, Scheme::kOpkg, Scheme::kApk, Scheme::kGeneric}) {
    EXPECT_EQ(cmp(s, big, bigger), -1) << schemeName(s);
    EXPECT_EQ(cmp(s, bigger, big), 1) << schemeName(s);
    EXPECT_EQ(cmp(s, big, big), 0) << schemeName(s);
  }
  EXPECT_EQ(cmp(Scheme::kSemver, "1.0.99999999999999999999999", "1.0.100000000000000000000000"), -1);
  EXPECT_EQ(cmp(Scheme::kDeb, "1.000000000000000000000000000001", "1.1"), 0);
  EXPECT_EQ(cmp(Scheme::kOmnipcx, "12.4-M5.99999999999999999999999.1", "12.4-M5.100000000000000000000000.0"), -1);
}

TEST(Versions, DebRejectsWithReason) {
  auto r = parse(Scheme::kDeb, "1.0-");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().category, ErrorCategory::kParse);
  EXPECT_NE(r.error().describe().find("revision number is empty"), std::string::npos) << r.error().describe();
  EXPECT_FALSE(parse(Scheme::kDeb, std::string("1.0\0x", 5)).ok());
  EXPECT_EQ(parse(Scheme::kDeb, std::string(2000, '1')).error().category, ErrorCategory::kLimit);
}

TEST(Versions, DebEpochQuirksMatchStrtol) {
  EXPECT_EQ(parse(Scheme::kDeb, "+1:0").value().epoch_value, 1u);
  EXPECT_EQ(parse(Scheme::kDeb, "-0:1").value().epoch_value, 0u);
  EXPECT_FALSE(parse(Scheme::kDeb, "-1:1").ok());
  EXPECT_FALSE(parse(Scheme::kDeb, "2147483648:1").ok());
  EXPECT_TRUE(parse(Scheme::kDeb, "2147483647:1").ok());
}

TEST(Versions, OpkgAcceptsWhatOpkgAcceptsAndOrdersLikeDpkg) {
  EXPECT_TRUE(parse(Scheme::kOpkg, "001.CIBUILDX20160919_153521").ok());
  EXPECT_FALSE(parse(Scheme::kDeb, "001.CIBUILDX20160919_153521").ok());
  EXPECT_FALSE(parse(Scheme::kOpkg, "1.0 1").ok());
  EXPECT_FALSE(parse(Scheme::kOpkg, "a:1").ok());
  EXPECT_FALSE(parse(Scheme::kOpkg, "1-").ok());
  EXPECT_EQ(cmp(Scheme::kOpkg, "1.0~rc1", "1.0"), -1);
  EXPECT_EQ(cmp(Scheme::kOpkg, "1:0.1", "2.0"), 1);
}

TEST(Versions, SemverPrecedenceFollowsTheSpecExample) {
  const char* order[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                         "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1"};
  for (std::size_t i = 0; i + 1 < std::size(order); ++i) {
    EXPECT_EQ(cmp(Scheme::kSemver, order[i], order[i + 1]), -1) << order[i];
  }
  EXPECT_EQ(cmp(Scheme::kSemver, "1.0.0+build.1", "1.0.0+build.2"), 0);
  for (const char* bad : {"1.0", "01.0.0", "1.0.0-01", "1.0.0-", "1.0.0+", "v1.0.0", "1.0.0-a..b", "1.0.0+a_b"}) {
    EXPECT_FALSE(parse(Scheme::kSemver, bad).ok()) << bad;
  }
}

TEST(Versions, GenericComparesRunByRun) {
  EXPECT_EQ(cmp(Scheme::kGeneric, "1.0", "1-0"), 0);
  EXPECT_EQ(cmp(Scheme::kGeneric, "01.00", "1.0"), 0);
  EXPECT_EQ(cmp(Scheme::kGeneric, "1.0", "1.0.1"), -1);
  EXPECT_EQ(cmp(Scheme::kGeneric, "1.0a", "1.0.1"), -1);
  EXPECT_EQ(cmp(Scheme::kGeneric, "1.0a", "1.0"), 1);
  EXPECT_EQ(cmp(Scheme::kGeneric, "1.0A", "1.0a"), -1);
  EXPECT_EQ(cmp(Scheme::kGeneric, "2.10", "2.9"), 1);
  EXPECT_FALSE(parse(Scheme::kGeneric, "").ok());
  EXPECT_FALSE(parse(Scheme::kGeneric, "...").ok());
  EXPECT_FALSE(parse(Scheme::kGeneric, "1 0").ok());
  EXPECT_FALSE(parse(Scheme::kGeneric, "1.\xc3\xa9").ok());
}

TEST(Versions, OmnipcxCanonicalAndHumanFormsAreEqual) {
  auto human = parse(Scheme::kOmnipcx, "R12.4 M5.304.19");
  ASSERT_TRUE(human.ok());
  EXPECT_EQ(canonical(*human), "12.4-M5.304.19");
  EXPECT_EQ(human->epoch, "12.4");
  EXPECT_EQ(cmp(Scheme::kOmnipcx, "R12.4 M5.304.19", "12.4-M5.304.19"), 0);
  EXPECT_EQ(cmp(Scheme::kOmnipcx, "12.4-M5.304.19", "12.4-M5.304.19.a"), -1);
  EXPECT_EQ(cmp(Scheme::kOmnipcx, "12.4-M5.304.19.b", "12.4-M5.304.19.a"), 1);
  EXPECT_EQ(cmp(Scheme::kOmnipcx, "12.4-M5.304.19", "12.4-M5.305.1"), -1);
  EXPECT_EQ(cmp(Scheme::kOmnipcx, "12.4-M5.304.9", "12.4-M5.304.10"), -1);
  EXPECT_EQ(cmp(Scheme::kOmnipcx, "12.4-M6.1.1", "12.4-M5.900.1"), 1);
}

TEST(Versions, OmnipcxReleaseLinesAreNeverCompared) {
  auto r = compare(Scheme::kOmnipcx, "12.4-M5.304.19", "12.5-M1.1.1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().category, ErrorCategory::kUnsupported);
  EXPECT_NE(r.error().message.find("release lines"), std::string::npos);
}

TEST(Versions, OmnipcxRejectsMalformed) {
  for (const char* bad : {"12.4", "12.4-M5.304", "12.4-m5.304.19", "12.04-M5.304.19", "12.4-M5.304.19.A",
                          "12.4-M5.304.19.ab", "R12.4  M5.304.19", "12.4 M5.304.19", "R12.4-M5.304.19x", "",
                          "12.4-M5.304.19.", "-M5.1.1"}) {
    auto r = parse(Scheme::kOmnipcx, bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().category, ErrorCategory::kParse) << bad;
    }
  }
}

TEST(Versions, DifferentSchemesAreNotComparable) {
  auto a = parse(Scheme::kDeb, "1.0");
  auto b = parse(Scheme::kRpm, "1.0");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(compare(*a, *b).ok());
}

TEST(Versions, ApkRejectsMalformed) {
  for (const char* bad : {"", "1.0_foo", "1.0-x1", "1.0A", "1.0-r1.1", "1_rc1.2"}) {
    EXPECT_FALSE(parse(Scheme::kApk, bad).ok()) << bad;
  }
  EXPECT_EQ(cmp(Scheme::kApk, "1.1_rc1", "1.1"), -1);
  // apk-tools 2 quirks kept on purpose: a zero after '.' is a token of its
  // own, so "1.0_rc1" sorts after "1.0"; "-r" without a number is valid.
  EXPECT_EQ(cmp(Scheme::kApk, "1.0_rc1", "1.0"), 1);
  EXPECT_TRUE(parse(Scheme::kApk, "1.0-r").ok());
  EXPECT_EQ(cmp(Scheme::kApk, "1.0_p1", "1.0"), 1);
  EXPECT_EQ(cmp(Scheme::kApk, "1.0-r1", "1.0-r2"), -1);
}

}  // namespace
}  // namespace psirt::versions
