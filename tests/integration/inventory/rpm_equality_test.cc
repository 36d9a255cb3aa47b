// Inventory equality with the real rpm: the test builds one spec with many
// noarch subpackages (epochs, '~', '^', different versions), installs them
// into a temporary root with `rpm --root ... --justdb --nodeps -i`, and our
// reader's (name, epoch, version, release, arch, source rpm) must equal
// `rpm -qa` over the same database.
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "agent/inventory/readers.h"
#include "platform/fs/fs.h"
#include "tests/integration/inventory/host_tools.h"
#include "tests/support/temp_dir.h"

namespace psirt::inventory {
namespace {

struct Sub {
  const char* suffix;
  const char* epoch;    // "" = none
  const char* version;  // "" = the main package's
  const char* release;
};

constexpr Sub kSubs[] = {
    {"libs", "", "", ""},           {"epoch1", "1", "2.0", "1"},      {"epoch7", "7", "0.9~rc2", "3.el9"},
    {"tilde", "", "3.0~beta1", "1"}, {"caret", "", "3.0^20240101git", "2"}, {"big", "12", "100.200.300", "99.fc40"},
    {"letters", "", "1.0a", "1b"},  {"devel", "", "", ""},            {"plus", "", "2.4+dfsg", "0.1"},
    {"zero", "0", "0.0.1", "0"},    {"date", "", "20240229", "1.el8_10"}, {"long", "", "1.2.3.4.5.6.7.8", "1.2.3"},
};

std::string specText() {
  std::string s =
      "Name: psirt-multi\nVersion: 1.2.3\nRelease: 4.el9\nSummary: test\nLicense: MIT\nBuildArch: noarch\n"
      "%description\ntest\n%files\n";
  for (const auto& sub : kSubs) {
    s += std::string("%package ") + sub.suffix + "\nSummary: " + sub.suffix + "\n";
    if (*sub.epoch) s += std::string("Epoch: ") + sub.epoch + "\n";
    if (*sub.version) s += std::string("Version: ") + sub.version + "\n";
    if (*sub.release) s += std::string("Release: ") + sub.release + "\n";
    s += std::string("%description ") + sub.suffix + "\nx\n%files " + sub.suffix + "\n";
  }
  return s;
}

TEST(RpmEquality, OurReaderEqualsRpmQaOnADatabaseBuiltByTheTest) {
  if (!test::hostHas("/usr/bin/rpm") || !test::hostHas("/usr/bin/rpmbuild")) GTEST_SKIP() << "no rpm/rpmbuild";
  psirt::test::TempDir tmp;
  ASSERT_TRUE(fs::writeFileAtomic(tmp.file("multi.spec"), specText(), 0644));
  test::runCapture("/usr/bin/rpmbuild --quiet --define '_topdir " + tmp.file("top") + "' -bb " +
                   tmp.file("multi.spec") + " >/dev/null 2>&1");
  std::string root = tmp.file("root");
  ASSERT_TRUE(fs::makeDirectories(root, 0755));
  test::runCapture("/usr/bin/rpm --root " + root + " --dbpath /var/lib/rpm --justdb --nodeps -i " + tmp.file("top") +
                   "/RPMS/noarch/*.rpm 2>/dev/null");

  std::string reference = test::runCapture("/usr/bin/rpm --dbpath " + root +
                                           "/var/lib/rpm -qa --qf '%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t"
                                           "%{ARCH}\\t%{SOURCERPM}\\n'");
  std::set<std::string> expected;
  std::istringstream lines(reference);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    std::istringstream fields(line);
    std::string field;
    while (std::getline(fields, field, '\t')) f.push_back(field);
    ASSERT_EQ(f.size(), 6u) << line;
    std::string evr = (f[1] == "(none)" ? "" : f[1] + ":") + f[2] + "-" + f[3];
    expected.insert(f[0] + " " + evr + " " + f[4] + " " + f[5]);
  }
  ASSERT_EQ(expected.size(), std::size(kSubs) + 1) << reference;

  ReadOptions options;
  options.sysroot = root;
  options.os.id = "rhel";
  options.os.version_id = "9.3";
  auto result = readRpm(options);
  for (const auto& w : result.warnings) ADD_FAILURE() << w.describe();
  EXPECT_TRUE(result.present);
  EXPECT_FALSE(result.partial);
  std::set<std::string> ours;
  for (const auto& item : result.items) {
    ours.insert(item.name + " " + item.version + " " + item.arch + " " + item.detail);
    EXPECT_EQ(item.source_name, "psirt-multi");
    EXPECT_EQ(item.source_version, "1.2.3-4.el9");
    EXPECT_EQ(item.evidence.path, "/var/lib/rpm/rpmdb.sqlite");
  }
  EXPECT_EQ(ours, expected);
  for (const auto& item : result.items) {
    if (item.name == "psirt-multi-epoch7") {
      EXPECT_EQ(item.purl, "pkg:rpm/redhat/psirt-multi-epoch7@0.9~rc2-3.el9?arch=noarch&distro=rhel-9.3&epoch=7");
    }
  }
  std::printf("compared %zu packages with rpm -qa (backend sqlite)\n", expected.size());
}

}  // namespace
}  // namespace psirt::inventory
