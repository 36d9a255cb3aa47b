// dpkg and opkg readers: status rules, Source parsing, pending updates/, purls,
// and bad input (every case: a warning naming file and line, partial, the
// rest still read).
#include <algorithm>

#include <gtest/gtest.h>

#include "agent/inventory/readers.h"
#include "tests/unit/inventory/sysroot_builder.h"

namespace psirt::inventory {
namespace {

using test::stanza;
using test::Sysroot;

const Item* findItem(const ReaderResult& r, const std::string& name) {
  auto it = std::find_if(r.items.begin(), r.items.end(), [&](const Item& i) { return i.name == name; });
  return it == r.items.end() ? nullptr : &*it;
}

bool anyWarningContains(const ReaderResult& r, const std::string& text) {
  return std::any_of(r.warnings.begin(), r.warnings.end(),
                     [&](const Warning& w) { return w.describe().find(text) != std::string::npos; });
}

ReadOptions optionsFor(const Sysroot& root) {
  ReadOptions o;
  o.sysroot = root.path();
  o.os.id = "debian";
  o.os.version_id = "12";
  return o;
}

TEST(DpkgReader, StatusRulesDecideWhatCountsAsInstalled) {
  Sysroot root;
  root.write("var/lib/dpkg/status",
             stanza("a-installed", "1.0", "install ok installed") +
                 stanza("b-awaited", "1.0", "install ok triggers-awaited") +
                 stanza("c-pending", "1.0", "install ok triggers-pending") +
                 stanza("d-halfconf", "1.0", "install ok half-configured") +
                 stanza("e-unpacked", "1.0", "install ok unpacked") +
                 stanza("f-halfinst", "1.0", "install reinstreq half-installed") +
                 stanza("g-conffiles", "1.0", "deinstall ok config-files") +
                 "Package: h-notinst\nStatus: purge ok not-installed\nArchitecture: amd64\n\n");
  auto r = readDpkg(optionsFor(root));
  EXPECT_TRUE(r.present);
  EXPECT_FALSE(r.partial);
  EXPECT_TRUE(r.warnings.empty());
  ASSERT_EQ(r.items.size(), 6u);
  for (const char* n : {"a-installed", "b-awaited", "c-pending", "d-halfconf", "e-unpacked"}) {
    ASSERT_NE(findItem(r, n), nullptr) << n;
    EXPECT_EQ(findItem(r, n)->state, ItemState::kInstalled) << n;
  }
  ASSERT_NE(findItem(r, "f-halfinst"), nullptr);
  EXPECT_EQ(findItem(r, "f-halfinst")->state, ItemState::kUncertain);
  EXPECT_EQ(findItem(r, "g-conffiles"), nullptr);
  EXPECT_EQ(findItem(r, "h-notinst"), nullptr);
}

TEST(DpkgReader, SourceFieldGivesSourceNameAndVersion) {
  Sysroot root;
  root.write("var/lib/dpkg/status",
             stanza("libssl3", "3.0.11-1~deb12u2", "install ok installed", "Source: openssl\n") +
                 stanza("libfoo1", "1.2-3+b1", "install ok installed", "Source: foo (1.2-3)\n", "i386") +
                 stanza("bar", "2:4.5-6", "install ok installed"));
  auto r = readDpkg(optionsFor(root));
  ASSERT_EQ(r.items.size(), 3u);
  const Item* ssl = findItem(r, "libssl3");
  EXPECT_EQ(ssl->source_name, "openssl");
  EXPECT_EQ(ssl->source_version, "3.0.11-1~deb12u2");
  EXPECT_EQ(ssl->purl, "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
  EXPECT_EQ(ssl->evidence.path, "/var/lib/dpkg/status");
  EXPECT_EQ(ssl->evidence.line, 1u);
  const Item* foo = findItem(r, "libfoo1");
  EXPECT_EQ(foo->source_name, "foo");
  EXPECT_EQ(foo->source_version, "1.2-3");
  EXPECT_EQ(foo->arch, "i386");
  const Item* bar = findItem(r, "bar");
  EXPECT_EQ(bar->source_name, "bar");
  EXPECT_EQ(bar->source_version, "2:4.5-6");
  EXPECT_EQ(bar->purl, "pkg:deb/debian/bar@2:4.5-6?arch=amd64&distro=debian-12");
}

TEST(DpkgReader, PendingUpdatesApplyInNumericOrder) {
  Sysroot root;
  root.write("var/lib/dpkg/status", stanza("curl", "7.0-1", "install ok installed") +
                                        stanza("gone", "1.0", "install ok installed"));
  // "10" sorts before "9" as text; dpkg applies 9 first, then 10.
  root.write("var/lib/dpkg/updates/9", stanza("curl", "7.5-1", "install ok unpacked"));
  root.write("var/lib/dpkg/updates/10", stanza("curl", "8.0-1", "install ok installed"));
  root.write("var/lib/dpkg/updates/0001", stanza("gone", "1.0", "deinstall ok config-files"));
  root.write("var/lib/dpkg/updates/tmp.i", stanza("curl", "0.1", "install ok installed"));
  auto r = readDpkg(optionsFor(root));
  EXPECT_FALSE(r.partial);
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].version, "8.0-1");
  EXPECT_EQ(r.items[0].evidence.path, "/var/lib/dpkg/updates/10");
}

TEST(DpkgReader, NoDatabaseMeansNotPresentAndNotPartial) {
  Sysroot root;
  auto r = readDpkg(optionsFor(root));
  EXPECT_FALSE(r.present);
  EXPECT_FALSE(r.partial);
  EXPECT_TRUE(r.items.empty());
}

TEST(DpkgReaderBadInput, TruncatedFileKeepsCompleteRecords) {
  Sysroot root;
  root.write("var/lib/dpkg/status", stanza("ok1", "1.0", "install ok installed") + "Package: cut\nStatus: install ok inst");
  auto r = readDpkg(optionsFor(root));
  EXPECT_TRUE(r.partial);
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].name, "ok1");
  EXPECT_TRUE(anyWarningContains(r, "status:12: file ends in the middle of a line")) << r.warnings[0].describe();
  EXPECT_TRUE(anyWarningContains(r, "package 'cut'"));
}

