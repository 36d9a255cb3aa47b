// apk, os-release, system-release-cpe and kernel readers.
#include <algorithm>

#include <gtest/gtest.h>

#include "agent/inventory/readers.h"
#include "tests/unit/inventory/sysroot_builder.h"

namespace psirt::inventory {
namespace {

using test::Sysroot;

bool anyWarningContains(const ReaderResult& r, const std::string& text) {
  return std::any_of(r.warnings.begin(), r.warnings.end(),
                     [&](const Warning& w) { return w.describe().find(text) != std::string::npos; });
}

TEST(ApkReader, ReadsNameVersionArchOrigin) {
  Sysroot root;
  root.write("lib/apk/db/installed",
             "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\nS:383152\no:musl\nF:lib\nR:libc.musl-x86_64.so.1\n\n"
             "C:Q1def=\nP:libcrypto3\nV:3.1.4-r5\nA:x86_64\no:openssl\nm:maintainer\n\n");
  ReadOptions o;
  o.sysroot = root.path();
  o.os.id = "alpine";
  o.os.version_id = "3.19.1";
  auto r = readApk(o);
  EXPECT_TRUE(r.present);
  EXPECT_FALSE(r.partial);
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(r.items[1].name, "libcrypto3");
  EXPECT_EQ(r.items[1].source_name, "openssl");
  EXPECT_EQ(r.items[1].evidence.line, 10u);
  EXPECT_EQ(r.items[1].purl, "pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1");
}

TEST(ApkReaderBadInput, GarbageTruncationAndDuplicatesAreWarnings) {
  Sysroot root;
  root.write("lib/apk/db/installed",
             "P:ok\nV:1\n\nP:broken\nthis is not a field\nV:2\n\nP:ok\nV:3\n\nP:noversion\n\nP:a\nV:1\nP:b\nV:2\n\nP:cut\nV:");
  ReadOptions o;
  o.sysroot = root.path();
  auto r = readApk(o);
  EXPECT_TRUE(r.partial);
  EXPECT_TRUE(anyWarningContains(r, "installed:5: not an 'X:value' line (record from line 4 dropped)"));
  EXPECT_TRUE(anyWarningContains(r, "installed:8: duplicate record for 'ok' (first at line 1)"));
  EXPECT_TRUE(anyWarningContains(r, "installed:11: record without P: or V: dropped"));
  EXPECT_TRUE(anyWarningContains(r, "installed:15: 'P:' again without a blank line"));
  EXPECT_TRUE(anyWarningContains(r, "installed:19: file ends in the middle of a line"));
  std::vector<std::string> names;
  for (const auto& i : r.items) names.push_back(i.name);
  EXPECT_EQ(names, (std::vector<std::string>{"ok", "ok", "a", "b"}));
}

TEST(OsRelease, ParsesQuotesEscapesAndCpe) {
  ReaderResult out;
  auto os = parseOsRelease(
      "# comment\nNAME=\"Red Hat Enterprise Linux\"\nID=\"RHEL\"\nVERSION_ID='9.3'\n"
      "PRETTY_NAME=\"Red Hat \\\"Enterprise\\\" Linux 9.3 (Plow)\"\nCPE_NAME=\"cpe:/o:redhat:enterprise_linux:9::baseos\"\n",
      "os-release", out);
  EXPECT_TRUE(out.warnings.empty());
  EXPECT_EQ(os.id, "rhel");
  EXPECT_EQ(os.version_id, "9.3");
  EXPECT_EQ(os.pretty_name, "Red Hat \"Enterprise\" Linux 9.3 (Plow)");
  EXPECT_EQ(os.cpe, "cpe:2.3:o:redhat:enterprise_linux:9:*:baseos:*:*:*:*:*");
  EXPECT_EQ(os.distroQualifier(), "rhel-9.3");
}

TEST(OsReleaseBadInput, BadLinesAreWarningsWithLineNumbers) {
  ReaderResult out;
  out.ecosystem = Ecosystem::kOs;
  auto os = parseOsRelease("ID=debian\nlower=case\nVERSION_ID=\"12\nPRETTY_NAME=a b\nCPE_NAME=nope\nVERSION_ID=12\n",
                           "os-release", out);
  EXPECT_EQ(os.id, "debian");
  EXPECT_EQ(os.version_id, "12");
  EXPECT_TRUE(out.partial);
  EXPECT_TRUE(anyWarningContains(out, "os-release:2: not a KEY=value line"));
  EXPECT_TRUE(anyWarningContains(out, "os-release:3: VERSION_ID: unterminated quote"));
  EXPECT_TRUE(anyWarningContains(out, "os-release:4: PRETTY_NAME: unquoted value"));
  EXPECT_TRUE(anyWarningContains(out, "os-release:5: CPE_NAME"));
}

TEST(OsRelease, FallsBackToUsrLibAndTakesSystemReleaseCpe) {
  Sysroot root;
  root.write("usr/lib/os-release", "ID=rocky\nVERSION_ID=\"8.9\"\n");
  root.write("etc/system-release-cpe", "cpe:/o:rocky:rocky:8:GA\n");
  OsInfo os;
  auto r = readOsRelease(root.path(), os);
  EXPECT_FALSE(r.partial);
  EXPECT_EQ(os.id, "rocky");
  EXPECT_EQ(os.cpe, "cpe:2.3:o:rocky:rocky:8:ga:*:*:*:*:*:*");
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].purl, "pkg:generic/os/rocky@8.9");
  EXPECT_EQ(r.items[0].evidence.path, "/usr/lib/os-release");
  // An unreadable etc/os-release (a directory) still falls back, with a warning.
  Sysroot broken;
  broken.mkdir("etc/os-release");
  broken.write("usr/lib/os-release", "ID=debian\nVERSION_ID=12\n");
  OsInfo os2;
  auto b = readOsRelease(broken.path(), os2);
  EXPECT_EQ(os2.id, "debian");
  EXPECT_TRUE(b.partial);
  EXPECT_TRUE(anyWarningContains(b, "etc/os-release: is a directory"));
}

