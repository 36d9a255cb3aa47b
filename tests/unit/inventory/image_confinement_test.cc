// Image scans stay inside the image: links resolved inside the sysroot, the
// rpm database handed to rpm only without links, os-release identifiers
// checked before they reach purls, and an empty root never "complete".
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include <gtest/gtest.h>

#include "agent/inventory/inventory.h"
#include "agent/inventory/readers.h"
#include "tests/unit/inventory/sysroot_builder.h"

namespace psirt::inventory {
namespace {

using test::Sysroot;

bool anyWarningContains(const std::vector<Warning>& ws, const std::string& text) {
  return std::any_of(ws.begin(), ws.end(), [&](const Warning& w) { return w.describe().find(text) != std::string::npos; });
}

void link(const Sysroot& root, const std::string& target, const std::string& at) {
  ASSERT_EQ(::symlink(target.c_str(), (root.path() + "/" + at).c_str()), 0);
}

TEST(ImageConfinement, AbsoluteStatusLinkReadsTheImageFileNotTheHosts) {
  Sysroot host, image;
  host.write("status", test::stanza("hostleak", "1", "install ok installed"));
  image.write("srv/status", test::stanza("inside", "1", "install ok installed"));
  image.mkdir("var/lib/dpkg");
  link(image, "/srv/status", "var/lib/dpkg/status");  // the image's /srv, not the host's
  ReadOptions o;
  o.sysroot = image.path();
  ReaderResult r = readDpkg(o);
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].name, "inside");
  EXPECT_FALSE(r.partial);

  std::remove((image.path() + "/var/lib/dpkg/status").c_str());
  link(image, host.path() + "/status", "var/lib/dpkg/status");
  r = readDpkg(o);
  EXPECT_TRUE(r.items.empty());
  EXPECT_TRUE(r.partial);
  EXPECT_TRUE(anyWarningContains(r.warnings, image.path() + "/var/lib/dpkg/status: cannot read: symbolic link whose "
                                                             "target does not exist inside the root"));
}

TEST(ImageConfinement, FifoOsReleaseIsAWarningNotAHang) {
  Sysroot image;
  image.mkdir("etc");
  ASSERT_EQ(::mkfifo((image.path() + "/etc/os-release").c_str(), 0600), 0);
  OsInfo os;
  ReaderResult r = readOsRelease(image.path(), os);
  EXPECT_TRUE(r.partial);
  EXPECT_TRUE(anyWarningContains(r.warnings, "/etc/os-release: cannot read: not a regular file (fifo)"));
}

struct FakeRpm {
  std::vector<std::string> argv;
  int calls = 0;
  ProcessRunner runner() {
    return [this](const std::vector<std::string>& a, const process::Options&) -> Result<process::Outcome> {
      ++calls;
      argv = a;
      process::Outcome ok;
      ok.exit_code = 0;
      return ok;
    };
  }
};

TEST(ImageConfinement, RpmGetsTheCanonicalDatabaseDirectory) {
  if (!process::findExecutable("rpm")) GTEST_SKIP() << "no rpm on this host";
  Sysroot image;
  image.write("usr/lib/sysimage/rpm/rpmdb.sqlite", "");
  image.mkdir("var/lib");
  link(image, "../../usr/lib/sysimage/rpm", "var/lib/rpm");  // Fedora's layout
  ReadOptions o;
  o.sysroot = image.path();
  FakeRpm fake;
  ReaderResult r = readRpm(o, fake.runner());
  ASSERT_EQ(fake.calls, 1);
  auto at = std::find(fake.argv.begin(), fake.argv.end(), "--dbpath");
  ASSERT_NE(at, fake.argv.end());
  EXPECT_EQ(*(at + 1), image.path() + "/usr/lib/sysimage/rpm");
}