TEST(DpkgReaderBadInput, BinaryGarbageDropsOnlyItsStanza) {
  Sysroot root;
  std::string garbage("\x7f" "ELF\x02\x01\x01\0\0\0\xff\xfe\n\x01\x02:\x03\n", 17);
  root.write("var/lib/dpkg/status", stanza("before", "1.0", "install ok installed") + "Package: victim\n" + garbage +
                                        "Version: 1\n\n" + stanza("after", "2.0", "install ok installed"));
  auto r = readDpkg(optionsFor(root));
  EXPECT_TRUE(r.partial);
  EXPECT_NE(findItem(r, "before"), nullptr);
  EXPECT_NE(findItem(r, "after"), nullptr);
  EXPECT_EQ(findItem(r, "victim"), nullptr);
  EXPECT_TRUE(anyWarningContains(r, "status:12: NUL byte")) << (r.warnings.empty() ? "" : r.warnings[0].describe());
}

TEST(DpkgReaderBadInput, OversizedFieldDropsItsRecord) {
  Sysroot root;
  std::string huge((1u << 20) + 1, 'x');  // one byte over the 1 MiB cap
  root.write("var/lib/dpkg/status", stanza("small", "1.0", "install ok installed") +
                                        stanza("big", "1.0", "install ok installed", "X-Huge: " + huge + "\n") +
                                        stanza("tail", "1.0", "install ok installed"));
  auto r = readDpkg(optionsFor(root));
  EXPECT_TRUE(r.partial);
  EXPECT_NE(findItem(r, "small"), nullptr);
  EXPECT_NE(findItem(r, "tail"), nullptr);
  EXPECT_EQ(findItem(r, "big"), nullptr);
  EXPECT_TRUE(anyWarningContains(r, "status:16: field longer than 1048576 bytes (record from line 11 dropped)"))
      << (r.warnings.empty() ? "" : r.warnings[0].describe());
  // A long continuation (multi-line field) counts too.
  Sysroot root2;
  std::string lines;
  for (int i = 0; i < 20000; ++i) lines += " " + std::string(60, 'y') + "\n";
  root2.write("var/lib/dpkg/status", "Package: multi\nStatus: install ok installed\nVersion: 1\nDescription: x\n" +
                                         lines + "\n" + stanza("next", "1", "install ok installed"));
  auto r2 = readDpkg(optionsFor(root2));
  EXPECT_TRUE(r2.partial);
  EXPECT_EQ(findItem(r2, "multi"), nullptr);
  EXPECT_NE(findItem(r2, "next"), nullptr);
}

TEST(DpkgReaderBadInput, MissingBlankLineStartsANewRecord) {
  Sysroot root;
  root.write("var/lib/dpkg/status",
             "Package: one\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n"
             "Package: two\nStatus: install ok installed\nVersion: 2\nArchitecture: all\n");
  auto r = readDpkg(optionsFor(root));
  EXPECT_TRUE(r.partial);
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(findItem(r, "two")->evidence.line, 5u);
  EXPECT_TRUE(anyWarningContains(r, "status:5: 'Package' again without a blank line"));
}

TEST(DpkgReaderBadInput, DuplicatePackagesWarnAndKeepTheLater) {
  Sysroot root;
  root.write("var/lib/dpkg/status", stanza("dup", "1.0", "install ok installed") +
                                        stanza("dup", "2.0", "install ok installed") +
                                        stanza("dup", "3.0", "install ok installed", "", "i386"));
  auto r = readDpkg(optionsFor(root));
  EXPECT_TRUE(r.partial);
  ASSERT_EQ(r.items.size(), 2u);  // amd64 (later wins) and i386 (multi-arch is not a duplicate)
  EXPECT_EQ(findItem(r, "dup")->version, "2.0");
  EXPECT_TRUE(anyWarningContains(r, "status:11: duplicate record for 'dup:amd64' (first at line 1)"));
}

