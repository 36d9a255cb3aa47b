// Every row of shared/conformance/versions/{dpkg,rpm,opkg}, with the row count
// of each file asserted so that no row can be skipped silently.
#include <gtest/gtest.h>

#include <algorithm>

#include "agent/versions/schemes.h"
#include "agent/versions/version.h"
#include "tests/support/json_file.h"
#include "tests/support/test_paths.h"
#include "tests/unit/versions/loaders.h"

namespace psirt::versions {
namespace {

using json::View;
using test::at;
using test::conformanceDir;
using test::loadCompareTsv;
using test::str;
using test::strings;

std::string dir(const std::string& sub) { return conformanceDir() + "/versions/" + sub; }

// Asserts a <=> b == expected and b <=> a == -expected.
void expectOrder(Scheme s, const test::CompareRow& r, const std::string& file) {
  auto ab = compare(s, r.a, r.b);
  auto ba = compare(s, r.b, r.a);
  ASSERT_TRUE(ab.ok()) << file << ":" << r.line << " " << ab.error().describe();
  ASSERT_TRUE(ba.ok()) << file << ":" << r.line << " " << ba.error().describe();
  EXPECT_EQ(*ab, r.expected) << file << ":" << r.line << " " << r.a << " vs " << r.b;
  EXPECT_EQ(*ba, -r.expected) << file << ":" << r.line << " reversed";
}

// Rows whose strings dpkg would reject (python-debian and libdpkg's struct
// tests compare them anyway) are compared on the split parts with verrevcmp,
// the way those tools do; returns how many rows took that path.
int expectOrderAllowingInvalid(const std::vector<test::CompareRow>& rows, const std::string& file) {
  int structural = 0;
  for (const auto& r : rows) {
    if (parse(Scheme::kDeb, r.a).ok() && parse(Scheme::kDeb, r.b).ok()) {
      expectOrder(Scheme::kDeb, r, file);
      continue;
    }
    ++structural;
    auto split = [](const std::string& s) {
      std::size_t c = s.find(':'), h = s.rfind('-');
      int epoch = c == std::string::npos ? 0 : std::stoi(s.substr(0, c));
      std::size_t ub = c == std::string::npos ? 0 : c + 1;
      std::string up = h == std::string::npos || h < ub ? s.substr(ub) : s.substr(ub, h - ub);
      std::string rev = h == std::string::npos || h < ub ? "" : s.substr(h + 1);
      return std::tuple(epoch, up, rev);
    };
    auto [ea, ua, ra] = split(r.a);
    auto [eb, ub, rb] = split(r.b);
    int got = ea != eb ? (ea < eb ? -1 : 1) : detail::debVerrevcmp(ua, ub);
    if (got == 0) got = detail::debVerrevcmp(ra, rb);
    EXPECT_EQ(got, r.expected) << file << ":" << r.line << " " << r.a << " vs " << r.b;
  }
  return structural;
}

TEST(DpkgConformance, CompareTsvEveryRowOrdersLikeDpkg) {
  auto rows = loadCompareTsv(dir("dpkg/dpkg_version_compare.tsv"));
  ASSERT_EQ(rows.size(), 43u);
  for (const auto& r : rows) expectOrder(Scheme::kDeb, r, "dpkg_version_compare.tsv");
}

TEST(DpkgConformance, PythonDebianCompareEveryRow) {
  auto rows = loadCompareTsv(dir("dpkg/python-debian_version_compare.tsv"));
  ASSERT_EQ(rows.size(), 20u);
  EXPECT_EQ(expectOrderAllowingInvalid(rows, "python-debian_version_compare.tsv"), 1);
}

// libdpkg's struct-level tests: two rows have a non-numeric upstream ("a", "b"),
// which dpkg compares but rejects on parse; those go through verrevcmp on
// the split parts, exactly like the C test.
TEST(DpkgConformance, LibdpkgCompareEveryRow) {
  auto rows = loadCompareTsv(dir("dpkg/dpkg_version_compare_libdpkg.tsv"));
  ASSERT_EQ(rows.size(), 13u);
  EXPECT_EQ(expectOrderAllowingInvalid(rows, "dpkg_version_compare_libdpkg.tsv"), 2);
}

void expectParseCases(const std::string& file, std::size_t count) {
  const json::Document doc = test::loadJson(dir(file));
  const View cases = at(doc.root(), "cases");
  ASSERT_EQ(cases.size(), count) << file;
  for (const View& c : cases.elements()) {
    std::string input = str(at(c, "input"));
    auto v = parse(Scheme::kDeb, input);
    if (!test::boolean(at(c, "valid"))) {
      EXPECT_FALSE(v.ok()) << file << ": '" << input << "' must be rejected";
      if (!v.ok()) {
        EXPECT_FALSE(v.error().message.empty());
      }
      continue;
    }
    ASSERT_TRUE(v.ok()) << file << ": '" << input << "': " << v.error().describe();
    const View e = at(c, "epoch");
    if (e.isNull()) {
      EXPECT_FALSE(v->has_epoch) << input;
    } else {
      std::string want = e.isString() ? str(e) : std::to_string(test::integer(e));
      EXPECT_EQ(std::to_string(v->epoch_value), want) << input;
    }
    EXPECT_EQ(v->upstream, str(at(c, "upstream"))) << input;
    const View rev = at(c, "revision");
    if (rev.isNull()) {
      EXPECT_FALSE(v->has_revision) << input;
    } else {
      EXPECT_EQ(v->revision, str(rev)) << input;
    }
  }
}

TEST(DpkgConformance, ParseCasesAcceptAndRejectLikeLibdpkg) { expectParseCases("dpkg/dpkg_version_parse.json", 89); }
TEST(DpkgConformance, PythonDebianParseCases) { expectParseCases("dpkg/python-debian_version_parse.json", 20); }

TEST(DpkgConformance, SortListsSortLikeDpkg) {
  const json::Document doc = test::loadJson(dir("dpkg/dpkg_version_sort.json"));
  const View sorts = at(doc.root(), "sorts");
  ASSERT_EQ(sorts.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    auto list = strings(at(at(sorts, k), "input"));
    ASSERT_EQ(list.size(), 6u);
    std::sort(list.begin(), list.end(), [k](const std::string& a, const std::string& b) {
      if (k == 0) return compare(Scheme::kDeb, a, b).value_or(0) < 0;
      return detail::debVerrevcmp(a, b) < 0;  // upstream-part and raw verrevcmp lists
    });
    EXPECT_EQ(list, strings(at(at(sorts, k), "expected_ascending"))) << "list " << k;
  }
}

TEST(DpkgConformance, UniversDebComparisonAndEquality) {
  const json::Document doc = test::loadJson(dir("dpkg/univers_deb_version_python_pkg_test.json"));
  ASSERT_EQ(doc.root().size(), 16u);
  for (const View& t : doc.root().elements()) {
    auto versions = strings(at(at(t, "input"), "versions"));
    ASSERT_EQ(str(at(at(t, "input"), "input_scheme")), "deb");
    if (str(at(t, "test_type")) == "comparison") {
      std::sort(versions.begin(), versions.end(),
                [](const std::string& a, const std::string& b) { return compare(Scheme::kDeb, a, b).value_or(0) < 0; });
      EXPECT_EQ(versions, strings(at(t, "expected_output")));
    } else {
      ASSERT_EQ(str(at(t, "test_type")), "equality");
      auto r = compare(Scheme::kDeb, versions.at(0), versions.at(1));
      ASSERT_TRUE(r.ok()) << r.error().describe();
      EXPECT_EQ(*r == 0, test::boolean(at(t, "expected_output"))) << versions[0] << " " << versions[1];
    }
  }
}

TEST(OpkgConformance, EveryRowOrdersLikeOpkg) {
  auto rows = loadCompareTsv(dir("opkg/opkg_version_compare.tsv"));
  ASSERT_EQ(rows.size(), 5u);
  for (const auto& r : rows) expectOrder(Scheme::kOpkg, r, "opkg_version_compare.tsv");
}

void expectRpmvercmp(const std::string& file, std::size_t count) {
  auto rows = loadCompareTsv(dir(file));
  ASSERT_EQ(rows.size(), count) << file;
  for (const auto& r : rows) {
    EXPECT_EQ(detail::rpmvercmp(r.a, r.b), r.expected) << file << ":" << r.line << " " << r.a << " " << r.b;
    EXPECT_EQ(detail::rpmvercmp(r.b, r.a), -r.expected) << file << ":" << r.line << " reversed";
  }
}

TEST(RpmConformance, RpmvercmpEveryRow) { expectRpmvercmp("rpm/rpmvercmp.tsv", 91); }
// rpm's own commented-out "oddities" are its current behaviour; we match it.
TEST(RpmConformance, RpmvercmpOdditiesMatchCurrentRpm) { expectRpmvercmp("rpm/rpmvercmp_oddities.tsv", 12); }

TEST(RpmConformance, EvrCompareEveryRow) {
  auto rows = loadCompareTsv(dir("rpm/rpm_evr_compare.tsv"));
  ASSERT_EQ(rows.size(), 7u);
  for (const auto& r : rows) expectOrder(Scheme::kRpm, r, "rpm_evr_compare.tsv");
}

TEST(RpmConformance, EvrParseEveryRow) {
  auto rows = test::loadTsv(dir("rpm/rpm_evr_parse.tsv"));
  ASSERT_EQ(rows.size(), 7u);
  for (auto& f : rows) {
    f.resize(4);
    auto v = parse(Scheme::kRpm, f[0]);
    ASSERT_TRUE(v.ok()) << f[0];
    EXPECT_EQ(v->has_epoch ? v->epoch : "", f[1]) << f[0];
    EXPECT_EQ(v->upstream, f[2]) << f[0];
    EXPECT_EQ(v->has_revision ? v->revision : "", f[3]) << f[0];
  }
}

}  // namespace
}  // namespace psirt::versions
