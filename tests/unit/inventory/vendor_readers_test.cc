// Vendor product manifest and vendor CycloneDX SBOM readers.
#include <algorithm>

#include <gtest/gtest.h>

#include "agent/inventory/readers.h"
#include "tests/support/test_paths.h"
#include "tests/unit/inventory/sysroot_builder.h"

namespace psirt::inventory {
namespace {

using test::Sysroot;

bool anyWarningContains(const ReaderResult& r, const std::string& text) {
  return std::any_of(r.warnings.begin(), r.warnings.end(),
                     [&](const Warning& w) { return w.describe().find(text) != std::string::npos; });
}

ReadOptions at(const Sysroot& root) {
  ReadOptions o;
  o.sysroot = root.path();
  return o;
}

std::string fixture(const std::string& name) {
  return psirt::test::readTextFile(psirt::test::sourcePath("tests/unit/inventory/data/" + name));
}

TEST(ProductManifest, PartitionsAndHotfixesBecomeItemsWithEvidence) {
  Sysroot root;
  root.write("etc/psirt/product-manifest.json", fixture("product-manifest.json"));
  auto r = readProductManifest(at(root));
  EXPECT_TRUE(r.present);
  EXPECT_FALSE(r.partial) << (r.warnings.empty() ? "" : r.warnings[0].describe());
  ASSERT_EQ(r.items.size(), 4u);
  const Item& active = r.items[0];
  EXPECT_EQ(active.name, "omnipcx-enterprise");
  EXPECT_EQ(active.version, "12.4-M5.304.19");
  EXPECT_EQ(active.state, ItemState::kRunning);
  EXPECT_EQ(active.source_name, "12.4");
  EXPECT_EQ(active.purl, "pkg:generic/ale/omnipcx-enterprise@12.4-M5.304.19");
  EXPECT_EQ(active.cpe, "cpe:2.3:a:alcatel-lucent_enterprise:omnipcx_enterprise:12.4-m5.304.19:*:*:*:*:*:*:*");
  EXPECT_EQ(active.evidence.path, "/etc/psirt/product-manifest.json");
  EXPECT_EQ(active.evidence.sha256.size(), 64u);
  const Item& standby = r.items[1];
  EXPECT_EQ(standby.version, "12.4-M5.304.10");  // the human form "R12.4 M5.304.10" normalized
  EXPECT_EQ(standby.state, ItemState::kInstalled);
  EXPECT_EQ(standby.detail, "standby partition B");
  const Item& hotfix = r.items[2];
  EXPECT_EQ(hotfix.name, "hotfix-HF-12.4-0042");
  EXPECT_EQ(hotfix.purl, "pkg:generic/ale/hotfix-HF-12.4-0042");
  EXPECT_EQ(hotfix.source_version, "12.4-M5.304.19");
  EXPECT_EQ(hotfix.evidence.sha256, active.evidence.sha256);
}

TEST(ProductManifestBadInput, InvalidManifestsAreWarningsNamingTheField) {
  struct Case {
    const char* text;
    const char* warning;
    std::size_t items;
  } cases[] = {
      {"{", "invalid JSON", 0},
      // One duplicate-key rule for every JSON input: refused, naming the place.
      {R"({"vendor":"ale","vendor":"evil"})", "invalid JSON: at /vendor: duplicate object key", 0},
      {"[]", "must be a JSON object", 0},
      {R"({"vendor":"ALE","product":"x","release_line":"1","version":"1-a"})", "/vendor and /product", 0},
      {R"({"vendor":"ale","product":"x","release_line":"12.4","version":"12.2-M1.1.1"})", "not of release line 12.4", 0},
      {R"({"vendor":"ale","product":"x","release_line":"1","version":"1-a",
           "partitions":[{"name":"A","role":"sideways","version":"1-a"}]})", "/partitions/0: needs", 1},
      {R"({"vendor":"ale","product":"x","release_line":"1","version":"1-a",
           "hotfixes":[{"id":"ok"},{"id":"a/b"},7]})", "/hotfixes/1: needs a string", 2},
      {R"({"vendor":"ale","product":"x","release_line":"1","version":"1-a","hotfixes":{}})", "/hotfixes must be an array", 1},
  };
  for (const auto& c : cases) {
    ReaderResult out;
    out.ecosystem = Ecosystem::kVendor;
    auto items = parseProductManifest(c.text, "manifest.json", "00", out);
    EXPECT_TRUE(out.partial) << c.text;
    EXPECT_TRUE(anyWarningContains(out, c.warning)) << c.text << " -> "
                                                    << (out.warnings.empty() ? "" : out.warnings[0].describe());
    EXPECT_EQ(items.size(), c.items) << c.text;
  }
  // Deep nesting is bounded, not a stack overflow.
  ReaderResult out;
  std::string deep(100000, '[');
  EXPECT_TRUE(parseProductManifest(deep, "m.json", "", out).empty());
  EXPECT_TRUE(out.partial);
}