TEST(DpkgReaderBadInput, DuplicateFieldAndBadStatusDropTheRecord) {
  Sysroot root;
  root.write("var/lib/dpkg/status",
             "Package: twice\nVersion: 1\nVersion: 2\nStatus: install ok installed\n\n"
             "Package: weird\nVersion: 1\nStatus: install ok exploded\n\n"
             "Package: short\nVersion: 1\nStatus: installed\n\n" +
                 stanza("fine", "1", "install ok installed"));
  auto r = readDpkg(optionsFor(root));
  EXPECT_TRUE(r.partial);
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_TRUE(anyWarningContains(r, "status:3: duplicate field 'Version'"));
  EXPECT_TRUE(anyWarningContains(r, "status:6: package 'weird': unknown state 'exploded'"));
  EXPECT_TRUE(anyWarningContains(r, "status:10: package 'short': Status must be"));
}

TEST(DpkgReaderBadInput, UnreadableStatusIsAWarningNotACrash) {
  // A directory in place of the file: unreadable even for root.
  Sysroot root;
  root.mkdir("var/lib/dpkg/status");
  root.write("var/lib/dpkg/updates/0001", stanza("still-read", "1.0", "install ok installed"));
  auto r = readDpkg(optionsFor(root));
  EXPECT_TRUE(r.present);
  EXPECT_TRUE(r.partial);
  EXPECT_TRUE(anyWarningContains(r, "var/lib/dpkg/status: is a directory"));
  ASSERT_EQ(r.items.size(), 1u);
  Sysroot missing;
  missing.mkdir("var/lib/dpkg");
  auto m = readDpkg(optionsFor(missing));
  EXPECT_TRUE(m.partial);
  EXPECT_TRUE(anyWarningContains(m, "status: missing"));
}

TEST(DpkgReaderBadInput, TooManyWarningsAreSummarized) {
  Sysroot root;
  std::string text;
  for (int i = 0; i < 100; ++i) text += "garbage line " + std::to_string(i) + "\n\n";
  root.write("var/lib/dpkg/status", text + stanza("ok", "1", "install ok installed"));
  auto r = readDpkg(optionsFor(root));
  EXPECT_TRUE(r.partial);
  EXPECT_EQ(r.items.size(), 1u);
  EXPECT_LE(r.warnings.size(), 21u);
  EXPECT_TRUE(anyWarningContains(r, "80 further warnings suppressed"));
}

TEST(OpkgReader, ReadsBothStatusLocations) {
  Sysroot root;
  root.write("usr/lib/opkg/status", "Package: busybox\nVersion: 1.36.1-1\nStatus: install user installed\n"
                                    "Architecture: aarch64_cortex-a53\n\n");
  root.write("var/lib/opkg/status", "Package: dropbear\nVersion: 2022.83-1\nStatus: install ok installed\n"
                                    "Architecture: aarch64_cortex-a53\n\n");
  ReadOptions o;
  o.sysroot = root.path();
  o.os.id = "openwrt";
  o.os.version_id = "23.05.2";
  auto r = readOpkg(o);
  EXPECT_TRUE(r.present);
  EXPECT_FALSE(r.partial);
  EXPECT_EQ(r.items.size(), 2u);
  ASSERT_NE(findItem(r, "busybox"), nullptr);  // opkg's own "user" flag
  ASSERT_NE(findItem(r, "dropbear"), nullptr);
  EXPECT_EQ(findItem(r, "dropbear")->purl,
            "pkg:opkg/openwrt/dropbear@2022.83-1?arch=aarch64_cortex-a53&distro=openwrt-23.05.2");
}

TEST(StatusClassification, RejectsUnknownWords) {
  EXPECT_EQ(*classifyStatus("hold ok installed"), InstallState::kInstalled);
  EXPECT_EQ(*classifyStatus("install ok  half-installed"), InstallState::kUncertain);
  EXPECT_FALSE(classifyStatus("install ok installed extra"));
  EXPECT_FALSE(classifyStatus("want ok installed"));
  EXPECT_FALSE(classifyStatus("install bad installed"));
  EXPECT_FALSE(classifyStatus(""));
  EXPECT_FALSE(classifyStatus("install user installed"));  // an opkg flag is not dpkg's
  EXPECT_EQ(*classifyStatus("install user,hold installed", StatusDialect::kOpkg), InstallState::kInstalled);
  EXPECT_FALSE(classifyStatus("install user,bogus installed", StatusDialect::kOpkg));
}

}  // namespace
}  // namespace psirt::inventory
