// Confined writes inside a RootDir (rooted.h, rooted_write.cc): the last
// component is never followed, non-regular targets are refused, symlinks in
// the directory part stay inside the root, nothing is written outside.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "platform/fs/fs.h"
#include "platform/fs/rooted.h"
#include "tests/support/temp_dir.h"

namespace psirt::fs {
namespace {

struct Image {
  test::TempDir dir;
  std::string root = dir.file("root");
  std::string outside = dir.file("outside");
  Image() {
    EXPECT_TRUE(makeDirectories(root + "/etc"));
    EXPECT_TRUE(makeDirectories(outside));
    EXPECT_TRUE(writeFileAtomic(outside + "/victim", "host file\n", 0644));
  }
  RootDir open(RootDir::Resolver resolver = RootDir::Resolver::kAuto) const {
    auto r = RootDir::open(root, resolver);
    EXPECT_TRUE(r);
    return std::move(*r);
  }
};

std::vector<std::string> names(const std::string& dir) {
  std::vector<std::string> out;
  if (auto l = listDirectory(dir)) {
    for (const auto& e : *l) out.push_back(e.name);
  }
  return out;
}

TEST(FsRootedWrite, ReplaceCreatesWithModeAndReadsBack) {
  Image img;
  RootDir root = img.open();
  ASSERT_TRUE(root.replaceRegular("/etc/new.conf", "a=1\n", {0640, std::nullopt, std::nullopt}));
  auto info = root.statRegular("/etc/new.conf");
  ASSERT_TRUE(info && *info);
  EXPECT_EQ((*info)->mode, 0640u);
  EXPECT_EQ((*info)->size, 4u);
  EXPECT_EQ(root.readRegular("etc/new.conf", 100).value_or(""), "a=1\n");
  ASSERT_TRUE(root.replaceRegular("/etc/new.conf", "a=2\n", {04755, ::getuid(), ::getgid()}));
  EXPECT_EQ(readFile(img.root + "/etc/new.conf", 100).value_or(""), "a=2\n");
  EXPECT_EQ((*root.statRegular("/etc/new.conf"))->mode, 04755u);  // set-uid kept: chmod after chown
  EXPECT_EQ(names(img.root + "/etc"), std::vector<std::string>{"new.conf"});  // no temp left
  auto missing = root.statRegular("/etc/none");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
}

TEST(FsRootedWrite, SymlinkAsLastComponentIsRefusedAndTargetUntouched) {
  Image img;
  ASSERT_EQ(::symlink((img.outside + "/victim").c_str(), (img.root + "/etc/link").c_str()), 0);
  RootDir root = img.open();
  Status w = root.replaceRegular("/etc/link", "evil", {0644, std::nullopt, std::nullopt});
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().describe(), img.root + "/etc/link: not a regular file (symbolic link)");
  EXPECT_FALSE(root.removeRegular("/etc/link"));
  EXPECT_FALSE(root.statRegular("/etc/link"));
  auto r = root.readRegular("/etc/link", 100);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().describe(), img.root + "/etc/link: not a regular file (symbolic link)");
  EXPECT_EQ(readFile(img.outside + "/victim", 100).value_or(""), "host file\n");
  EXPECT_EQ(names(img.root + "/etc"), std::vector<std::string>{"link"});
}

TEST(FsRootedWrite, SymlinkedDirectoryToTheHostStaysInsideTheRoot) {
  Image img;
  // /etc/d -> <host outside dir>: inside the root that absolute path does not exist.
  ASSERT_EQ(::symlink(img.outside.c_str(), (img.root + "/etc/d").c_str()), 0);
  // /etc/up -> ../../../..: clamped at the root.
  ASSERT_EQ(::symlink("../../../../..", (img.root + "/etc/up").c_str()), 0);
  for (auto resolver : {RootDir::Resolver::kAuto, RootDir::Resolver::kPortable}) {
    RootDir root = img.open(resolver);
    Status w = root.replaceRegular("/etc/d/victim", "evil", {0644, std::nullopt, std::nullopt});
    ASSERT_FALSE(w);
    EXPECT_NE(w.error().describe().find(img.root + "/etc/d/victim: cannot open its directory"), std::string::npos)
        << w.error().describe();
    ASSERT_TRUE(root.replaceRegular("/etc/up/top", "inside", {0644, std::nullopt, std::nullopt}));
    EXPECT_EQ(readFile(img.root + "/top", 100).value_or(""), "inside");  // landed at the root, not above it
    ASSERT_TRUE(root.removeRegular("/etc/up/top"));
  }
  EXPECT_EQ(readFile(img.outside + "/victim", 100).value_or(""), "host file\n");
  EXPECT_EQ(names(img.outside), std::vector<std::string>{"victim"});
}

TEST(FsRootedWrite, FifoDeviceAndDirectoryTargetsAreRefused) {
  Image img;
  ASSERT_EQ(::mkfifo((img.root + "/etc/fifo").c_str(), 0600), 0);
  ASSERT_TRUE(makeDirectories(img.root + "/etc/dir"));
  RootDir root = img.open();
  for (const auto& [path, type] : std::vector<std::pair<std::string, std::string>>{
           {"/etc/fifo", "fifo"}, {"/etc/dir", "directory"}}) {
    Status w = root.replaceRegular(path, "x", {0644, std::nullopt, std::nullopt});
    ASSERT_FALSE(w) << path;
    EXPECT_EQ(w.error().describe(), img.root + path + ": not a regular file (" + type + ")");
    EXPECT_FALSE(root.removeRegular(path)) << path;
  }
  if (::mknod((img.root + "/etc/null").c_str(), S_IFCHR | 0600, makedev(1, 3)) == 0) {
    Status w = root.replaceRegular("/etc/null", "x", {0644, std::nullopt, std::nullopt});
    ASSERT_FALSE(w);
    EXPECT_EQ(w.error().describe(), img.root + "/etc/null: not a regular file (character device)");
  }
  struct stat st{};
  ASSERT_EQ(::lstat((img.root + "/etc/fifo").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_EQ(names(img.root + "/etc/dir"), std::vector<std::string>{});
}

TEST(FsRootedWrite, RemoveAndAbandonedTemps) {
  Image img;
  RootDir root = img.open();
  ASSERT_TRUE(writeFileAtomic(img.root + "/etc/f", "x"));
  ASSERT_TRUE(writeFileAtomic(img.root + "/etc/f.tmp.AbC123", "left by a killed writer"));
  ASSERT_TRUE(writeFileAtomic(img.root + "/etc/g.tmp.AbC123", "another file's temp"));
  root.removeAbandonedTemps("/etc/f");
  EXPECT_EQ(names(img.root + "/etc"), (std::vector<std::string>{"f", "g.tmp.AbC123"}));
  ASSERT_TRUE(root.removeRegular("/etc/f"));
  ASSERT_TRUE(root.removeRegular("/etc/f"));  // nothing there: success
  EXPECT_EQ(names(img.root + "/etc"), std::vector<std::string>{"g.tmp.AbC123"});
}

}  // namespace
}  // namespace psirt::fs
