// Malformed CSAF is refused with a finding naming the test and JSON pointer;
// every bound holds. Documents are made by breaking one part of a valid one.
#include <gtest/gtest.h>

#include "agent/csaf/reader.h"
#include "tests/unit/csaf/csaf_test_util.h"

namespace psirt::csaf {
namespace {

using test::node;
using test::tree;

json::Value base() { return tree(test::minimalDocument()); }

Validation check(const json::Value& doc) { return validateDocument(doc.dump()); }

TEST(CsafBadInput, MinimalDocumentIsValid) {
  auto r = loadDocument(test::minimalDocument());
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->document.tracking.id, "EX-2024-0001");
}

TEST(CsafBadInput, UndefinedProductIdIsRefusedUnder611WithItsPointer) {
  json::Value d = base();
  node(d, "/vulnerabilities/0/product_status/known_affected").push("APP-9.9");
  const Validation v = check(d);
  EXPECT_TRUE(test::hasFinding(v, "6.1.1", "/vulnerabilities/0/product_status/known_affected/1")) << test::listFindings(v);
  auto r = loadDocument(d.dump());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::kParse);
  EXPECT_NE(r.error().describe().find("[6.1.1]"), std::string::npos) << r.error().describe();
  EXPECT_NE(r.error().describe().find("/vulnerabilities/0/product_status/known_affected/1"), std::string::npos);
}

TEST(CsafBadInput, DuplicateProductIdIsRefusedUnder612AtBothDefinitions) {
  json::Value d = base();
  node(d, "/product_tree/full_product_names").assign(tree(R"([{"name": "Other", "product_id": "APP-1.0"}])"));
  const Validation v = check(d);
  EXPECT_TRUE(test::hasFinding(v, "6.1.2", "/product_tree/full_product_names/0/product_id")) << test::listFindings(v);
  EXPECT_TRUE(test::hasFinding(v, "6.1.2", "/product_tree/branches/0/branches/0/branches/0/product/product_id"));
}

TEST(CsafBadInput, CircularRelationshipIsRefusedUnder613) {
  json::Value d = base();
  node(d, "/product_tree/relationships").assign(tree(R"([
      {"category": "installed_on", "product_reference": "REL-B", "relates_to_product_reference": "APP-1.0",
       "full_product_name": {"name": "A", "product_id": "REL-A"}},
      {"category": "installed_on", "product_reference": "REL-A", "relates_to_product_reference": "APP-1.1",
       "full_product_name": {"name": "B", "product_id": "REL-B"}}])"));
  const Validation v = check(d);
  EXPECT_TRUE(test::hasFinding(v, "6.1.3", "/product_tree/relationships/0/product_reference")) << test::listFindings(v);
}

TEST(CsafBadInput, UndefinedAndDuplicateGroupIdsAreRefused) {
  json::Value d = base();
  node(d, "/vulnerabilities/0/remediations/0/group_ids").push("GRP-NONE");
  node(d, "/product_tree/product_groups").push(tree(R"({"group_id": "GRP-ALL", "product_ids": ["APP-1.0", "APP-1.1"]})"));
  const Validation v = check(d);
  EXPECT_TRUE(test::hasFinding(v, "6.1.4", "/vulnerabilities/0/remediations/0/group_ids/1")) << test::listFindings(v);
  EXPECT_TRUE(test::hasFinding(v, "6.1.5", "/product_tree/product_groups/1/group_id"));
}

TEST(CsafBadInput, ContradictingStatusIsRefusedUnder616) {
  json::Value d = base();
  node(d, "/vulnerabilities/0/product_status/known_not_affected").assign(json::Value::array({"APP-1.0"}));
  EXPECT_TRUE(test::hasFinding(check(d), "6.1.6", "/vulnerabilities/0/product_status"));
}

TEST(CsafBadInput, TwoScoresOfOneVersionForOneProductAreRefusedUnder617) {
  json::Value d = base();
  node(d, "/vulnerabilities/0/scores").push(json::Value::copyOf(node(d, "/vulnerabilities/0/scores/0").view()));
  EXPECT_TRUE(test::hasFinding(check(d), "6.1.7", "/vulnerabilities/0/scores/1/products/0"));
}

TEST(CsafBadInput, CvssObjectOutsideFirstSchemaIsRefusedUnder618AndSchema) {
  json::Value d = base();
  node(d, "/vulnerabilities/0/scores/0/cvss_v3/baseScore").assign(11.0);
  const Validation v = check(d);
  EXPECT_TRUE(test::hasFinding(v, "6.1.8", "/vulnerabilities/0/scores/0/cvss_v3")) << test::listFindings(v);
  EXPECT_TRUE(test::hasFinding(v, "schema"));
}

