// Streamed readers and the inventory's limits (docs/formats/inventory.md,
// "Limits"): the streamed status parser equals the whole-text one at every
// chunk size; a reached limit names the file and the limit and marks the
// ecosystem partial; the item sort is stable.
#include <algorithm>
#include <tuple>

#include <gtest/gtest.h>

#include "agent/inventory/inventory.h"
#include "agent/inventory/line_splitter.h"
#include "agent/inventory/readers.h"
#include "tests/unit/inventory/sysroot_builder.h"

namespace psirt::inventory {
namespace {

using test::Sysroot;

// Good records, a damaged one (NUL), a duplicate field, a long description,
// a record without a blank line before it, and no final newline.
constexpr char kStatusText[] =
    "Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: amd64\nSource: srca (0.9)\n"
    "Description: one\n more\n .\n end\n\n"
    "Package: b\nStatus: install ok half-installed\nVersion: 2\n\n"
    "Package: bad\nStatus: install ok installed\nVer\0sion: 3\n\n"
    "Package: dup\nStatus: install ok installed\nVersion: 1\nVersion: 2\n\n"
    "Package: c\nStatus: deinstall ok config-files\n"
    "Package: d\nStatus: install ok installed\nVersion: 4";
const std::string kStatus(kStatusText, sizeof kStatusText - 1);  // keeps the NUL

std::string describeAll(const std::vector<StatusRecord>& records, const ReaderResult& out) {
  std::string s;
  for (const auto& r : records) {
    s += r.package + "|" + r.arch + "|" + r.version + "|" + r.source + "|" + r.source_version + "|" + r.status + "|" +
         std::to_string(r.line) + "\n";
  }
  std::vector<std::string> warnings;
  for (const auto& w : out.warnings) warnings.push_back(w.describe());
  std::sort(warnings.begin(), warnings.end());  // streamed: control and record warnings interleave
  for (const auto& w : warnings) s += w + "\n";
  return s + (out.partial ? "partial" : "complete");
}

TEST(StatusFileStream, EqualsTheWholeTextParserAtEveryChunkSize) {
  const std::string& text = kStatus;
  ReaderResult whole_out;
  auto whole = parseStatusFile(text, "status", ControlLimits{}, whole_out);
  ASSERT_GE(whole.size(), 3u);
  const std::string expected = describeAll(whole, whole_out);
  for (std::size_t chunk = 1; chunk <= text.size(); ++chunk) {
    ReaderResult out;
    std::vector<StatusRecord> records;
    StatusFileStream stream("status", ControlLimits{}, out, StatusDialect::kDpkg,
                            [&](StatusRecord&& r) { records.push_back(std::move(r)); });
    for (std::size_t pos = 0; pos < text.size(); pos += chunk) stream.feed(std::string_view(text).substr(pos, chunk));
    stream.finish();
    ASSERT_EQ(describeAll(records, out), expected) << "chunk size " << chunk;
  }
}

TEST(LineSplitter, AnOverlongLineIsSkippedNotBuffered) {
  std::vector<std::string> lines;
  std::size_t overlong = 0;
  LineSplitter split(8, [&](std::string_view l, bool terminated) { lines.push_back(std::string(l) + (terminated ? "" : "$")); },
                     [&] { ++overlong; });
  split.feed("short\n0123456");
  split.feed("789abcdef\nnext\nlast");
  split.finish();
  EXPECT_EQ(overlong, 1u);
  EXPECT_EQ(lines, (std::vector<std::string>{"short", "next", "last$"}));
}

ReadOptions limited(const Sysroot& root, std::size_t max_items, std::uint64_t max_bytes = std::uint64_t{1} << 30) {
  ReadOptions o;
  o.sysroot = root.path();
  o.totals = InventoryLimits{max_items, max_bytes};
  o.left = o.totals;
  return o;
}

bool anyWarningContains(const std::vector<Warning>& warnings, const std::string& text) {
  return std::any_of(warnings.begin(), warnings.end(),
                     [&](const Warning& w) { return w.describe().find(text) != std::string::npos; });
}

std::string packages(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += "Package: p" + std::to_string(i) + "\nStatus: install ok installed\nVersion: 1\n\n";
  return s;
}

TEST(InventoryLimits, DpkgStopsAtTheItemLimitNamingFileAndLimit) {
  Sysroot root;
  root.write("var/lib/dpkg/status", packages(10));
  auto r = readDpkg(limited(root, 4));
  EXPECT_EQ(r.items.size(), 4u);
  EXPECT_TRUE(r.partial);
  EXPECT_TRUE(anyWarningContains(r.warnings, "var/lib/dpkg/status: inventory limit of 4 items reached"));
  auto all = readDpkg(limited(root, 10));
  EXPECT_EQ(all.items.size(), 10u);
  EXPECT_FALSE(all.partial);
}

TEST(InventoryLimits, ApkAndSbomStopAtTheItemLimit) {
  Sysroot root;
  std::string apk;
  for (int i = 0; i < 6; ++i) apk += "P:a" + std::to_string(i) + "\nV:1\n\n";
  root.write("lib/apk/db/installed", apk);
  auto a = readApk(limited(root, 2));
  EXPECT_EQ(a.items.size(), 2u);
  EXPECT_TRUE(a.partial);
  EXPECT_TRUE(anyWarningContains(a.warnings, "lib/apk/db/installed: inventory limit of 2 items reached"));
  std::string sbom = R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[)";
  for (int i = 0; i < 5; ++i) sbom += std::string(i ? "," : "") + R"({"name":"c)" + std::to_string(i) + R"(","version":"1"})";
  sbom += "]}";
  root.write("etc/psirt/sbom/a.json", sbom);
  root.write("etc/psirt/sbom/b.json", sbom);
  auto s = readSboms(limited(root, 3));
  EXPECT_EQ(s.items.size(), 3u);
  EXPECT_TRUE(s.partial);
  EXPECT_TRUE(anyWarningContains(s.warnings, "a.json: inventory limit of 3 items reached"));
  EXPECT_TRUE(anyWarningContains(s.warnings, "b.json: inventory limit of 3 items reached"));  // not read
}

TEST(InventoryLimits, BytesReadAreBoundedAcrossFiles) {
  Sysroot root;
  root.write("var/lib/dpkg/status", packages(3));
  auto fits = readDpkg(limited(root, 100, 4096));
  EXPECT_FALSE(fits.partial);
  EXPECT_GT(fits.bytes_read, 0u);
  auto over = readDpkg(limited(root, 100, fits.bytes_read - 1));
  EXPECT_TRUE(over.partial);
  EXPECT_TRUE(anyWarningContains(over.warnings, "inventory limit of " + std::to_string(fits.bytes_read - 1) +
                                                    " bytes read reached"));
}

TEST(InventoryLimits, CollectInventorySharesTheLimitsAndStaysSorted) {
  Sysroot root;
  root.write("etc/os-release", "ID=debian\nVERSION_ID=12\n");
  root.write("var/lib/dpkg/status", packages(6));
  root.write("lib/apk/db/installed", "P:z\nV:1\n\nP:y\nV:1\n\n");
  InventoryOptions o;
  o.sysroot = root.path();
  o.totals.max_items = 5;  // os + 4 dpkg: apk gets nothing
  Inventory inv = collectInventory(o);
  EXPECT_EQ(inv.items.size(), 5u);
  EXPECT_TRUE(inv.partial(Ecosystem::kDpkg));
  EXPECT_TRUE(inv.partial(Ecosystem::kApk));
  EXPECT_TRUE(anyWarningContains(inv.warnings, "lib/apk/db/installed: inventory limit of 5 items reached"));
  EXPECT_TRUE(std::is_sorted(inv.items.begin(), inv.items.end(), [](const Item& a, const Item& b) {
    return std::tie(a.ecosystem, a.name) < std::tie(b.ecosystem, b.name);
  }));
  // Written streamed, the JSON says it is incomplete.
  EXPECT_NE(toJson(inv).find("\"complete\": false"), std::string::npos);
}

}  // namespace
}  // namespace psirt::inventory
