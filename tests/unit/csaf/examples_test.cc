// Every official CSAF 2.0 example loads into the model and passes every check
// we implement; spot checks prove the model holds what the examples say.
#include <gtest/gtest.h>

#include "agent/csaf/product_index.h"
#include "agent/csaf/reader.h"
#include "tests/support/test_paths.h"
#include "tests/unit/csaf/csaf_test_util.h"

namespace psirt::csaf {
namespace {

std::string examplesDir() { return psirt::test::conformanceDir() + "/csaf/examples/csaf"; }

Document load(const std::string& name) {
  auto r = loadDocument(psirt::test::readTextFile(examplesDir() + "/" + name));
  if (!r) {
    ADD_FAILURE() << name << ": " << r.error().describe();
    return {};
  }
  return std::move(*r);
}

TEST(CsafExamples, AllNineteenOfficialExamplesLoadAndPassEveryCheck) {
  const auto files = test::jsonFilesUnder(examplesDir());
  ASSERT_EQ(files.size(), 19U);
  for (const auto& f : files) {
    auto r = loadDocument(psirt::test::readTextFile(f));
    EXPECT_TRUE(r) << f << ": " << (r ? "" : r.error().describe());
  }
}

TEST(CsafExamples, RedHatAdvisoryModelHasTrackingTreeAndRelationshipSides) {
  const Document d = load("rhsa-2022_0011.json");
  EXPECT_EQ(d.document.category, "csaf_security_advisory");
  EXPECT_EQ(d.document.tracking.status, "final");
  EXPECT_EQ(d.document.tlp_label, "WHITE");
  EXPECT_FALSE(d.document.tracking.revision_history.empty());
  EXPECT_EQ(d.product_tree.relationships.size(), 15U);
  ProductIndex index(d);
  const ProductEntry* rel = index.find("7Server-7.6.AUS:telnet-1:0.17-65.el7_6.src");
  ASSERT_NE(rel, nullptr);
  EXPECT_EQ(rel->source, ProductEntry::Source::kRelationship);
  EXPECT_EQ(rel->relationship->category, "default_component_of");
  const ProductEntry* component = index.component(*rel);
  const ProductEntry* platform = index.platform(*rel);
  ASSERT_NE(component, nullptr);
  ASSERT_NE(platform, nullptr);
  EXPECT_EQ(component->branch_path.back().category, "product_version");
  EXPECT_EQ(component->branch_path.back().name, "telnet-1:0.17-65.el7_6.src");
  ASSERT_NE(platform->helper, nullptr);
  EXPECT_EQ(platform->helper->cpe, "cpe:/o:redhat:rhel_aus:7.6::server");
  ASSERT_EQ(d.vulnerabilities.size(), 1U);
  EXPECT_FALSE(d.vulnerabilities[0].cve.empty());
}

TEST(CsafExamples, CiscoAdvisoryKeepsScoresAndRemediations) {
  const Document d = load("cisco-sa-20180328-smi2.json");
  ASSERT_EQ(d.vulnerabilities.size(), 1U);
  const Vulnerability& v = d.vulnerabilities[0];
  ASSERT_FALSE(v.scores.empty());
  ASSERT_TRUE(v.scores[0].cvss_v3.has_value());
  EXPECT_EQ(v.scores[0].cvss_v3->vector_string.rfind("CVSS:3.", 0), 0U);
  EXPECT_TRUE(v.scores[0].cvss_v3->base_score.has_value());
  EXPECT_FALSE(v.remediations.empty());
  ProductIndex index(d);
  EXPECT_EQ(index.products().size(), 259U);  // every branch product indexed
}
}  // namespace
}  // namespace psirt::csaf