TEST(CsafBadInput, ScoreOrSeverityNotComputedFromTheVectorIsRefusedUnder619) {
  json::Value d = base();
  node(d, "/vulnerabilities/0/scores/0/cvss_v3/baseScore").assign(9.0);
  Validation v = check(d);
  EXPECT_TRUE(test::hasFinding(v, "6.1.9", "/vulnerabilities/0/scores/0/cvss_v3/baseScore")) << test::listFindings(v);
  d = base();
  node(d, "/vulnerabilities/0/scores/0/cvss_v3/baseSeverity").assign("HIGH");
  v = check(d);
  EXPECT_TRUE(test::hasFinding(v, "6.1.9", "/vulnerabilities/0/scores/0/cvss_v3/baseSeverity")) << test::listFindings(v);
  d = base();
  node(d, "/vulnerabilities/0/scores/0/cvss_v2").assign(tree(R"({
      "version": "2.0", "vectorString": "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:U/RL:OF/RC:C",
      "baseScore": 7.5, "temporalScore": 5.5})"));  // 7.5 x 0.85 x 0.87 x 1.0
  v = check(d);
  EXPECT_FALSE(test::hasFinding(v, "6.1.9")) << test::listFindings(v);
  node(d, "/vulnerabilities/0/scores/0/cvss_v2/temporalScore").assign(7.5);
  EXPECT_TRUE(test::hasFinding(check(d), "6.1.9", "/vulnerabilities/0/scores/0/cvss_v2/temporalScore"));
}

TEST(CsafBadInput, CvssPropertyContradictingVectorIsRefusedUnder6110) {
  json::Value d = base();
  node(d, "/vulnerabilities/0/scores/0/cvss_v3/attackVector").assign("LOCAL");
  EXPECT_TRUE(test::hasFinding(check(d), "6.1.10", "/vulnerabilities/0/scores/0/cvss_v3/attackVector"));
}

TEST(CsafBadInput, RevisionHistoryOutOfOrderIsRefusedUnder6114) {
  json::Value d = base();
  node(d, "/document/tracking/revision_history/1/date").assign("2023-12-31T10:00:00.000Z");
  node(d, "/document/tracking/revision_history/1/number").assign("2");
  const Validation v = check(d);
  EXPECT_TRUE(test::hasFinding(v, "6.1.14", "/document/tracking/revision_history")) << test::listFindings(v);
}

TEST(CsafBadInput, TrackingVersionOtherThanLatestRevisionIsRefusedUnder6116) {
  json::Value d = base();
  node(d, "/document/tracking/version").assign("1");
  EXPECT_TRUE(test::hasFinding(check(d), "6.1.16", "/document/tracking/version"));
  // 11:00+02:00 is 09:00Z, before revision 1 (10:00Z) although its text sorts
  // after it: dates compare as instants, so revision 1 is the latest.
  node(d, "/document/tracking/revision_history/1/date").assign("2024-01-01T11:00:00+02:00");
  const Validation v = check(d);
  EXPECT_FALSE(test::hasFinding(v, "6.1.16")) << test::listFindings(v);
  EXPECT_TRUE(test::hasFinding(v, "6.1.14"));
}

TEST(CsafBadInput, MissingRequiredFieldIsASchemaFindingAtTheParent) {
  json::Value d = base();
  EXPECT_TRUE(node(d, "/document").erase("title"));
  const Validation v = check(d);
  EXPECT_TRUE(test::hasFinding(v, "schema", "/document")) << test::listFindings(v);
  EXPECT_NE(test::listFindings(v).find("title"), std::string::npos);
}

TEST(CsafBadInput, UnknownEnumValueIsASchemaFinding) {
  json::Value d = base();
  node(d, "/document/tracking/status").assign("published");
  EXPECT_TRUE(test::hasFinding(check(d), "schema", "/document/tracking/status"));
}

TEST(CsafBadInput, WrongTypesAreSchemaFindingsNamingTheMember) {
  json::Value d = base();
  node(d, "/vulnerabilities/0/cve").assign(2024);
  node(d, "/product_tree/product_groups/0/product_ids").assign("APP-1.0");
  const Validation v = check(d);
  EXPECT_TRUE(test::hasFinding(v, "schema", "/vulnerabilities/0/cve")) << test::listFindings(v);
  EXPECT_TRUE(test::hasFinding(v, "schema", "/product_tree/product_groups/0/product_ids"));
  EXPECT_FALSE(loadDocument(d.dump()));
}

TEST(CsafBadInput, AdditionalPropertyIsRefusedByTheStrictSchema) {
  json::Value d = base();
  node(d, "/document/x_extra").assign(true);
  EXPECT_TRUE(test::hasFinding(check(d), "schema", "/document/x_extra"));
}

