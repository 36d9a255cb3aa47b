// The OASIS validator test documents (test/validator/data/testcases.json):
// for every test id we implement, each listed failure document is reported
// under that id and each listed valid document is not. Runs on every target
// (no node needed); the host differential test compares with the reference.
#include <gtest/gtest.h>

#include <algorithm>

#include "agent/csaf/reader.h"
#include "agent/json/json.h"
#include "tests/support/test_paths.h"
#include "tests/unit/csaf/csaf_test_util.h"

namespace psirt::csaf {
namespace {

TEST(CsafConformance, ValidatorTestDocumentsGiveTheListedResultForEveryImplementedTest) {
  const std::string dir = psirt::test::conformanceDir() + "/csaf/test/validator/data";
  const auto cases = json::Document::parse(psirt::test::readTextFile(dir + "/testcases.json"));
  ASSERT_TRUE(cases) << cases.error().describe();
  const auto tests = cases->root().getArray("tests");
  ASSERT_TRUE(tests) << tests.error().describe();
  const auto& implemented = implementedTests();
  int failures_checked = 0;
  int valid_checked = 0;
  for (const json::View& c : tests->elements()) {
    const auto id_member = c.getString("id");
    ASSERT_TRUE(id_member) << id_member.error().describe();
    const std::string id(*id_member);
    if (std::find(implemented.begin(), implemented.end(), id) == implemented.end()) continue;
    for (const char* kind : {"failures", "valid"}) {
      const auto docs = c.findTyped(kind, json::Type::kArray);
      ASSERT_TRUE(docs) << docs.error().describe();
      if (!*docs) continue;
      for (const json::View& doc : (*docs)->elements()) {
        const auto entry = doc.getString("name");
        ASSERT_TRUE(entry) << entry.error().describe();
        const std::string name(*entry);
        const Validation v = validateDocument(psirt::test::readTextFile(dir + "/" + name));
        ASSERT_TRUE(v.document.has_value()) << name << "\n" << test::listFindings(v);
        const bool expect_fail = std::string(kind) == "failures";
        EXPECT_EQ(test::hasFinding(v, id), expect_fail) << name << " test " << id << "\n" << test::listFindings(v);
        (expect_fail ? failures_checked : valid_checked) += 1;
      }
    }
  }
  // testcases.json lists, for our ids, 36 failure and 37 valid documents.
  EXPECT_EQ(failures_checked, 36);
  EXPECT_EQ(valid_checked, 37);
}

TEST(CsafConformance, AllValidatorDocumentsParseWithinDefaultBounds) {
  const auto files = test::jsonFilesUnder(psirt::test::conformanceDir() + "/csaf/test/validator/data");
  int count = 0;
  for (const auto& f : files) {
    if (f.find("oasis_csaf_tc") == std::string::npos || f.find("TEMPLATE") != std::string::npos) continue;
    ++count;
    const Validation v = validateDocument(psirt::test::readTextFile(f));
    EXPECT_TRUE(v.document.has_value()) << f << "\n" << test::listFindings(v);
    EXPECT_FALSE(test::hasFinding(v, "json")) << f;
    EXPECT_FALSE(test::hasFinding(v, "limit")) << f;
  }
  EXPECT_EQ(count, 239);
}

}  // namespace
}  // namespace psirt::csaf
