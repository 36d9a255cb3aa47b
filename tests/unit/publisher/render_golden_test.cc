// Golden renders: each checked-in advisory rendered as text and as HTML equals
// its file under golden/ byte for byte. The goldens were read by eye against
// the seeds' template (docs/formats/advisory-render.md); to refresh them after
// an intended change run with PSIRT_UPDATE_GOLDEN=1 and read the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "agent/csaf/reader.h"
#include "host/publisher/render/render.h"
#include "platform/fs/fs.h"
#include "tests/support/test_paths.h"

namespace psirt::render {
namespace {

csaf::Document load(const std::string& relative) {
  auto doc = csaf::loadDocument(psirt::test::readTextFile(psirt::test::sourcePath(relative)));
  if (!doc) {
    ADD_FAILURE() << relative << ": " << doc.error().describe();
    return {};
  }
  return std::move(*doc);
}

void expectGolden(const std::string& rendered, const std::string& golden_name) {
  const std::string path = psirt::test::sourcePath("tests/unit/publisher/golden/" + golden_name);
  if (std::getenv("PSIRT_UPDATE_GOLDEN") != nullptr) {
    ASSERT_TRUE(fs::writeFileAtomic(path, rendered, 0644));
    return;
  }
  EXPECT_EQ(rendered, psirt::test::readTextFile(path)) << "golden " << golden_name << " differs";
}

struct Case {
  const char* document;
  const char* golden;  // without extension
};

class RenderGolden : public ::testing::TestWithParam<Case> {};

TEST_P(RenderGolden, TextMatchesGolden) {
  expectGolden(renderText(load(GetParam().document)), std::string(GetParam().golden) + ".txt");
}

TEST_P(RenderGolden, HtmlMatchesGolden) {
  expectGolden(renderHtml(load(GetParam().document)), std::string(GetParam().golden) + ".html");
}

INSTANTIATE_TEST_SUITE_P(
    Advisories, RenderGolden,
    ::testing::Values(Case{"tests/unit/evaluate/docs/omnipcx-asa.json", "omnipcx-asa"},
                      Case{"tests/unit/evaluate/docs/early-workaround.json", "early-workaround"},
                      Case{"tests/unit/evaluate/docs/vex-gateway.json", "vex-gateway"},
                      Case{"tests/unit/publisher/docs/avss-escape.json", "avss-escape"}),
    [](const ::testing::TestParamInfo<Case>& param_info) {
      std::string name = param_info.param.golden;
      for (char& c : name) c = c == '-' ? '_' : c;
      return name;
    });

// The template's content, checked independently of the golden bytes.
TEST(RenderContent, PatchUpgradePhasedOutAdvisoryShowsEveryTemplateSection) {
  const std::string text = renderText(load("tests/unit/evaluate/docs/omnipcx-asa.json"));
  for (const char* expect :
       {"ALE PSIRT Security Advisory\n", "No. SA-N0999 Ed. 02\n", "CVE-2026-2001\n", "\nSummary\n",
        "\nOther references\n", "\nAffected products\n", "\nDescription of the vulnerability\n", "\nImpacts\n",
        "CVSS 3.1 base score: 7.5 High", "\nSoftware versions and fixes\n", "install patch M5.304.19.a",
        "upgrade to release R12.4 M5.304.19.a", "- no fix planned: R12.0 is phased out", "\nWorkarounds\n  None\n",
        "\nHistory\n  Ed.01 (2026-09-01): creation\n  Ed.02 (2026-10-02): patch available\n"}) {
    EXPECT_NE(text.find(expect), std::string::npos) << "missing: " << expect;
  }
}

TEST(RenderContent, AvssReScoreDrivesTheBandOfItsProductsButNotOthers) {
  const AdvisoryView v = buildView(load("tests/unit/publisher/docs/avss-escape.json"));
  ASSERT_EQ(v.vulnerabilities.size(), 2U);
  const auto& scores = v.vulnerabilities[0].scores;
  ASSERT_EQ(scores.size(), 2U);
  EXPECT_FALSE(scores[0].avss);
  EXPECT_EQ(scores[0].score, "9.8");
  EXPECT_TRUE(scores[1].avss);
  EXPECT_EQ(scores[1].score, "6.8");
  EXPECT_EQ(scores[1].band, "Medium");
  EXPECT_EQ(scores[1].base_score, "9.8");
  // OTC 2.6 has only its base score (Critical): the worst product wins.
  EXPECT_EQ(v.vulnerabilities[0].band, "Critical");
  EXPECT_EQ(v.vulnerabilities[1].band, kUnscored);
  EXPECT_EQ(v.edition, "03");
  EXPECT_EQ(v.history[1].summary, "AVSS re-score added");  // "Ed.02: " prefix not doubled
}

TEST(RenderContent, NoScoreIsUnscoredNeverZero) {
  const AdvisoryView v = buildView(load("tests/unit/evaluate/docs/early-workaround.json"));
  EXPECT_EQ(v.band, kUnscored);
  const std::string text = renderText(v);
  EXPECT_NE(text.find("Severity: unscored (status: interim)"), std::string::npos);
  EXPECT_EQ(text.find("Not impacted"), std::string::npos);
  EXPECT_EQ(text.find("score: 0.0"), std::string::npos);
}

}  // namespace
}  // namespace psirt::render