TEST(Kernels, RunningAndInstalledKernelsAreItems) {
  std::vector<Item> packages(4);
  packages[0].ecosystem = Ecosystem::kDpkg;
  packages[0].name = "linux-image-6.1.0-18-amd64";
  packages[0].version = "6.1.76-1";
  packages[1].ecosystem = Ecosystem::kDpkg;
  packages[1].name = "linux-image-amd64";  // a meta package, not a kernel
  packages[2].ecosystem = Ecosystem::kRpm;
  packages[2].name = "kernel-core";
  packages[2].version = "5.14.0-362.8.1.el9_3";
  packages[2].arch = "x86_64";
  packages[3].ecosystem = Ecosystem::kDpkg;
  packages[3].name = "linux-image-6.1.0-17-amd64";
  packages[3].version = "6.1.69-1";
  auto r = readKernels(ReadOptions{}, packages, "6.1.0-18-amd64");
  ASSERT_EQ(r.items.size(), 4u);
  EXPECT_EQ(r.items[0].state, ItemState::kRunning);
  EXPECT_EQ(r.items[0].purl, "pkg:generic/kernel.org/linux@6.1.0-18-amd64");
  EXPECT_EQ(r.items[1].version, "6.1.0-18-amd64");
  EXPECT_EQ(r.items[1].state, ItemState::kRunning);
  EXPECT_EQ(r.items[2].version, "5.14.0-362.8.1.el9_3.x86_64");
  EXPECT_EQ(r.items[2].state, ItemState::kInstalled);
  EXPECT_EQ(r.items[3].state, ItemState::kInstalled);
  // Image scans: no running kernel, the installed ones only.
  auto image = readKernels(ReadOptions{}, packages, "");
  EXPECT_EQ(image.items.size(), 3u);
}

}  // namespace
}  // namespace psirt::inventory
