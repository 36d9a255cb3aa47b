// The streaming reader's refusals (stream_reader.h): every bound, every JSON
// rule and every CSAF check the decision relies on, each with its pointer;
// and what it must accept (key order, undefined references).
#include <gtest/gtest.h>

#include "agent/csaf/advisory_convert.h"
#include "agent/csaf/reader.h"
#include "agent/csaf/stream_reader.h"
#include "tests/unit/csaf/advisory_equal.h"
#include "tests/unit/csaf/csaf_test_util.h"

namespace psirt::csaf {
namespace {

// The minimal document with the first `from` replaced by `to` (must occur).
std::string edited(const std::string& from, const std::string& to) {
  std::string doc = test::minimalDocument();
  const auto at = doc.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) doc.replace(at, from.size(), to);
  return doc;
}

// A note inserted into document (a skipped member), e.g. to carry bad JSON.
std::string withNote(const std::string& note_json) {
  return edited(R"("title": "Minimal advisory",)", R"("title": "Minimal advisory", "notes": [)" + note_json + "],");
}

void expectRefused(const Result<Advisory>& r, ErrorCategory c, const std::string& message_part,
                   const std::string& context_part) {
  ASSERT_FALSE(r) << "accepted";
  EXPECT_EQ(r.error().category, c) << r.error().describe();
  EXPECT_NE(r.error().message.find(message_part), std::string::npos) << r.error().describe();
  EXPECT_NE(r.error().context.find(context_part), std::string::npos) << r.error().describe();
}

TEST(CsafStreamReader, MinimalDocumentEqualsTheDomModel) {
  auto r = readAdvisory(test::minimalDocument());
  ASSERT_TRUE(r) << r.error().describe();
  auto doc = loadDocument(test::minimalDocument());
  ASSERT_TRUE(doc) << doc.error().describe();
  EXPECT_EQ(test::advisoryDifference(*r, toAdvisory(*doc)), "");
  ASSERT_EQ(r->products.size(), 2u);
  EXPECT_EQ(r->text(r->products[0].vendor), "Example");
  EXPECT_EQ(r->text(r->products[0].product_name), "Appliance");
  EXPECT_EQ(r->text(r->products[1].version), "1.1");
  EXPECT_EQ(r->revision_count, 2u);
  EXPECT_EQ(r->vulnerabilities.at(0).scores.at(0).cvss_v3->vector_string,
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
}

TEST(CsafStreamReader, KeyOrderDoesNotChangeDefinitionsOrPathFacts) {
  // Relationships and full_product_names before branches; a branch's
  // category after its children; the deepest product_version wins.
  const std::string doc = edited(R"("branches": [{"category": "vendor", "name": "Example", "branches": [)",
                                 R"("relationships": [{"product_reference": "APP-1.0", "category": "installed_on",
      "relates_to_product_reference": "APP-1.1", "full_product_name": {"product_id": "REL", "name": "rel"}}],
    "full_product_names": [{"name": "Plain", "product_id": "PLAIN"}],
    "branches": [{"branches": [)");
  const std::string reordered = [&] {
    std::string d = doc;
    const std::string tail = R"(]}]}],)";
    const auto at = d.find(tail);
    EXPECT_NE(at, std::string::npos);
    d.replace(at, tail.size(), R"(]}], "name": "Example", "category": "vendor"}],)");
    return d;
  }();
  auto r = readAdvisory(reordered);
  ASSERT_TRUE(r) << r.error().describe();
  auto dom = loadDocument(reordered);
  ASSERT_TRUE(dom) << dom.error().describe();
  EXPECT_EQ(test::advisoryDifference(*r, toAdvisory(*dom)), "");
  ASSERT_EQ(r->products.size(), 3u);
  EXPECT_EQ(r->ids.at(r->products[0].id), "APP-1.0");
  EXPECT_EQ(r->text(r->products[0].vendor), "Example");
  EXPECT_EQ(r->ids.at(r->products[2].id), "PLAIN");
  ASSERT_EQ(r->relationships.size(), 1u);
  EXPECT_EQ(r->relationships[0].category, RelationshipCategory::kInstalledOn);
  EXPECT_EQ(r->relationships[0].name, kNoText);  // no helper: the name is not kept
}

TEST(CsafStreamReader, TheDeepestBranchOfACategoryWins) {
  // vendor > vendor > product_version_range > product_version: the inner
  // vendor and the exact version describe the product, as in toAdvisory.
  const std::string doc = edited(
      R"({"category": "product_version", "name": "1.0", "product": {"name": "Appliance 1.0", "product_id": "APP-1.0"}},)",
      R"({"category": "vendor", "name": "Inner", "branches": [{"category": "product_version_range",
          "name": "vers:generic/<2", "branches": [{"category": "product_version", "name": "1.0",
          "product": {"name": "Appliance 1.0", "product_id": "APP-1.0"}}]}]},)");
  auto r = readAdvisory(doc);
  ASSERT_TRUE(r) << r.error().describe();
  auto dom = loadDocument(doc);
  ASSERT_TRUE(dom) << dom.error().describe();
  EXPECT_EQ(test::advisoryDifference(*r, toAdvisory(*dom)), "");
  const AdvisoryProduct& p = r->products.at(0);
  EXPECT_EQ(r->ids.at(p.id), "APP-1.0");
  EXPECT_EQ(r->text(p.vendor), "Inner");
  EXPECT_EQ(r->text(p.product_name), "Appliance");
  EXPECT_EQ(p.version_kind, AdvisoryProduct::VersionKind::kExact);
  EXPECT_EQ(r->text(p.version), "1.0");
  EXPECT_EQ(r->text(r->products.at(1).vendor), "Example");
}