TEST(CsafBadInput, BadDateTimeAndUriFormatsAreSchemaFindings) {
  json::Value d = base();
  node(d, "/document/tracking/current_release_date").assign("2024-02-30T10:00:00Z");
  node(d, "/document/publisher/namespace").assign("not a uri");
  const Validation v = check(d);
  EXPECT_TRUE(test::hasFinding(v, "schema", "/document/tracking/current_release_date")) << test::listFindings(v);
  EXPECT_TRUE(test::hasFinding(v, "schema", "/document/publisher/namespace"));
}

TEST(CsafBadInput, HundredLevelNestingIsRefusedAsLimit) {
  std::string deep(100, '[');
  deep += std::string(100, ']');
  Validation v = validateDocument(deep);
  EXPECT_FALSE(v.document.has_value());
  EXPECT_TRUE(test::hasFinding(v, "limit")) << test::listFindings(v);

  // The same depth inside a real document, as nested branches.
  json::Value d = base();
  json::Value branch = tree(R"({"category": "product_version", "name": "leaf",
                                "product": {"name": "leaf", "product_id": "LEAF"}})");
  for (int i = 0; i < 100; ++i) {
    branch = json::Value::object({{"category", "vendor"}, {"name", "v"}, {"branches", json::Value::array({branch})}});
  }
  node(d, "/product_tree/branches").push(branch);
  v = check(d);
  EXPECT_FALSE(v.document.has_value());
  ASSERT_TRUE(test::hasFinding(v, "limit")) << test::listFindings(v);
  EXPECT_EQ(v.findings[0].pointer.rfind("/product_tree/branches/1/branches/0/branches/0", 0), 0U) << v.findings[0].pointer;
}

TEST(CsafBadInput, FiftyMegabyteStringIsRefusedByTheDocumentCapAndTheStringBound) {
  json::Value d = base();
  node(d, "/document/title").assign(std::string(50U << 20, 'a'));
  const std::string bytes = d.dump();
  Validation v = validateDocument(bytes);
  EXPECT_TRUE(test::hasFinding(v, "limit")) << test::listFindings(v);
  EXPECT_NE(v.findings[0].message.find("per-document cap"), std::string::npos);

  Limits big;
  big.max_document_bytes = 64U << 20;  // a raised cap still bounds each string
  v = validateDocument(bytes, big);
  EXPECT_FALSE(v.document.has_value());
  ASSERT_TRUE(test::hasFinding(v, "limit", "/document/title")) << test::listFindings(v);
}

TEST(CsafBadInput, DuplicateJsonKeysAreRefusedNamingTheKey) {
  std::string doc = test::minimalDocument();
  const std::string needle = "\"id\": \"EX-2024-0001\",";
  doc.replace(doc.find(needle), needle.size(), needle + " \"id\": \"EX-2024-0002\",");
  const Validation v = validateDocument(doc);
  EXPECT_FALSE(v.document.has_value());
  ASSERT_TRUE(test::hasFinding(v, "json", "/document/tracking/id")) << test::listFindings(v);
  auto r = loadDocument(doc);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().describe().find("duplicate object key"), std::string::npos);
}

TEST(CsafBadInput, MalformedJsonIsRefused) {
  for (const std::string& bad : {std::string("{\"document\": "), std::string("{} {}"), std::string("{\"a\": \"\xff\"}"),
                                std::string("{\"a\": 1 /* comment */}"), std::string("")}) {
    const Validation v = validateDocument(bad);
    EXPECT_FALSE(v.document.has_value()) << bad;
    EXPECT_TRUE(test::hasFinding(v, "json")) << bad << "\n" << test::listFindings(v);
  }
}

TEST(CsafBadInput, NonObjectDocumentIsASchemaFindingNotACrash) {
  for (const char* doc : {"[]", "null", "42", "\"csaf\"", "{}"}) {
    const Validation v = validateDocument(doc);
    EXPECT_FALSE(v.ok()) << doc;
    EXPECT_TRUE(test::hasFinding(v, "schema", "")) << doc;
  }
}

TEST(CsafBadInput, FindingsAreCappedForHostileDocuments) {
  json::Value d = base();
  json::Ref list = node(d, "/vulnerabilities/0/product_status/known_affected");
  for (int i = 0; i < 5000; ++i) list.push("MISSING-" + std::to_string(i));
  const Validation v = check(d);
  EXPECT_TRUE(test::hasFinding(v, "6.1.1"));
  EXPECT_LE(v.findings.size(), 1000U);
}

TEST(CsafBadInput, ValueCountBoundIsEnforced) {
  Limits small;
  small.max_values = 50;
  const Validation v = validateDocument(test::minimalDocument(), small);
  EXPECT_FALSE(v.document.has_value());
  EXPECT_TRUE(test::hasFinding(v, "limit"));
}

}  // namespace
}  // namespace psirt::csaf
