// Bands, formatting, the rounding functions, exact arithmetic and the rules
// that pick the banded score; each case is a known answer from the
// specifications (FIRST v2 guide, v3.0/v3.1 specification, v4.0 calculator).
#include <gtest/gtest.h>

#include "agent/cvss/cvss.h"
#include "agent/cvss/exact_decimal.h"
#include "agent/cvss/versions.h"

namespace psirt::cvss {
namespace {

using detail::ExactDecimal;

TEST(Band, BoundariesFollowDesignSeverityTable) {
  EXPECT_EQ(bandOf(0), Band::kNone);
  EXPECT_EQ(bandOf(1), Band::kLow);
  EXPECT_EQ(bandOf(39), Band::kLow);
  EXPECT_EQ(bandOf(40), Band::kMedium);
  EXPECT_EQ(bandOf(69), Band::kMedium);
  EXPECT_EQ(bandOf(70), Band::kHigh);
  EXPECT_EQ(bandOf(89), Band::kHigh);
  EXPECT_EQ(bandOf(90), Band::kCritical);
  EXPECT_EQ(bandOf(100), Band::kCritical);
  EXPECT_EQ(bandName(Band::kNone), "None");
  EXPECT_EQ(bandName(Band::kCritical), "Critical");
}

TEST(Format, OneDecimalAlways) {
  EXPECT_EQ(formatScore(0), "0.0");
  EXPECT_EQ(formatScore(7), "0.7");
  EXPECT_EQ(formatScore(98), "9.8");
  EXPECT_EQ(formatScore(100), "10.0");
}

TEST(ExactDecimal, SumsThatFloatingPointGetsWrongAreExact) {
  // 0.1 + 0.2 == 0.3 and (1 - 0.58) x 100 == 42 (v3.1 Appendix A's example).
  EXPECT_EQ(compare(ExactDecimal(1, 1) + ExactDecimal(2, 1), ExactDecimal(3, 1)), 0);
  EXPECT_EQ((ExactDecimal(1, 0) - ExactDecimal(58, 2)).roundTo(2, ExactDecimal::Rounding::kCeiling), 42);
}

TEST(ExactDecimal, PowerKeepsEveryDigit) {
  // 0.895^15 has 45 decimals; compare against its square-and-multiply twin.
  ExactDecimal x(895, 3);
  ExactDecimal by_hand(1, 0);
  for (int i = 0; i < 15; ++i) by_hand = by_hand * x;
  EXPECT_EQ(compare(x.pow(15), by_hand), 0);
  // 0.9^15 = 0.205891132094649 exactly.
  EXPECT_EQ(compare(ExactDecimal(9, 1).pow(15), ExactDecimal(205891132094649, 15)), 0);
}

TEST(ExactDecimal, RoundingModes) {
  using R = ExactDecimal::Rounding;
  EXPECT_EQ(ExactDecimal(402, 2).roundTo(1, R::kCeiling), 41);   // round up(4.02) = 4.1
  EXPECT_EQ(ExactDecimal(400, 2).roundTo(1, R::kCeiling), 40);   // round up(4.00) = 4.0
  EXPECT_EQ(ExactDecimal(445, 2).roundTo(1, R::kHalfUp), 45);    // ties away from zero
  EXPECT_EQ(ExactDecimal(444, 2).roundTo(1, R::kHalfUp), 44);
  EXPECT_EQ(ExactDecimal(-445, 2).roundTo(1, R::kHalfUp), -45);
  EXPECT_EQ(ExactDecimal(-402, 2).roundTo(1, R::kCeiling), -40);
  EXPECT_EQ(ExactDecimal(-402, 2).roundTo(1, R::kFloor), -41);
  EXPECT_EQ(ExactDecimal(7, 0).roundTo(1, R::kFloor), 70);
}

TEST(RoundUp, V31RoundsToFiveDecimalsFirstV30DoesNot) {
  // 4.000001: v3.0 gives 4.1 (smallest one-decimal number >= x); v3.1's
  // Roundup works on round(x * 100000) = 400000 and gives 4.0.
  ExactDecimal x(4000001, 6);
  EXPECT_EQ(detail::roundUp30(x), 41);
  EXPECT_EQ(detail::roundUp31(x), 40);
  EXPECT_EQ(detail::roundUp31(ExactDecimal(40001, 4)), 41);   // 4.0001 -> 4.1
  EXPECT_EQ(detail::roundUp31(ExactDecimal(400000, 5)), 40);  // 4.00000 -> 4.0
}

TEST(V3, SpecificationExamplesAndGroups) {
  auto r = score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->base, 98);
  EXPECT_EQ(r->temporal, 98);
  EXPECT_EQ(r->environmental, 98);
  EXPECT_EQ(r->version, Version::kV31);
  // Temporal: 9.8 x E:U 0.91 x RL:O 0.95 x RC:R 0.96 = 8.156... -> 8.2
  r = score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:R");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->temporal, 82);
  EXPECT_EQ(r->overall, 82);
  // Impact 0: base 0.0 whatever the exploitability.
  r = score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->base, 0);
}

