// Every vers-spec test file in shared/conformance/versions/vers/tests: files
// for our schemes run every case; files for other ecosystems (maven, pypi,
// npm ranges, ...) are listed with their case count and every case is checked
// to really be of an unsupported scheme, so nothing is skipped silently.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "agent/versions/vers.h"
#include "agent/versions/version.h"
#include "tests/support/test_paths.h"

namespace psirt::versions {
namespace {

using nlohmann::json;

std::string testsDir() { return test::conformanceDir() + "/versions/vers/tests/"; }
json load(const std::string& file) { return json::parse(test::readTextFile(testsDir() + file)).at("tests"); }

std::string typeOf(const std::string& vers) {
  std::size_t c = vers.find(':'), s = vers.find('/');
  return vers.substr(c + 1, s - c - 1);
}
std::string schemeOf(const json& t) {
  const json& in = t.at("input");
  if (in.is_string()) return typeOf(in.get<std::string>());
  if (in.contains("input_scheme")) return in.at("input_scheme").get<std::string>();
  if (in.contains("scheme")) return in.at("scheme").get<std::string>();
  return typeOf(in.at("vers").get<std::string>());
}

TEST(VersConformance, EveryFileIsAccountedFor) {
  // file -> case count; the first three run below, the rest are other ecosystems.
  const std::map<std::string, std::size_t> kFiles = {
      {"alpine_version_cmp_test.json", 716},        {"vers_canonical_parse_test.json", 12},
      {"npm_range_containment_test.json", 1},       {"alpm_version_cmp_test.json", 42},
      {"conan_range_from_native_basic_test.json", 20}, {"conan_range_from_native_test.json", 209},
      {"conan_version_cmp_test.json", 47},          {"datetime_version_cmp_test.json", 7},
      {"gem_range_from_native_test.json", 1},       {"gentoo_version_cmp_test.json", 48},
      {"lexicographic-test.json", 8},               {"maven_version_cmp_test.json", 977},
      {"nginx_range_from_native_test.json", 4},     {"npm_range_from_native_test.json", 491},
      {"nuget_range_from_native_test.json", 1},     {"nuget_version_cmp_test.json", 33},
      {"openssl_range_from_native_test.json", 8},   {"openssl_version_cmp_test.json", 44},
      {"pypi_range_containment_test.json", 10},     {"pypi_range_from_native_test.json", 3},
      {"pypi_range_validate_test.json", 19},
  };
  std::size_t seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testsDir())) {
    std::string name = entry.path().filename().string();
    auto it = kFiles.find(name);
    ASSERT_NE(it, kFiles.end()) << "new vers test file not accounted for: " << name;
    json tests = load(name);
    EXPECT_EQ(tests.size(), it->second) << name;
    ++seen;
    if (name == "alpine_version_cmp_test.json" || name == "vers_canonical_parse_test.json" ||
        name == "npm_range_containment_test.json") {
      continue;
    }
    for (const auto& t : tests) {
      std::string scheme = schemeOf(t);
      EXPECT_FALSE(schemeFromName(scheme).ok()) << name << ": case of supported scheme " << scheme << " not run";
    }
  }
  EXPECT_EQ(seen, kFiles.size());
}

TEST(VersConformance, AlpineEveryComparisonAndEquality) {
  json tests = load("alpine_version_cmp_test.json");
  ASSERT_EQ(tests.size(), 716u);
  std::size_t comparisons = 0, equalities = 0;
  for (const auto& t : tests) {
    ASSERT_EQ(t.at("input").at("input_scheme"), "apk");
    auto versions = t.at("input").at("versions").get<std::vector<std::string>>();
    for (const auto& v : versions) ASSERT_TRUE(parse(Scheme::kApk, v).ok()) << v;
    if (t.at("test_type") == "comparison") {
      ++comparisons;
      std::sort(versions.begin(), versions.end(),
                [](const std::string& a, const std::string& b) { return compare(Scheme::kApk, a, b).value_or(0) < 0; });
      EXPECT_EQ(versions, t.at("expected_output").get<std::vector<std::string>>()) << t.at("input").dump();
    } else {
      ++equalities;
      auto r = compare(Scheme::kApk, versions.at(0), versions.at(1));
      ASSERT_TRUE(r.ok());
      EXPECT_EQ(*r == 0, t.at("expected_output").get<bool>()) << t.at("input").dump();
    }
  }
  EXPECT_EQ(comparisons, 699u);
  EXPECT_EQ(equalities, 17u);
}

// parse cases: syntax for every type; ordering checked with our semver for
// npm when the versions are semver (npm orders by semver precedence). One
// datetime case (lowercase 't'/'z') is a rule of the datetime type, which we
// do not support: it is counted, not run.
TEST(VersConformance, CanonicalParseEveryCase) {
  json tests = load("vers_canonical_parse_test.json");
  ASSERT_EQ(tests.size(), 12u);
  std::size_t run = 0, datetime_rule = 0;
  for (const auto& t : tests) {
    std::string input = t.at("input").get<std::string>();
    bool fail = t.value("expected_failure", false);
    if (t.value("expected_message", std::string()).find("uppercase T and Z") != std::string::npos) {
      ++datetime_rule;
      continue;
    }
    ++run;
    auto syntax = parseVersSyntax(input);
    bool ok = syntax.ok();
    if (ok && syntax->type == "npm") {
      std::vector<Version> vs;
      for (const auto& c : syntax->constraints) {
        auto v = parse(Scheme::kSemver, c.version);
        if (v) vs.push_back(*v);
      }
      for (std::size_t i = 1; i < vs.size() && vs.size() == syntax->constraints.size(); ++i) {
        if (compare(vs[i - 1], vs[i]).value_or(0) >= 0) ok = false;
      }
    }
    EXPECT_EQ(ok, !fail) << input;
    if (ok && !fail) {
      const auto& want = t.at("expected_output");
      EXPECT_EQ(syntax->type, want.at("scheme").get<std::string>());
      auto wc = want.at("version_constraints");
      ASSERT_EQ(syntax->constraints.size(), wc.size()) << input;
      for (std::size_t i = 0; i < wc.size(); ++i) {
        EXPECT_EQ(comparatorText(syntax->constraints[i].op), wc[i][0].get<std::string>());
        EXPECT_EQ(syntax->constraints[i].version, wc[i][1].get<std::string>());
      }
    }
  }
  EXPECT_EQ(run, 11u);
  EXPECT_EQ(datetime_rule, 1u);
}

TEST(VersConformance, NpmStarContainsEverything) {
  json tests = load("npm_range_containment_test.json");
  ASSERT_EQ(tests.size(), 1u);
  auto syntax = parseVersSyntax(tests[0].at("input").at("vers").get<std::string>());
  ASSERT_TRUE(syntax.ok());
  EXPECT_EQ(syntax->star, tests[0].at("expected_output").get<bool>());
  // The same range in a supported scheme, through the full containment path.
  auto r = parseRange("vers:semver/*");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(contains(*r, tests[0].at("input").at("version").get<std::string>()).value_or(false));
}

}  // namespace
}  // namespace psirt::versions
