#include "agent/json/json.h"

#include <gtest/gtest.h>

#include <string>

#include "agent/json/json.h"
#include "tests/support/test_paths.h"

namespace psirt::json {
namespace {

ParseOptions signedOptions() {
  ParseOptions o;
  o.strictness = Strictness::kSignedMetadata;
  return o;
}

Error parseError(std::string_view text, const ParseOptions& o = signedOptions()) {
  auto r = Document::parse(text, o);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? Error{} : r.error();
}

TEST(JsonStrict, AcceptsOrdinaryDocument) {
  auto r = Document::parse(R"({"a":[1,-2,true,null,"x"],"b":{"c":9007199254740992}})", signedOptions());
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->root().get("b")->getInteger("c").value(), 9007199254740992);
}

TEST(JsonStrict, RefusesDuplicateKeysWithPointer) {
  Error e = parseError(R"({"signed":{"version":1,"version":2}})");
  EXPECT_EQ(e.category, ErrorCategory::kParse);
  EXPECT_NE(e.message.find("duplicate"), std::string::npos);
  EXPECT_EQ(e.context, "at /signed/version");
}

TEST(JsonStrict, RefusesDuplicateKeysEvenInStandardMode) {
  Error e = parseError(R"({"a":1,"a":1})", ParseOptions{});
  EXPECT_NE(e.message.find("duplicate"), std::string::npos);
}

TEST(JsonStrict, RefusesFloatsInSignedMetadata) {
  EXPECT_EQ(parseError(R"({"version":1.0})").context, "at /version");
  EXPECT_EQ(parseError(R"({"a":[0,1e3]})").context, "at /a/1");
  EXPECT_EQ(parseError(R"([-0.5])").context, "at /0");
}

TEST(JsonStrict, AcceptsFloatsInStandardMode) {
  auto r = Document::parse(R"({"score":9.8})");
  ASSERT_TRUE(r.ok());
  // ...but canonical JSON has no floats.
  EXPECT_FALSE(r->canonical().ok());
}

TEST(JsonStrict, RefusesIntegersBeyondTwoToThe53) {
  EXPECT_TRUE(Document::parse("9007199254740992", signedOptions()).ok());
  EXPECT_TRUE(Document::parse("-9007199254740992", signedOptions()).ok());
  parseError("9007199254740993");
  parseError("-9007199254740993");
  parseError("18446744073709551615");
  parseError("18446744073709551616");  // beyond uint64: the parser makes it a float
  EXPECT_TRUE(Document::parse("18446744073709551615").ok());
}

TEST(JsonStrict, SyntaxErrorsGiveByteOffset) {
  Error e = parseError(R"({"a":1,})");
  EXPECT_EQ(e.category, ErrorCategory::kParse);
  EXPECT_EQ(e.context.rfind("byte ", 0), 0u) << e.context;
  parseError(R"({"a":1} x)");      // trailing content
  parseError("");                  // empty
  parseError("{\"a\":\"\xff\"}");  // invalid UTF-8
  parseError(R"(["\ud800"])");     // lone surrogate
  parseError("// c\n{}");          // comments
  parseError("\xEF\xBB\xBF{}");    // BOM
  parseError("{'a':1}");
  parseError("[01]");
}

TEST(JsonLimits, InputSizeDepthStringAndCount) {
  ParseOptions o;
  o.max_bytes = 10;
  EXPECT_EQ(parseError(R"({"a":"12345"})", o).category, ErrorCategory::kLimit);
  o = ParseOptions{};
  o.max_depth = 3;
  EXPECT_TRUE(Document::parse("[[[1]]]", o).ok());
  Error e = parseError("[[[[1]]]]", o);
  EXPECT_EQ(e.category, ErrorCategory::kLimit);
  EXPECT_EQ(e.context, "at /0/0/0");
  o = ParseOptions{};
  o.max_string_bytes = 4;
  EXPECT_TRUE(Document::parse(R"({"abcd":"abcd"})", o).ok());
  EXPECT_EQ(parseError(R"({"abcde":1})", o).category, ErrorCategory::kLimit);
  EXPECT_EQ(parseError(R"(["abcde"])", o).category, ErrorCategory::kLimit);
  o = ParseOptions{};
  o.max_values = 3;
  EXPECT_EQ(parseError("[1,2,3]", o).category, ErrorCategory::kLimit);
}

TEST(JsonLimits, DeepNestingIsRefusedWithoutCrash) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  EXPECT_EQ(parseError(deep).category, ErrorCategory::kLimit);
}

TEST(CanonicalJson, SortsKeysByBytesAndEscapesOnlyQuoteAndBackslash) {
  auto c = canonicalize(
      "{ \"b\" : 1, \"a\" : [ true , null ], \"\xc3\xa9\":\"x\", \"Z\":\"q\\\"\\\\\\n\\u0001/\" }",
      signedOptions());
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(*c, "{\"Z\":\"q\\\"\\\\\n\x01/\",\"a\":[true,null],\"b\":1,\"\xc3\xa9\":\"x\"}");
}

TEST(CanonicalJson, CodePointOrderForNonAsciiKeys) {
  // U+00FF (c3 bf) sorts before U+0100 (c4 80), and both after ASCII.
  auto c = canonicalize("{\"\xc4\x80\":1,\"\xc3\xbf\":2,\"~\":3}");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, "{\"~\":3,\"\xc3\xbf\":2,\"\xc4\x80\":1}");
}

TEST(CanonicalJson, NegativeAndLargeIntegers) {
  auto c = canonicalize("[-9007199254740992,0,-0,9007199254740992]", signedOptions());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, "[-9007199254740992,0,0,9007199254740992]");
}

TEST(CanonicalJson, CanonicalAtPointer) {
  auto d = Document::parse(R"({"signed":{"b":2,"a":1},"signatures":[]})", signedOptions());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d->canonicalAt("/signed"), R"({"a":1,"b":2})");
  EXPECT_FALSE(d->canonicalAt("/nothing").ok());
  EXPECT_FALSE(d->canonicalAt("bad").ok());
}

// The canonical bytes of real metadata re-parse to the same bytes (the
// signature known answers are in tests/unit/tuf: canonical bytes must verify).
TEST(CanonicalJson, RealMetadataCanonicalFormIsAFixedPoint) {
  for (const char* name : {"timestamp.json", "snapshot.json", "targets.json", "role1.json"}) {
    std::string text =
        test::readTextFile(test::conformanceDir() + "/tuf/python-tuf/repository/metadata/" + name);
    auto d = Document::parse(text, signedOptions());
    ASSERT_TRUE(d.ok()) << name << ": " << d.error().describe();
    auto c = d->canonicalAt("/signed");
    ASSERT_TRUE(c.ok());
    auto again = canonicalize(*c, signedOptions());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *c) << name;
    EXPECT_EQ(c->find(' '), std::string::npos) << name;  // no whitespace in these files' values
  }
}

// Control characters are NOT escaped (securesystemslib): a PEM key keeps its
// raw newlines, so canonical JSON is not always valid JSON.
TEST(CanonicalJson, PemNewlinesStayRaw) {
  std::string text =
      test::readTextFile(test::conformanceDir() + "/tuf/python-tuf/repository/metadata/root.json");
  auto d = Document::parse(text, signedOptions());
  ASSERT_TRUE(d.ok());
  auto c = d->canonicalAt("/signed");
  ASSERT_TRUE(c.ok());
  EXPECT_NE(c->find("-----BEGIN PUBLIC KEY-----\nMIIB"), std::string::npos);
  EXPECT_EQ(c->find("\\n"), std::string::npos);
}

}  // namespace
}  // namespace psirt::json