TEST(CsafStreamReader, UndefinedReferencesAreKeptForTheEvaluator) {
  auto r = readAdvisory(edited(R"("known_affected": ["APP-1.0"])", R"("known_affected": ["APP-1.0", "NOPE"])"));
  ASSERT_TRUE(r) << r.error().describe();
  const IdRef nope = r->vulnerabilities.at(0).status[static_cast<int>(StatusList::kKnownAffected)].at(1);
  EXPECT_EQ(r->ids.at(nope), "NOPE");
  EXPECT_EQ(r->definition(nope).kind, Advisory::Definition::Kind::kUndefined);
}

TEST(CsafStreamReader, DuplicateKeysAreRefusedEvenInSkippedMembers) {
  expectRefused(readAdvisory(edited(R"("id": "EX-2024-0001",)", R"("id": "EX-2024-0001", "id": "X",)")),
                ErrorCategory::kParse, "duplicate object key", "at /document/tracking/id");
  expectRefused(readAdvisory(withNote(R"({"category": "general", "text": "a", "text": "b"})")),
                ErrorCategory::kParse, "duplicate object key", "at /document/notes/0/text");
}

TEST(CsafStreamReader, DeepNestingIsRefused) {
  StreamLimits limits;
  limits.max_depth = 16;
  expectRefused(readAdvisory(withNote(std::string(20, '[') + std::string(20, ']')), limits), ErrorCategory::kLimit,
                "nesting deeper than 16", "at /document/notes/0/0/0");
}

TEST(CsafStreamReader, LongStringsAndNumbersAreRefusedBeforeTheyAreBuffered) {
  StreamLimits limits;
  limits.max_string_bytes = 1000;
  expectRefused(readAdvisory(withNote(R"({"text": ")" + std::string(5000, 'x') + R"("})"), limits),
                ErrorCategory::kLimit, "longer than the limit of 1000 bytes", "at /document/notes/0");
  expectRefused(readAdvisory(withNote(R"({"n": )" + std::string(5000, '1') + "}"), limits), ErrorCategory::kLimit,
                "longer than the limit", "at /document/notes/0");
  EXPECT_TRUE(readAdvisory(withNote(R"({"text": ")" + std::string(990, 'x') + R"("})"), limits));
}

TEST(CsafStreamReader, TooManyValuesAreRefused) {
  StreamLimits limits;
  limits.max_values = 40;
  expectRefused(readAdvisory(test::minimalDocument(), limits), ErrorCategory::kLimit, "more than 40 values", "at /");
}

TEST(CsafStreamReader, DocumentsOverTheSizeCapAreRefused) {
  StreamLimits limits;
  limits.max_document_bytes = 1000;
  expectRefused(readAdvisory(test::minimalDocument(), limits), ErrorCategory::kLimit,
                "longer than the limit of 1000 bytes", "byte 1001");
}

