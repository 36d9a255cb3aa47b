// Strict parsing: each case breaks one rule of docs/formats/cvss.md and must
// be rejected with that rule's VectorError and a message naming the fault.
#include <gtest/gtest.h>

#include <set>

#include "agent/cvss/cvss.h"

namespace psirt::cvss {
namespace {

struct Malformed {
  const char* rule;     // test name: the rule this case proves
  std::string vector;
  VectorError kind;
  const char* message;  // must appear in the error message
};

const std::string kV31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
const std::string kV40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
const std::string kV2 = "AV:N/AC:L/Au:N/C:P/I:P/A:P";

const Malformed kCases[] = {
    {"EmptyVector", "", VectorError::kEmpty, "empty vector"},
    {"OverLongVector", kV31 + "/E:X" + std::string(600, 'X'), VectorError::kTooLong, "over the limit of 512"},
    {"TrailingNewline", kV31 + "\n", VectorError::kWhitespace, "whitespace at offset 44"},
    {"LeadingSpace", " " + kV31, VectorError::kWhitespace, "whitespace at offset 0"},
    {"SpaceInsideVector", "CVSS:3.1/AV:N /AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VectorError::kWhitespace, "offset 13"},
    {"CarriageReturnFromCrlfFile", kV40 + "\r", VectorError::kWhitespace, "whitespace"},
    {"NulByte", std::string("CVSS:3.1/AV:N\0", 14) + "/AC:L", VectorError::kBadCharacter, "byte 0x00 at offset 13"},
    {"NonAsciiByte", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:\xc3\xa9", VectorError::kBadCharacter, "byte 0xc3"},
    {"LowerCasePrefix", "cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VectorError::kPrefixCase, "'CVSS:'"},
    {"PrefixWithoutColon", "CVSS3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VectorError::kBadPrefix, "must start with"},
    {"RedHatScoreNotation", "9.8/" + kV31, VectorError::kBadPrefix, "must start with"},
    {"UnknownVersion", "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VectorError::kUnsupportedVersion, "'3.2'"},
    {"FutureVersion", "CVSS:5.0/AV:N", VectorError::kUnsupportedVersion, "'5.0'"},
    {"V2WithPrefix", "CVSS:2.0/" + kV2, VectorError::kUnsupportedVersion, "v2 vectors have no prefix"},
    {"V3WithoutPrefix", "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VectorError::kMissingPrefix, "without a 'CVSS:3.0/'"},
    {"V4WithoutPrefix", "AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", VectorError::kMissingPrefix, "prefix"},
    {"PrefixOnly", "CVSS:3.1", VectorError::kNoMetrics, "no metrics after 'CVSS:3.1'"},
    {"PrefixAndSlashOnly", "CVSS:4.0/", VectorError::kTrailingSlash, "trailing '/'"},
    {"TrailingSlashV31", kV31 + "/", VectorError::kTrailingSlash, "trailing '/' at offset 44"},
    {"TrailingSlashV2", kV2 + "/", VectorError::kTrailingSlash, "trailing '/'"},
    {"DoubleSlash", "CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VectorError::kEmptyField, "empty field in field 2"},
    {"LeadingSlashV2", "/" + kV2, VectorError::kEmptyField, "empty field"},
    {"FieldWithoutColon", "CVSS:3.1/AVN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VectorError::kNoColon, "'AVN' is not NAME:VALUE"},
    {"FieldWithTwoColons", "CVSS:3.1/AV:N:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VectorError::kExtraColon, "more than one ':'"},
    {"EmptyMetricName", "CVSS:3.1/:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VectorError::kEmptyName, "no metric name"},
    {"EmptyValue", "CVSS:3.1/AV:/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VectorError::kEmptyValue, "'AV' has no value"},
    {"UnknownMetric", kV31 + "/XX:N", VectorError::kUnknownMetric, "unknown metric 'XX' for CVSS v3.1"},
    {"V4MetricInV31", kV31 + "/AT:N", VectorError::kUnknownMetric, "unknown metric 'AT' for CVSS v3.1"},
    {"V3MetricInV40", kV40 + "/RL:O", VectorError::kUnknownMetric, "unknown metric 'RL' for CVSS v4.0"},
    {"V3MetricInV2", kV2 + "/MAV:N", VectorError::kUnknownMetric, "unknown metric 'MAV' for CVSS v2.0"},
    {"LowerCaseMetric", "CVSS:3.1/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VectorError::kMetricCase, "must be written 'AV'"},
    {"V2AuthenticationWrongCase", "AV:N/AC:L/AU:N/C:P/I:P/A:P", VectorError::kMetricCase, "must be written 'Au'"},
    {"UnknownValue", "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VectorError::kUnknownValue, "allowed: N, A, L, P"},
    {"BaseMetricNotDefinedV3", "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VectorError::kUnknownValue, "'X' for AV"},
    {"BaseMetricNotDefinedV2", "AV:N/AC:L/Au:N/C:ND/I:P/A:P", VectorError::kUnknownValue, "'ND' for C"},
    {"V2ValueInV3", kV31 + "/E:POC", VectorError::kUnknownValue, "'POC' for E"},
    {"SafetyOnlyModifiedV4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N", VectorError::kUnknownValue,
     "'S' for SI"},
    {"SafetyNotForConfidentialityV4", kV40 + "/MSC:S", VectorError::kUnknownValue, "'S' for MSC"},
    {"LowerCaseValue", "CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VectorError::kValueCase, "must be written 'N'"},
    {"MixedCaseValueV4", kV40 + "/U:clear", VectorError::kValueCase, "must be written 'Clear'"},
    {"DuplicateMetricSameValue", kV31 + "/AV:N", VectorError::kDuplicateMetric, "duplicate metric 'AV' in field 9"},
    {"DuplicateMetricOtherValue", kV2 + "/AV:L", VectorError::kDuplicateMetric, "duplicate metric 'AV'"},
    {"DuplicateOptionalMetric", kV31 + "/E:H/E:X", VectorError::kDuplicateMetric, "duplicate metric 'E'"},
    {"MissingScope", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H", VectorError::kMissingMandatory, "metric(s) S for CVSS v3.1"},
    {"MissingSeveralV2", "AV:N/AC:L/C:P", VectorError::kMissingMandatory, "Au, I, A"},
    {"MissingSubsequentImpactV4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H", VectorError::kMissingMandatory,
     "SC, SI, SA"},
    {"OnlyTemporalMetricsV30", "CVSS:3.0/E:H/RL:O", VectorError::kMissingMandatory, "AV, AC, PR, UI, S, C, I, A"},
    {"OutOfOrderV4", "CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", VectorError::kOrder,
     "'AV' must come before 'AC'"},
    {"ThreatBeforeBaseV4", "CVSS:4.0/E:A/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", VectorError::kOrder,
     "must come before 'E'"},
};

class MalformedVector : public ::testing::TestWithParam<Malformed> {};

TEST_P(MalformedVector, IsRejectedWithItsRule) {
  const Malformed& m = GetParam();
  auto r = score(m.vector);
  ASSERT_FALSE(r) << m.rule << " was accepted";
  EXPECT_EQ(r.error().category, ErrorCategory::kParse);
  EXPECT_EQ(r.error().code, static_cast<int>(m.kind)) << m.rule << ": " << r.error().describe();
  EXPECT_NE(r.error().describe().find(m.message), std::string::npos)
      << m.rule << ": '" << r.error().describe() << "' lacks '" << m.message << "'";
  EXPECT_EQ(r.error().describe().find('\n'), std::string::npos) << "one line";
}

INSTANTIATE_TEST_SUITE_P(Cvss, MalformedVector, ::testing::ValuesIn(kCases),
                         [](const auto& param_info) { return std::string(param_info.param.rule); });

TEST(MalformedVector, EveryErrorKindIsCovered) {
  std::set<int> kinds;
  for (const auto& m : kCases) kinds.insert(static_cast<int>(m.kind));
  for (int k = static_cast<int>(VectorError::kEmpty); k <= static_cast<int>(VectorError::kOrder); ++k) {
    EXPECT_EQ(kinds.count(k), 1u) << "no malformed case for VectorError " << k;
  }
}

// The counterparts that must stay valid, so the rules are not over-strict.
TEST(StrictButNotTooStrict, AcceptsWhatTheSpecificationsAllow) {
  EXPECT_TRUE(score(kV31));
  EXPECT_TRUE(score(kV40));
  EXPECT_TRUE(score(kV2));
  EXPECT_TRUE(score("CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X"));  // v3 allows any order
  EXPECT_TRUE(score("A:P/I:P/C:P/Au:N/AC:L/AV:N"));                           // so does v2
  EXPECT_TRUE(score(kV31 + "/E:X/RL:X/RC:X/CR:X/MAV:X/MS:X"));              // X = Not Defined
  EXPECT_TRUE(score(kV40 + "/E:X/CR:X/MSI:S/MSA:S/U:Clear"));                // Safety, supplemental
  EXPECT_TRUE(score(kV2 + "/E:ND/RL:ND/RC:ND/CDP:ND/TD:ND/CR:ND"));
}

}  // namespace
}  // namespace psirt::cvss