TEST(ProductManifestBadInput, UnreadableManifestMarksVendorPartial) {
  Sysroot root;
  root.mkdir("etc/psirt/product-manifest.json");
  auto r = readProductManifest(at(root));
  EXPECT_TRUE(r.present);
  EXPECT_TRUE(r.partial);
  EXPECT_TRUE(anyWarningContains(r, "product-manifest.json: is a directory"));
}

TEST(Sbom, NestedComponentsWithPurlAndCpe) {
  Sysroot root;
  root.write("etc/psirt/sbom/omnipcx-12.4.cdx.json", fixture("sbom.cdx.json"));
  auto r = readSboms(at(root));
  EXPECT_TRUE(r.present);
  EXPECT_FALSE(r.partial);
  ASSERT_EQ(r.items.size(), 4u);
  EXPECT_EQ(r.items[0].name, "openssl");
  EXPECT_EQ(r.items[0].cpe, "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*");
  EXPECT_EQ(r.items[0].evidence.path, "/etc/psirt/sbom/omnipcx-12.4.cdx.json");
  EXPECT_EQ(r.items[0].evidence.sha256.size(), 64u);
  EXPECT_EQ(r.items[1].name, "zlib");
  EXPECT_EQ(r.items[2].purl, "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1");
  EXPECT_EQ(r.items[3].purl, "pkg:generic/sip-stack@4.2");  // no purl given: a generic one
}

TEST(SbomBadInput, BadComponentsAreSkippedOthersKept) {
  ReaderResult out;
  auto items = parseSbom(R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[
      {"name":"good","version":"1","purl":"pkg:generic/good@1"},
      {"version":"2"},
      {"name":"badpurl","purl":"not a purl","cpe":"cpe:9"},
      "string"]})",
                         "sbom.json", "", out);
  EXPECT_TRUE(out.partial);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_TRUE(anyWarningContains(out, "/components/1: component without a valid \"name\""));
  EXPECT_TRUE(anyWarningContains(out, "/components/2/purl"));
  EXPECT_TRUE(anyWarningContains(out, "/components/2/cpe"));
  EXPECT_TRUE(anyWarningContains(out, "/components/3: not an object"));
  ReaderResult wrong;
  EXPECT_TRUE(parseSbom(R"({"bomFormat":"SPDX"})", "x.json", "", wrong).empty());
  EXPECT_TRUE(anyWarningContains(wrong, "not a CycloneDX JSON document"));
  ReaderResult old;
  EXPECT_TRUE(parseSbom(R"({"bomFormat":"CycloneDX","specVersion":"1.2"})", "x.json", "", old).empty());
  EXPECT_TRUE(anyWarningContains(old, "unsupported CycloneDX specVersion '1.2'"));
}

}  // namespace
}  // namespace psirt::inventory