TEST(ImageConfinement, RpmDatabaseLinkedToTheHostIsNeverHandedToRpm) {
  Sysroot host, image;
  host.write("rpm/rpmdb.sqlite", "host database");
  image.mkdir("var/lib");
  link(image, host.path() + "/rpm", "var/lib/rpm");  // whole directory: outside the image
  ReadOptions o;
  o.sysroot = image.path();
  FakeRpm fake;
  ReaderResult r = readRpm(o, fake.runner());
  EXPECT_EQ(fake.calls, 0);
  EXPECT_TRUE(r.partial);
  EXPECT_TRUE(anyWarningContains(r.warnings, image.path() + "/var/lib/rpm: is not a readable directory"));

  Sysroot image2;  // one file of the directory linked out
  image2.mkdir("var/lib/rpm");
  link(image2, host.path() + "/rpm/rpmdb.sqlite", "var/lib/rpm/rpmdb.sqlite");
  o.sysroot = image2.path();
  r = readRpm(o, fake.runner());
  EXPECT_EQ(fake.calls, 0);
  EXPECT_TRUE(r.partial);
  EXPECT_TRUE(anyWarningContains(r.warnings, image2.path() + "/var/lib/rpm/rpmdb.sqlite: symbolic link in the rpm "
                                                              "database directory"));
}

TEST(ImageConfinement, OsReleaseIdentifiersOutsideTheCharsetAreIgnored) {
  ReaderResult out;
  OsInfo os = parseOsRelease("ID=\"deb/../x?y\"\nID_LIKE=\"debian a&b\"\nVERSION_ID=\"12 x\"\nPRETTY_NAME=\"a\x1b[2Jb\"\n",
                             "/r/etc/os-release", out);
  EXPECT_EQ(os.id, "");
  EXPECT_EQ(os.id_like, "");
  EXPECT_EQ(os.version_id, "");
  EXPECT_EQ(os.pretty_name, "");
  EXPECT_TRUE(anyWarningContains(out.warnings, "/r/etc/os-release:1: ID: not an os-release identifier"));
  EXPECT_TRUE(anyWarningContains(out.warnings, "/r/etc/os-release:2: ID_LIKE: not an os-release identifier"));
  EXPECT_TRUE(anyWarningContains(out.warnings, "/r/etc/os-release:3: VERSION_ID: not an os-release identifier"));
  EXPECT_TRUE(anyWarningContains(out.warnings, "/r/etc/os-release:4: PRETTY_NAME: control characters"));

  ReaderResult ok;
  OsInfo good = parseOsRelease("ID=Debian\nID_LIKE=\"rhel fedora\"\nVERSION_ID=12.1_rc-2\n", "f", ok);
  EXPECT_EQ(good.id, "debian");  // lower-cased, then checked
  EXPECT_EQ(good.id_like, "rhel fedora");
  EXPECT_EQ(good.version_id, "12.1_rc-2");
  EXPECT_TRUE(ok.warnings.empty());
}

TEST(ImageConfinement, EmptyRootIsIncompleteAndMissingRootIsRefused) {
  Sysroot image;
  InventoryOptions o;
  o.sysroot = image.path();
  ASSERT_TRUE(checkSysroot(o.sysroot));
  Inventory inv = collectInventory(o);
  EXPECT_TRUE(inv.items.empty());
  for (Ecosystem e : {Ecosystem::kDpkg, Ecosystem::kRpm, Ecosystem::kOpkg, Ecosystem::kApk}) {
    EXPECT_TRUE(inv.partial(e)) << toString(e);
  }
  EXPECT_TRUE(anyWarningContains(inv.warnings, image.path() + ": no package database"));

  image.write("etc/psirt/sbom/x.json", "{}");  // any source present: not flagged as empty
  inv = collectInventory(o);
  EXPECT_FALSE(inv.partial(Ecosystem::kDpkg));

  auto missing = checkSysroot(image.path() + "/none");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().describe(), image.path() + "/none: sysroot does not exist");
  auto file = checkSysroot(image.path() + "/etc/psirt/sbom/x.json");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().describe(), image.path() + "/etc/psirt/sbom/x.json: sysroot is not a directory (regular file)");
}

}  // namespace
}  // namespace psirt::inventory
