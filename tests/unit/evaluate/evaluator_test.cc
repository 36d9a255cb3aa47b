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
  EXPECT_EQ(r->verdicts[0].rule, 5);
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
