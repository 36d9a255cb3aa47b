// Bad documents and edge cases of the decision engine (the golden table
// covers the rules themselves).
#include "agent/evaluate/evaluator.h"

#include <gtest/gtest.h>

#include "agent/csaf/reader.h"
#include "agent/evaluate/train.h"
#include "tests/support/test_paths.h"

namespace psirt::evaluate {
namespace {

csaf::Document load(const std::string& name) {
  auto doc = csaf::loadDocument(test::readTextFile(test::sourcePath("tests/unit/evaluate/docs/" + name)));
  if (!doc) throw std::runtime_error(doc.error().describe());
  return *doc;
}

InventoryView oneDeb(const std::string& version) {
  InstalledItem it;
  it.ecosystem = "deb";
  it.version_scheme = "deb";
  it.purl_type = "deb";
  it.purl_namespace = "debian";
  it.name = "libssl3";
  it.source_name = "openssl";
  it.version = it.source_version = version;
  it.distro = "debian-12";
  return {{it}, {}};
}

TEST(Evaluator, DraftDocumentsAreNeverEvaluated) {
  auto doc = load("debian-dsa.json");
  doc.document.tracking.status = "draft";
  auto r = evaluateDocument(doc, oneDeb("3.0.11-1~deb12u1"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::kUnsupported);
  EXPECT_NE(r.error().message.find("draft"), std::string::npos);
}

TEST(Evaluator, UndefinedProductIdIsADocumentErrorAndOthersStillDecide) {
  auto doc = load("debian-dsa.json");
  doc.vulnerabilities[0].product_status.known_affected.push_back("NO-SUCH-PRODUCT");
  auto r = evaluateDocument(doc, oneDeb("3.0.11-1~deb12u1"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->document_errors.size(), 1u);
  EXPECT_NE(r->document_errors[0].find("NO-SUCH-PRODUCT"), std::string::npos);
  ASSERT_EQ(r->verdicts.size(), 1u);
  EXPECT_EQ(r->verdicts[0].status, Status::kAffected);
}

TEST(Evaluator, ContradictingListsForOneVersionGiveUnknown) {
  auto doc = load("debian-dsa.json");
  // The fixed version is now also listed as known_affected.
  doc.vulnerabilities[0].product_status.known_affected.push_back("openssl-bookworm-fix");
  auto r = evaluateDocument(doc, oneDeb("3.0.11-1~deb12u2"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->verdicts.size(), 1u);
  EXPECT_EQ(r->verdicts[0].status, Status::kUnknown);
  EXPECT_NE(r->verdicts[0].instances[0].reason.find("disagree"), std::string::npos);
}

TEST(Evaluator, MalformedRangeGivesUnknownNeverNotAffected) {
  auto doc = load("debian-dsa.json");
  doc.product_tree.branches[0].branches[0].branches[0].name = "vers:deb/<<3.0";
  auto r = evaluateDocument(doc, oneDeb("3.0.11-1~deb12u1"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->verdicts[0].status, Status::kUnknown);
  EXPECT_EQ(r->verdicts[0].rule, kRuleUncertainty);
}

TEST(Evaluator, EveryVerdictNamesItsAnchor) {
  auto doc = load("debian-dsa.json");
  auto r = evaluateDocument(doc, oneDeb("3.0.13-1~deb12u1"));
  ASSERT_TRUE(r);
  const auto& v = r->verdicts[0];
  EXPECT_EQ(v.status, Status::kFixed);
  EXPECT_EQ(v.basis, Basis::kInferred);
  EXPECT_EQ(v.anchor.product_id, "openssl-bookworm-fix");
  EXPECT_EQ(v.anchor.list, "fixed");
  EXPECT_EQ(v.anchor.version, "3.0.11-1~deb12u2");
}

TEST(Train, RpmDistStreamIgnoresTheMinorPart) {
  EXPECT_EQ(rpmDistStream("5.el8_5"), "el8");
  EXPECT_EQ(rpmDistStream("1:1.1.1k-7.el8_6"), "el8");
  EXPECT_EQ(rpmDistStream("27.el9"), "el9");
  EXPECT_EQ(rpmDistStream("1.fc39"), "fc39");
  EXPECT_EQ(rpmDistStream("3"), "");
}

TEST(Train, NevraLeafIsSplitOnlyWhenItStartsWithTheName) {
  std::string arch;
  EXPECT_EQ(stripNevra("openssl", "openssl-1:1.1.1k-7.el8_6.x86_64", &arch), "1:1.1.1k-7.el8_6");
  EXPECT_EQ(arch, "x86_64");
  EXPECT_EQ(stripNevra("openssl", "1:1.1.1k-7.el8_6", nullptr), "1:1.1.1k-7.el8_6");
  EXPECT_EQ(stripNevra("openssl", "openssl-libs-1.0-1.el8.noarch", nullptr), "openssl-libs-1.0-1.el8.noarch");
  EXPECT_EQ(stripNevra("openssl", "openssl-3.0.7-6.el9_2", nullptr), "3.0.7-6.el9_2");
}

}  // namespace
}  // namespace psirt::evaluate

namespace psirt::evaluate {
namespace {

InventoryView oneOxe(const std::string& version) {
  InstalledItem it;
  it.ecosystem = "vendor";
  it.version_scheme = "omnipcx";
  it.purl_type = "generic";
  it.purl_namespace = "ale";
  it.name = "omnipcx-enterprise";
  it.version = version;
  return {{it}, {}};
}

TEST(Scoring, AvssDecidesTheBandWhenPresentElseBase) {
  auto doc = load("omnipcx-asa.json");
  // Add the PSIRT's re-score (environmental metrics) for the patched-later release.
  csaf::Score avss;
  avss.products = {"OXE-12.4-M5.304.19"};
  avss.cvss_v3 = csaf::CvssObject{};
  avss.cvss_v3->version = "3.1";
  avss.cvss_v3->vector_string = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H/MAV:A/AR:L";
  doc.vulnerabilities[0].scores.push_back(avss);

  auto r = evaluateDocument(doc, oneOxe("12.4-M5.304.19"));
  ASSERT_TRUE(r);
  const auto& s = r->verdicts[0].scores;
  ASSERT_TRUE(s.base.has_value());
  EXPECT_EQ(*s.base, 75);
  ASSERT_TRUE(s.avss.has_value());
  // By hand (CVSS 3.1 §7.3): MAV:A -> 0.62, AR:L -> 0.5; MISS = 0.56 * 0.5 = 0.28;
  // impact = 6.42 * 0.28 = 1.7976; exploitability = 8.22 * 0.62 * 0.77 * 0.85 * 0.85
  // = 2.8356; Roundup(4.6332) = 4.7. The base alone (7.5) would be High.
  EXPECT_EQ(*s.avss, 47);
  EXPECT_EQ(s.band, "Medium");
}

TEST(Scoring, NoScoreIsUnscoredNeverZero) {
  auto doc = load("debian-dsa.json");
  auto r = evaluateDocument(doc, oneDeb("3.0.11-1~deb12u1"));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->verdicts[0].scores.base.has_value());
  EXPECT_EQ(r->verdicts[0].scores.band, "unscored");
}

TEST(Remediations, GroupIdsReachTheirProducts) {
  auto doc = load("omnipcx-asa.json");
  auto r = evaluateDocument(doc, oneOxe("12.3-M4.100.1"));
  ASSERT_TRUE(r);
  const auto& rem = r->verdicts[0].remediations;
  // 12.4 patch, 12.3 upgrade (through group OXE-OLD), 12.0 no_fix_planned: all
  // name products of this family; the group-only one must be among them.
  bool upgrade = false;
  for (const auto& x : rem) upgrade = upgrade || x.details.find("upgrade to release R12.4 M5.304.19.a") != std::string::npos;
  EXPECT_TRUE(upgrade);
  EXPECT_EQ(rem.size(), 3u);
}

}  // namespace
}  // namespace psirt::evaluate

namespace psirt::evaluate {
namespace {

TEST(Scoring, SiteMetricsRescoreAndDecideTheBand) {
  auto doc = load("omnipcx-asa.json");
  EvaluateOptions o;
  o.site_metrics = "AR:H";  // the site depends on availability of this server
  auto r = evaluateDocument(doc, oneOxe("12.4-M5.304.19"), o);
  ASSERT_TRUE(r) << r.error().describe();
  const auto& s = r->verdicts[0].scores;
  // By hand (CVSS 3.1 §7.3): AR:H -> 1.5; MISS = min(1 - (1 - 0.56 * 1.5), 0.915) = 0.84;
  // impact = 6.42 * 0.84 = 5.3928; exploitability = 8.22 * 0.85 * 0.77 * 0.85 * 0.85 = 3.887;
  // Roundup(9.2798) = 9.3: Critical, where the base alone (7.5) is High.
  ASSERT_TRUE(s.site.has_value());
  EXPECT_EQ(*s.site, 93);
  EXPECT_EQ(s.site_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H/AR:H");
  EXPECT_EQ(*s.base, 75);
  EXPECT_EQ(s.band, "Critical");
}

TEST(Scoring, SiteMetricsReplaceRatherThanDuplicate) {
  EXPECT_EQ(applySiteMetrics("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H/AR:L/MAV:N", "AR:H/MAC:H"),
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H/AR:H/MAV:N/MAC:H");
}

TEST(Scoring, MalformedSiteMetricsAreAClearUsageError) {
  auto doc = load("omnipcx-asa.json");
  for (const char* bad : {"AR:Q", "AV:L", "XX:H", "AR", "E:H"}) {
    EvaluateOptions o;
    o.site_metrics = bad;
    auto r = evaluateDocument(doc, {}, o);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().category, ErrorCategory::kUsage) << bad;
    EXPECT_EQ(r.error().context, bad);
  }
}

}  // namespace
}  // namespace psirt::evaluate
