#include "agent/tuf/metadata.h"

#include <gtest/gtest.h>

#include "tests/support/test_paths.h"

namespace psirt::tuf {
namespace {

std::string pythonTuf(const std::string& name) {
  return psirt::test::readTextFile(psirt::test::conformanceDir() + "/tuf/python-tuf/repository/metadata/" +
                                   name);
}

TEST(TufTime, KnownAnswersIncluding2038And2100) {
  EXPECT_EQ(*parseTufTime("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*parseTufTime("2038-01-19T03:14:08Z"), std::int64_t{1} << 31);
  EXPECT_EQ(*parseTufTime("2038-01-20T00:00:00Z"), 2147558400);
  EXPECT_EQ(*parseTufTime("2100-01-01T00:00:00Z"), 4102444800);
  EXPECT_EQ(*parseTufTime("2000-02-29T12:00:00Z"), 951825600);
  EXPECT_EQ(formatTufTime(4102444800), "2100-01-01T00:00:00Z");
  EXPECT_EQ(formatTufTime(2147558400), "2038-01-20T00:00:00Z");
}

TEST(TufTime, RefusesLooseForms) {
  for (const char* bad :
       {"2030-01-01T00:00:00", "2030-01-01 00:00:00Z", "2030-01-01T00:00:00.5Z", "2030-01-01T00:00:00+00:00",
        "2100-02-29T00:00:00Z", "2030-13-01T00:00:00Z", "2030-01-01T24:00:00Z", "2030-1-01T00:00:00Z", ""}) {
    EXPECT_FALSE(parseTufTime(bad).ok()) << bad;
  }
}

TEST(TufMetadata, ParsesRealPythonTufRoles) {
  auto root = parseRoot(pythonTuf("root.json"));
  ASSERT_TRUE(root.ok()) << root.error().describe();
  EXPECT_EQ(root->role.common.version, 1);
  EXPECT_EQ(root->role.roles.size(), 4u);
  EXPECT_FALSE(root->role.consistent_snapshot);
  auto ts = parseTimestamp(pythonTuf("timestamp.json"));
  ASSERT_TRUE(ts.ok());
  EXPECT_EQ(ts->role.snapshot_meta.length, 515);
  auto targets = parseTargets(pythonTuf("targets.json"), "targets");
  ASSERT_TRUE(targets.ok()) << targets.error().describe();
  ASSERT_TRUE(targets->role.delegations.has_value());
  EXPECT_EQ(targets->role.delegations->roles.at(0).name, "role1");
  EXPECT_EQ(targets->role.targets.count("file1.txt"), 1u);
}

TEST(TufMetadata, WrongTypeIsASecurityErrorNamingTheRole) {
  auto r = parseRoot(pythonTuf("timestamp.json"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().security, SecurityCode::kWrongType);
  EXPECT_EQ(r.error().context, "root");
}

TEST(TufMetadata, StrictJsonInSignedMetadata) {
  std::string ts = pythonTuf("timestamp.json");
  std::string dup = ts;
  dup.replace(dup.find("\"version\": 1\n }"), 12, "\"version\": 1, \"version\": 2");
  auto r = parseTimestamp(dup);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("duplicate"), std::string::npos);
  std::string flt = ts;
  flt.replace(flt.find("\"length\": 515"), 13, "\"length\": 515.0");
  EXPECT_FALSE(parseTimestamp(flt).ok());
  std::string big = ts;
  big.replace(big.find("\"length\": 515"), 13, "\"length\": 9007199254740993");
  EXPECT_FALSE(parseTimestamp(big).ok());
}

TEST(TufMetadata, ShapeErrorsNameThePointer) {
  const char* doc =
      R"({"signed":{"_type":"timestamp","spec_version":"1.0.0","version":0,"expires":"2030-01-01T00:00:00Z",)"
      R"("meta":{"snapshot.json":{"version":1}}},"signatures":[]})";
  auto r = parseTimestamp(doc);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().context, "timestamp: at /signed/version");
  const char* spec2 =
      R"({"signed":{"_type":"timestamp","spec_version":"2.0.0","version":1,"expires":"2030-01-01T00:00:00Z",)"
      R"("meta":{"snapshot.json":{"version":1}}},"signatures":[]})";
  auto s = parseTimestamp(spec2);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().category, ErrorCategory::kUnsupported);
  EXPECT_FALSE(parseTimestamp(R"({"signed":{},"signatures":{}})").ok());
  EXPECT_FALSE(parseTimestamp("[]").ok());
}

TEST(TufDelegation, PathPatternsMatchPerComponent) {
  EXPECT_TRUE(pathMatchesPattern("targets/*.tgz", "targets/foo.tgz"));
  EXPECT_FALSE(pathMatchesPattern("targets/*.tgz", "targets/foo.txt"));
  EXPECT_FALSE(pathMatchesPattern("*", "a/b"));  // a wildcard never crosses '/'
  EXPECT_TRUE(pathMatchesPattern("*/*", "a/b"));
  EXPECT_TRUE(pathMatchesPattern("advisories/*", "advisories/x.json"));
  EXPECT_FALSE(pathMatchesPattern("advisories/*", "advisories/sub/x.json"));
  EXPECT_TRUE(pathMatchesPattern("file?.txt", "file3.txt"));
  EXPECT_TRUE(pathMatchesPattern("file[0-9].txt", "file3.txt"));
  EXPECT_FALSE(pathMatchesPattern("file[!0-9].txt", "file3.txt"));
  EXPECT_TRUE(pathMatchesPattern("", ""));
  EXPECT_TRUE(pathMatchesPattern("a*b*c", "aXbYbZc"));
}

TEST(TufDelegation, HashPrefixes) {
  DelegatedRole other;
  other.path_hash_prefixes = std::vector<std::string>{};
  EXPECT_FALSE(other.delegates("file1.txt"));
  // sha256("a") = ca978112...
  DelegatedRole ca;
  ca.path_hash_prefixes = std::vector<std::string>{"00", "ca9"};
  EXPECT_TRUE(ca.delegates("a"));
  EXPECT_FALSE(ca.delegates("b"));  // sha256("b") = 3e23e816...
}

TEST(TufDelegation, SuccinctRoleNames) {
  SuccinctRoles s;
  s.name_prefix = "bin";
  s.bit_length = 5;  // 32 bins, two hex digits
  EXPECT_EQ(s.binName(0), "bin-00");
  EXPECT_EQ(s.binName(31), "bin-1f");
  EXPECT_TRUE(s.isRole("bin-1f"));
  EXPECT_FALSE(s.isRole("bin-20"));  // beyond 2^5
  EXPECT_FALSE(s.isRole("bin-1F"));
  EXPECT_FALSE(s.isRole("bin-1"));
  EXPECT_EQ(s.roleFor("a"), "bin-19");  // sha256("a") = ca97...: first 5 bits 11001
}

}  // namespace
}  // namespace psirt::tuf
