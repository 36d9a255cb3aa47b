// Every vers-spec test file in shared/conformance/versions/vers/tests: files
// for our schemes run every case; files for other ecosystems (maven, pypi,
// npm ranges, ...) are listed with their case count and every case is checked
// to really be of an unsupported scheme, so nothing is skipped silently.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "agent/versions/vers.h"
#include "agent/versions/version.h"
#include "tests/support/json_file.h"
#include "tests/support/test_paths.h"

namespace psirt::versions {
namespace {

using json::View;
using test::at;
using test::str;

std::string testsDir() { return test::conformanceDir() + "/versions/vers/tests/"; }
json::Document load(const std::string& file) { return test::loadJson(testsDir() + file); }
// The "tests" array of a loaded file (valid while the document lives).
View casesOf(const json::Document& doc) { return at(doc.root(), "tests"); }

std::string typeOf(const std::string& vers) {
  std::size_t c = vers.find(':'), s = vers.find('/');
  return vers.substr(c + 1, s - c - 1);
}
std::string schemeOf(const View& t) {
  const View in = at(t, "input");
  if (in.isString()) return typeOf(str(in));
  if (auto s = in.find("input_scheme")) return str(*s);
  if (auto s = in.find("scheme")) return str(*s);
  return typeOf(str(at(in, "vers")));
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
    const json::Document doc = load(name);
    const View tests = casesOf(doc);
    EXPECT_EQ(tests.size(), it->second) << name;
    ++seen;
    if (name == "alpine_version_cmp_test.json" || name == "vers_canonical_parse_test.json" ||
        name == "npm_range_containment_test.json") {
      continue;
    }
    for (const View& t : tests.elements()) {
      std::string scheme = schemeOf(t);
      EXPECT_FALSE(schemeFromName(scheme).ok()) << name << ": case of supported scheme " << scheme << " not run";
    }
  }
  EXPECT_EQ(seen, kFiles.size());
}

TEST(VersConformance, AlpineEveryComparisonAndEquality) {
  const json::Document doc = load("alpine_version_cmp_test.json");
  const View tests = casesOf(doc);
  ASSERT_EQ(tests.size(), 716u);
  std::size_t comparisons = 0, equalities = 0;
  for (const View& t : tests.elements()) {
    const View input = at(t, "input");
    ASSERT_EQ(str(at(input, "input_scheme")), "apk");
    auto versions = test::strings(at(input, "versions"));
    for (const auto& v : versions) ASSERT_TRUE(parse(Scheme::kApk, v).ok()) << v;
    if (str(at(t, "test_type")) == "comparison") {
      ++comparisons;
      std::sort(versions.begin(), versions.end(),
                [](const std::string& a, const std::string& b) { return compare(Scheme::kApk, a, b).value_or(0) < 0; });
      EXPECT_EQ(versions, test::strings(at(t, "expected_output"))) << input.dump();
    } else {
      ++equalities;
      auto r = compare(Scheme::kApk, versions.at(0), versions.at(1));
      ASSERT_TRUE(r.ok());
      EXPECT_EQ(*r == 0, test::boolean(at(t, "expected_output"))) << input.dump();
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
  const json::Document doc = load("vers_canonical_parse_test.json");
  const View tests = casesOf(doc);
  ASSERT_EQ(tests.size(), 12u);
  std::size_t run = 0, datetime_rule = 0;
  for (const View& t : tests.elements()) {
    std::string input = str(at(t, "input"));
    const auto failure = t.find("expected_failure");
    const bool fail = failure && test::boolean(*failure);
    const auto message = t.find("expected_message");
    if (message && str(*message).find("uppercase T and Z") != std::string::npos) {
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
      const View want = at(t, "expected_output");
      EXPECT_EQ(syntax->type, str(at(want, "scheme")));
      const View wc = at(want, "version_constraints");
      ASSERT_EQ(syntax->constraints.size(), wc.size()) << input;
      for (std::size_t i = 0; i < wc.size(); ++i) {
        EXPECT_EQ(comparatorText(syntax->constraints[i].op), str(at(at(wc, i), 0)));
        EXPECT_EQ(syntax->constraints[i].version, str(at(at(wc, i), 1)));
      }
    }
  }
  EXPECT_EQ(run, 11u);
  EXPECT_EQ(datetime_rule, 1u);
}

TEST(VersConformance, NpmStarContainsEverything) {
  const json::Document doc = load("npm_range_containment_test.json");
  const View tests = casesOf(doc);
  ASSERT_EQ(tests.size(), 1u);
  const View input = at(at(tests, 0), "input");
  auto syntax = parseVersSyntax(str(at(input, "vers")));
  ASSERT_TRUE(syntax.ok());
  EXPECT_EQ(syntax->star, test::boolean(at(at(tests, 0), "expected_output")));
  // The same range in a supported scheme, through the full containment path.
  auto r = parseRange("vers:semver/*");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(contains(*r, str(at(input, "version"))).value_or(false));
}

}  // namespace
}  // namespace psirt::versions
