// CPE 2.2 URI and 2.3 formatted-string parsing and binding (NISTIR 7695
// examples: escaping, wildcards, packed editions, ANY / NA).
#include "agent/identity/cpe.h"

#include <gtest/gtest.h>

namespace psirt::identity {
namespace {

TEST(Cpe, FormattedStringParsesToWfnAndBindsBack) {
  auto c = parseCpe("cpe:2.3:a:Microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*");
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ((*c)[Cpe::kPart].value, "a");
  EXPECT_EQ((*c)[Cpe::kVendor].value, "microsoft");
  EXPECT_EQ((*c)[Cpe::kVersion].value, "8\\.0\\.6001");
  EXPECT_EQ((*c)[Cpe::kLanguage].kind, CpeValue::Kind::kAny);
  EXPECT_EQ(c->toFormattedString(), "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*");
  EXPECT_EQ(c->toUri(), "cpe:/a:microsoft:internet_explorer:8.0.6001:beta");
}

TEST(Cpe, UriParsesToTheSameWfnAsTheFormattedString) {
  auto uri = parseCpe("cpe:/a:microsoft:internet_explorer:8.0.6001:beta");
  auto fs = parseCpe("cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*");
  ASSERT_TRUE(uri);
  ASSERT_TRUE(fs);
  EXPECT_EQ(*uri, *fs);
}

TEST(Cpe, EscapesAndPercentEncodingsAgree) {
  auto fs = parseCpe("cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*");
  ASSERT_TRUE(fs);
  EXPECT_EQ((*fs)[Cpe::kUpdate].kind, CpeValue::Kind::kNa);
  EXPECT_EQ(fs->toUri(), "cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~");
  auto uri = parseCpe("cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~");
  ASSERT_TRUE(uri) << uri.error().describe();
  EXPECT_EQ(*uri, *fs);

  auto bang = parseCpe("cpe:2.3:a:foo\\!bar:big\\$money_2010:*:*:*:*:*:*:*:*");
  ASSERT_TRUE(bang) << bang.error().describe();
  EXPECT_EQ(bang->toUri(), "cpe:/a:foo%21bar:big%24money_2010");
  auto bangUri = parseCpe("cpe:/a:foo%21bar:big%24money_2010");
  ASSERT_TRUE(bangUri);
  EXPECT_EQ(*bangUri, *bang);
  EXPECT_EQ(bangUri->toFormattedString(), "cpe:2.3:a:foo\\!bar:big\\$money_2010:*:*:*:*:*:*:*:*");
}

TEST(Cpe, WildcardsOnlyAtTheEnds) {
  auto ok = parseCpe("cpe:2.3:a:foo:bar:1.*:*:*:*:*:*:*:*");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->toUri(), "cpe:/a:foo:bar:1.%02");
  EXPECT_EQ(*parseCpe("cpe:/a:foo:bar:1.%02"), *ok);
  EXPECT_TRUE(parseCpe("cpe:2.3:a:foo:bar:??1.0:*:*:*:*:*:*:*"));
  EXPECT_FALSE(parseCpe("cpe:2.3:a:foo:bar:1*0:*:*:*:*:*:*:*"));
  EXPECT_TRUE(parseCpe("cpe:2.3:a:foo:bar:1\\*0:*:*:*:*:*:*:*"));
  // A lone %02 in a URI is ANY (found by the fuzzer: it did not round-trip).
  auto lone = parseCpe("cpe:/a:foo:bar:%02");
  ASSERT_TRUE(lone);
  EXPECT_EQ((*lone)[Cpe::kVersion].kind, CpeValue::Kind::kAny);
}

TEST(Cpe, MalformedNamesAreRejected) {
  const char* bad[] = {
      "cpe:2.3:a:foo:bar",                          // too few components
      "cpe:2.3:a:foo:bar:1:*:*:*:*:*:*:*:*",        // too many
      "cpe:2.3:x:foo:bar:1:*:*:*:*:*:*:*",          // bad part
      "cpe:2.3:a:fo o:bar:1:*:*:*:*:*:*:*",         // space
      "cpe:2.3:a:foo:bar:1\\",                      // dangling escape (and count)
      "cpe:/a:foo:bar:1:2:3:4:5",                   // URI with 8 components
      "cpe:/a:foo%zz:bar",                          // bad escape
      "cpe:/a:foo%0",                               // truncated escape
      "cpe:/q:foo",
      "cpe:2.3:a::bar:1:*:*:*:*:*:*:*",             // empty component
      "foo",
  };
  for (const char* b : bad) EXPECT_FALSE(parseCpe(b)) << "accepted: " << b;
}

TEST(Cpe, MakeCpeQuotesAndMatchesByVendorProduct) {
  auto c = makeCpe("a", "ALE", "omnipcx_enterprise", "12.4-M5.304.19");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->toFormattedString(), "cpe:2.3:a:ale:omnipcx_enterprise:12.4-m5.304.19:*:*:*:*:*:*:*");
  auto other = parseCpe("cpe:/a:ale:omnipcx_enterprise:12.2");
  ASSERT_TRUE(other);
  EXPECT_TRUE(sameCpeProduct(*c, *other));
  EXPECT_FALSE(sameCpeProduct(*c, *parseCpe("cpe:/a:ale:other")));
  EXPECT_FALSE(sameCpeProduct(*parseCpe("cpe:/a"), *parseCpe("cpe:/a")));
  EXPECT_FALSE(makeCpe("z", "v", "p"));
}

}  // namespace
}  // namespace psirt::identity