TEST(V3, BaseOnlyScopeChangedBandsOnBaseNotOnItsHigherEnvironmentalScore) {
  // v3.1's modified-impact formula makes the environmental score of this
  // base-only vector 9.7; the vector defines no environmental metric, so its
  // band comes from the base score.
  auto r = score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->base, 96);
  EXPECT_EQ(r->environmental, 97);
  EXPECT_EQ(r->overall, 96);
  r = score("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->environmental, 96);  // v3.0 formula: all three equal
}

TEST(V3, EnvironmentalMetricMakesEnvironmentalTheBandedScore) {
  auto r = score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:P");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->overall, *r->environmental);
  EXPECT_LT(*r->environmental, r->base);
  // An explicit X defines nothing.
  r = score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H/MAV:X/E:X");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->overall, r->base);
}

TEST(V2, UndefinedGroupsAreAbsentAndDefinedOnesScored) {
  // FIRST v2 guide section 3.3.1 (CVE-2002-0392): base 7.8, temporal 6.4,
  // environmental (CDP:H/TD:H/CR:M/IR:M/AR:H) 9.2.
  auto r = score("AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->base, 78);
  EXPECT_EQ(r->temporal, 64);
  EXPECT_EQ(r->environmental, 92);
  EXPECT_EQ(r->overall, 92);
  r = score("AV:N/AC:L/Au:N/C:N/I:N/A:C");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->base, 78);
  EXPECT_FALSE(r->temporal);
  EXPECT_FALSE(r->environmental);
  EXPECT_EQ(r->overall, 78);
  r = score("AV:N/AC:L/Au:N/C:N/I:N/A:C/E:ND/CDP:ND");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->temporal) << "ND defines nothing";
  EXPECT_FALSE(r->environmental);
}

TEST(V4, NomenclatureNamesTheGroupsPresent) {
  const std::string base = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  auto nomenclature = [](const std::string& v) {
    auto r = score(v);
    return r ? std::string(r->nomenclature) : r.error().describe();
  };
  EXPECT_EQ(nomenclature(base), "CVSS-B");
  EXPECT_EQ(nomenclature(base + "/E:P"), "CVSS-BT");
  EXPECT_EQ(nomenclature(base + "/CR:L"), "CVSS-BE");
  EXPECT_EQ(nomenclature(base + "/E:U/MAV:L"), "CVSS-BTE");
  EXPECT_EQ(nomenclature(base + "/E:X/S:P/AU:Y/U:Red"), "CVSS-B");  // X and supplemental: still B
}

TEST(V4, KnownScores) {
  // Highest vector: 10.0; no impact at all: 0.0; FIRST calculator examples.
  auto r = score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->base, 100);
  r = score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->base, 0);
  EXPECT_EQ(bandOf(r->overall), Band::kNone);
  r = score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->base, 93);
  r = score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:N/SA:N/E:A/MAV:A");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->base, 87);  // the example in FIRST's cvss40.js documentation
  EXPECT_EQ(r->nomenclature, "CVSS-BTE");
  EXPECT_FALSE(r->temporal);
  EXPECT_FALSE(r->environmental);
}

}  // namespace
}  // namespace psirt::cvss

namespace psirt::cvss {
namespace {

TEST(DefinesEnvironmental, OnlyDefinedEnvironmentalMetricsCount) {
  auto check = [](const char* v) {
    auto s = score(v);
    EXPECT_TRUE(s) << v;
    return s && definesEnvironmental(v, *s);
  };
  EXPECT_FALSE(check("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"));
  EXPECT_FALSE(check("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H/E:P"));          // temporal only
  EXPECT_FALSE(check("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H/CR:X/MAV:X"));   // not defined
  EXPECT_TRUE(check("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H/MAV:A"));
  EXPECT_TRUE(check("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H/AR:L"));
  EXPECT_FALSE(check("AV:N/AC:L/Au:N/C:P/I:P/A:P"));
  EXPECT_FALSE(check("AV:N/AC:L/Au:N/C:P/I:P/A:P/CDP:ND/TD:ND/CR:ND/IR:ND/AR:ND"));
  EXPECT_TRUE(check("AV:N/AC:L/Au:N/C:P/I:P/A:P/CDP:H/TD:H/CR:ND/IR:ND/AR:ND"));
  EXPECT_FALSE(check("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"));
  EXPECT_TRUE(check("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:H"));
}

}  // namespace
}  // namespace psirt::cvss