TEST(CsafStreamReader, AHundredMegabyteDocumentIsRefusedWithoutReadingItAll) {
  // Generated on the fly: a valid start, then notes for 100 MB.
  const std::string head = R"({"document": {"notes": [)";
  const std::string note = R"({"category": "general", "text": ")" + std::string(900, 'n') + R"("},)";
  std::uint64_t handed = 0;
  const std::uint64_t total = std::uint64_t{100} << 20;
  std::string chunk;
  ByteSource source = [&]() -> Result<std::span<const std::uint8_t>> {
    if (handed >= total) return std::span<const std::uint8_t>();
    chunk = handed == 0 ? head : std::string();
    while (chunk.size() < 65536) chunk += note;
    handed += chunk.size();
    return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(chunk.data()), chunk.size());
  };
  const StreamLimits limits;  // the default cap: 64 MiB
  auto r = readAdvisory(source, limits);
  expectRefused(r, ErrorCategory::kLimit, "longer than the limit of 67108864 bytes", "at /document/notes/");
  EXPECT_LE(handed, limits.max_document_bytes + 2 * 66000);
}

TEST(CsafStreamReader, BrokenJsonIsRefused) {
  const std::string doc = test::minimalDocument();
  expectRefused(readAdvisory(doc.substr(0, doc.size() / 2)), ErrorCategory::kParse, "syntax error", "byte");
  expectRefused(readAdvisory(doc.substr(0, doc.rfind('}'))), ErrorCategory::kParse, "unexpected end of input",
                "byte");
  expectRefused(readAdvisory(doc + " {}"), ErrorCategory::kParse, "expected end of input", "byte");
  expectRefused(readAdvisory("\xEF\xBB\xBF" + doc), ErrorCategory::kParse, "byte order mark", "");
  expectRefused(readAdvisory(withNote("{\"text\": \"bad \xC3\x28 utf-8\"}")), ErrorCategory::kParse, "UTF-8",
                "at /document/notes/0/text");
  expectRefused(readAdvisory(std::string_view()), ErrorCategory::kParse, "unexpected end of input", "");
  expectRefused(readAdvisory("[1, 2]"), ErrorCategory::kParse, "a CSAF document is a JSON object", "at /");
}

TEST(CsafStreamReader, KeptMembersOfTheWrongTypeAreRefused) {
  expectRefused(readAdvisory(edited(R"("id": "EX-2024-0001")", R"("id": 2024)")), ErrorCategory::kParse,
                "expected a string, found a number", "at /document/tracking/id");
  expectRefused(readAdvisory(edited(R"("product_id": "APP-1.0")", R"("product_id": 10)")), ErrorCategory::kParse,
                "expected a string, found a number", "/product/product_id");
  expectRefused(readAdvisory(edited(R"("fixed": ["APP-1.1"])", R"("fixed": ["APP-1.1", null])")),
                ErrorCategory::kParse, "expected a string, found null", "at /vulnerabilities/0/product_status/fixed/1");
  expectRefused(readAdvisory(edited(R"("product_groups": [)", R"("full_product_names": {}, "product_groups": [)")),
                ErrorCategory::kParse, "expected an array, found an object", "at /product_tree/full_product_names");
  expectRefused(readAdvisory(edited(R"("version": "3.1")", R"("version": 3.1)")), ErrorCategory::kParse,
                "expected a string", "/scores/0/cvss_v3/version");
}

TEST(CsafStreamReader, WhatTheDecisionReliesOnIsChecked) {
  expectRefused(readAdvisory(edited(R"("csaf_version": "2.0")", R"("csaf_version": "2.1")")), ErrorCategory::kParse,
                "not supported (2.0 only)", "at /document/csaf_version");
  expectRefused(readAdvisory(edited(R"("status": "final",)", "")), ErrorCategory::kParse,
                "required member missing", "at /document/tracking/status");
  expectRefused(readAdvisory(edited(R"("category": "csaf_base",)", "")), ErrorCategory::kParse,
                "required member missing", "at /document/category");
  expectRefused(readAdvisory(edited(R"("product_id": "APP-1.1")", R"("product_id": "APP-1.0")")),
                ErrorCategory::kParse, "product id 'APP-1.0' defined twice (CSAF 6.1.2)", "at /product_tree");
}

TEST(CsafStreamReader, ASourceErrorIsReturnedAsItIs) {
  const std::string doc = test::minimalDocument();
  int calls = 0;
  ByteSource source = [&]() -> Result<std::span<const std::uint8_t>> {
    if (calls++ == 0) return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(doc.data()), doc.size());
    return securityError(SecurityCode::kHashMismatch, "sha256 does not match", "advisories/x.json");
  };
  auto r = readAdvisory(source);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().security, SecurityCode::kHashMismatch);
  EXPECT_EQ(r.error().context, "advisories/x.json");
}

}  // namespace
}  // namespace psirt::csaf
