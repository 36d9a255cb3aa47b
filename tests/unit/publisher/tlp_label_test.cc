// withTlpLabel (host/publisher/tlp_label.h): `add --tlp WHITE` adds exactly
// one member and leaves every other byte of the PSIRT's document as it was.
#include "host/publisher/tlp_label.h"

#include <gtest/gtest.h>

#include <string>

namespace psirt::publish {
namespace {

std::string labelled(const std::string& doc) {
  auto r = withTlpLabel(doc, "WHITE");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
  return r.ok() ? *r : std::string();
}

TEST(TlpLabel, CreatesDistributionOnItsOwnLineIndentedLikeTheNextMember) {
  const std::string doc = "{\n  \"document\": {\n    \"category\": \"csaf_base\",\n    \"title\": \"t\"\n  },\n"
                          "  \"vulnerabilities\": []\n}\n";
  EXPECT_EQ(labelled(doc),
            "{\n  \"document\": {\n    \"distribution\": {\"tlp\": {\"label\": \"WHITE\"}},\n"
            "    \"category\": \"csaf_base\",\n    \"title\": \"t\"\n  },\n  \"vulnerabilities\": []\n}\n");
}

TEST(TlpLabel, CompactDocumentsStayCompact) {
  EXPECT_EQ(labelled(R"({"document":{"category":"csaf_base"}})"),
            R"({"document":{"distribution": {"tlp": {"label": "WHITE"}},"category":"csaf_base"}})");
}

TEST(TlpLabel, AnExistingDistributionGetsTheTlpBesideItsText) {
  EXPECT_EQ(labelled(R"({"document":{"category":"x","distribution":{"text":"Distribute freely."}}})"),
            R"({"document":{"category":"x","distribution":{"tlp": {"label": "WHITE"},"text":"Distribute freely."}}})");
  EXPECT_EQ(labelled(R"({"document":{"distribution":{ }}})"),
            R"({"document":{"distribution":{"tlp": {"label": "WHITE"} }}})");
}

TEST(TlpLabel, FindsDocumentPastMembersHoldingBracesQuotesAndLookalikeKeys) {
  // Strings with braces, escaped quotes and the word "document" before the
  // real member; nested values with the same key names below it.
  const std::string before = R"({"a":"{\"document\":{}}","b":[{"document":1},"]}"],"c":-1.5e3,"d":true,)";
  const std::string after = R"("x":{"distribution":{"tlp":{"label":"RED"}}}})";
  EXPECT_EQ(labelled(before + R"("document":{"x":{"distribution":{}},"y":null},)" + after),
            before + R"("document":{"distribution": {"tlp": {"label": "WHITE"}},"x":{"distribution":{}},"y":null},)" +
                after);
}

TEST(TlpLabel, ADocumentThatCarriesATlpKeepsIt) {
  auto r = withTlpLabel(R"({"document":{"distribution":{"tlp":{"label":"AMBER"}}}})", "WHITE");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().context, "/document/distribution/tlp");
}

TEST(TlpLabel, RefusesWhatIsNotACsafShape) {
  for (const char* bad : {"[]", "{}", R"({"document":[]})", R"({"document":{"distribution":"x"}})", "{\"document\":{"}) {
    EXPECT_FALSE(withTlpLabel(bad, "WHITE").ok()) << bad;
  }
}

}  // namespace
}  // namespace psirt::publish
