// The one non-blocking, type-checked open for reading (read_open.h) and the
// rooted resolver (rooted.h), both resolvers: openat2 and the portable walk.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>

#include "platform/fs/fs.h"
#include "platform/fs/read_open.h"
#include "platform/fs/rooted.h"
#include "tests/support/temp_dir.h"

namespace psirt::fs {
namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

void put(const std::string& path, const std::string& content) { ASSERT_TRUE(writeFileAtomic(path, content)); }

TEST(FsOpenRead, FifoIsRefusedWithoutBlocking) {
  test::TempDir dir;
  ASSERT_EQ(::mkfifo(dir.file("f").c_str(), 0600), 0);
  auto r = readFile(dir.file("f"), 100);  // a blocking open would hang here: no writer
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().describe(), dir.file("f") + ": not a regular file (fifo)");
  Status c = readChunks(dir.file("f"), 16, 100, [](std::span<const std::uint8_t>) { return okStatus(); });
  ASSERT_FALSE(c);
  EXPECT_TRUE(contains(c.error().message, "(fifo)"));
}

TEST(FsOpenRead, DeviceAndDirectoryAreRefusedByType) {
  test::TempDir dir;
  auto dev = readFile("/dev/null", 100);
  ASSERT_FALSE(dev);
  EXPECT_EQ(dev.error().describe(), "/dev/null: not a regular file (character device)");
  auto d = readFile(dir.path(), 100);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().describe(), dir.path() + ": not a regular file (directory)");
}

TEST(FsOpenRead, NoFollowRefusesALinkButFollowReadsIt) {
  test::TempDir dir;
  put(dir.file("a"), "x");
  ASSERT_EQ(::symlink("a", dir.file("l").c_str()), 0);
  auto followed = readFile(dir.file("l"), 10);
  ASSERT_TRUE(followed) << followed.error().describe();
  EXPECT_EQ(*followed, "x");
  auto refused = readFile(dir.file("l"), 10, Follow::kNo);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().context, dir.file("l"));
  EXPECT_TRUE(contains(refused.error().message, "symbolic link"));
}

// /proc/kmsg looks regular but blocks; an empty pipe read non-blocking is the
// same situation without touching the kernel log.
TEST(FsOpenRead, AReadThatWouldBlockFailsInsteadOfHanging) {
  int p[2];
  ASSERT_EQ(::pipe2(p, O_NONBLOCK | O_CLOEXEC), 0);
  Status st = detail::readFdChunks(p[0], "pipe", 16, 100, [](std::span<const std::uint8_t>) { return okStatus(); });
  ::close(p[0]);
  ::close(p[1]);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().describe(), "pipe: read would block (not an ordinary file)");
}

TEST(FsOpenRead, ListingAFifoDoesNotBlock) {
  test::TempDir dir;
  ASSERT_EQ(::mkfifo(dir.file("f").c_str(), 0600), 0);
  auto l = listDirectory(dir.file("f"));
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error().context, dir.file("f"));
}

// ---- RootDir, once per resolver ------------------------------------------

class Rooted : public ::testing::TestWithParam<RootDir::Resolver> {
 protected:
  void SetUp() override {
    if (GetParam() == RootDir::Resolver::kAuto && !RootDir::kernelResolvesInRoot()) {
      GTEST_SKIP() << "no openat2 RESOLVE_IN_ROOT on this kernel (the portable case still runs)";
    }
    // host/secret: a file OUTSIDE the root with recognisable content.
    ASSERT_TRUE(makeDirectories(host.file("img/etc/sub")));
    put(host.file("secret"), "HOST-SECRET");
    put(host.file("img/etc/os-release"), "ID=inside\n");
    put(host.file("img/secret"), "IMAGE-SECRET");
  }
  RootDir root() {
    auto r = RootDir::open(host.file("img"), GetParam());
    EXPECT_TRUE(r) << r.error().describe();
    return std::move(*r);
  }
  void link(const std::string& target, const std::string& at) {
    ASSERT_EQ(::symlink(target.c_str(), host.file("img/" + at).c_str()), 0);
  }
  test::TempDir host;
};

TEST_P(Rooted, PlainPathsAndInRootLinksRead) {
  link("/etc/os-release", "abs");        // absolute: from the image's root
  link("etc/os-release", "rel");
  link("../os-release", "etc/sub/up");
  RootDir r = root();
  for (const char* p : {"etc/os-release", "/etc/os-release", "abs", "rel", "etc/sub/up", "etc/sub/../os-release"}) {
    auto t = r.readFile(p, 100);
    ASSERT_TRUE(t) << p << ": " << t.error().describe();
    EXPECT_EQ(*t, "ID=inside\n") << p;
  }
}

TEST_P(Rooted, AbsoluteLinkToAHostFileNeverReadsTheHost) {
  link(host.file("secret"), "escape");
  RootDir r = root();
  auto t = r.readFile("escape", 100);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().context, host.file("img/escape"));
  EXPECT_TRUE(contains(t.error().message, "target does not exist inside the root")) << t.error().describe();
  EXPECT_EQ(r.kind("escape").value_or(RootDir::Kind::kMissing), RootDir::Kind::kDanglingLink);
}

TEST_P(Rooted, DotDotIsClampedAtTheRoot) {
  link("../../../../../../../../secret", "etc/sub/dots");
  RootDir r = root();
  for (const char* p : {"etc/sub/dots", "../secret", "../../secret", "etc/../../secret"}) {
    auto t = r.readFile(p, 100);
    ASSERT_TRUE(t) << p << ": " << t.error().describe();
    EXPECT_EQ(*t, "IMAGE-SECRET") << p;  // the image's /secret, never the host's
  }
}

TEST_P(Rooted, DirectoryLinkToTheHostIsNotListed) {
  link(host.path(), "etc/psirt");  // the whole host temp dir, seen from outside
  RootDir r = root();
  auto l = r.listDirectory("etc/psirt");
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error().context, host.file("img/etc/psirt"));
  auto t = r.readFile("etc/psirt/secret", 100);
  ASSERT_FALSE(t);
}

TEST_P(Rooted, LinkLoopIsAnErrorNamingThePath) {
  link("b", "a");
  link("a", "b");
  RootDir r = root();
  auto t = r.readFile("a", 100);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().context, host.file("img/a"));
  EXPECT_TRUE(contains(t.error().message, "loop")) << t.error().describe();
  EXPECT_FALSE(r.kind("a"));
}

TEST_P(Rooted, FifoAndDeviceLinkAreRefusedByType) {
  ASSERT_EQ(::mkfifo(host.file("img/fifo").c_str(), 0600), 0);
  link("fifo", "to-fifo");
  RootDir r = root();
  for (const char* p : {"fifo", "to-fifo"}) {
    auto t = r.readFile(p, 100);
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().describe(), host.file(std::string("img/") + p) + ": not a regular file (fifo)");
  }
  EXPECT_EQ(r.kind("fifo").value_or(RootDir::Kind::kMissing), RootDir::Kind::kOther);
  auto l = r.listDirectory("to-fifo");
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error().describe(), host.file("img/to-fifo") + ": cannot list directory: not a directory (fifo)");
}

TEST_P(Rooted, ListingGivesEntryTypesAndKindsResolveInside) {
  link("/etc", "etc-link");
  RootDir r = root();
  auto l = r.listDirectory("etc-link");
  ASSERT_TRUE(l) << l.error().describe();
  ASSERT_EQ(l->size(), 2u);
  EXPECT_EQ((*l)[0].name, "os-release");
  EXPECT_TRUE((*l)[0].is_regular);
  EXPECT_EQ((*l)[1].name, "sub");
  EXPECT_TRUE((*l)[1].is_directory);
  EXPECT_EQ(*r.kind("etc-link"), RootDir::Kind::kDirectory);
  EXPECT_EQ(*r.kind("etc-link/os-release"), RootDir::Kind::kRegular);
  EXPECT_EQ(*r.kind("nothing"), RootDir::Kind::kMissing);
  EXPECT_EQ(*r.kind("etc/os-release/below"), RootDir::Kind::kMissing);
}

TEST_P(Rooted, CanonicalHasNoLinks) {
  ASSERT_TRUE(makeDirectories(host.file("img/usr/lib/sysimage/rpm")));
  ASSERT_TRUE(makeDirectories(host.file("img/var/lib")));
  link("../../usr/lib/sysimage/rpm", "var/lib/rpm");
  link("/var", "v");
  RootDir r = root();
  auto c = r.canonical("v/lib/rpm");
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(*c, "usr/lib/sysimage/rpm");
  EXPECT_EQ(*r.canonical("/"), "");
  EXPECT_EQ(*r.canonical("../etc"), "etc");
}

// Found by the resolver fuzzer (tests/fuzz/rooted_resolver): the portable
// walk dropped a trailing "/", so "file/" and a link to "file/" opened the
// file where the kernel says ENOTDIR. Both resolvers now agree.
TEST_P(Rooted, ATrailingSlashNeedsADirectory) {
  link("secret/", "to-file-slash");
  link("etc/", "to-dir-slash");
  RootDir r = root();
  for (const char* p : {"secret/", "secret/.", "to-file-slash/", "etc/os-release/"}) {
    auto t = r.readFile(p, 100);
    ASSERT_FALSE(t) << p << " was read";
    EXPECT_EQ(t.error().code, ENOTDIR) << p << ": " << t.error().describe();
  }
  // The link itself names its target "secret/", a directory that is not there.
  auto t = r.readFile("to-file-slash", 100);
  ASSERT_FALSE(t);
  EXPECT_TRUE(contains(t.error().message, "target does not exist inside the root")) << t.error().describe();
  auto l = r.listDirectory("to-dir-slash");
  ASSERT_TRUE(l) << l.error().describe();
  EXPECT_EQ(l->size(), 2u);
  EXPECT_EQ(*r.readFile("to-dir-slash/os-release", 100), "ID=inside\n");
  EXPECT_EQ(*r.kind("etc/"), RootDir::Kind::kDirectory);
  EXPECT_EQ(*r.canonical("to-dir-slash/"), "etc");
}

// Also from the fuzzer: a NUL cut the path for openat2 but not for the walk.
TEST_P(Rooted, APathHoldingANulIsRefused) {
  RootDir r = root();
  const std::string path("etc/os-release\0/../../secret", 28);
  auto t = r.readFile(path, 100);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().describe(), host.file("img/etc/os-release") + ": path holds a NUL byte");
  EXPECT_FALSE(r.kind(path));
  EXPECT_FALSE(r.canonical(path));
  EXPECT_FALSE(r.listDirectory(path));
}

INSTANTIATE_TEST_SUITE_P(Resolvers, Rooted,
                         ::testing::Values(RootDir::Resolver::kAuto, RootDir::Resolver::kPortable),
                         [](const auto& param_info) {
                           return param_info.param == RootDir::Resolver::kAuto ? std::string("openat2")
                                                                          : std::string("portable");
                         });

TEST(RootDirOpen, MissingRootAndFileRootAreErrorsNamingThePath) {
  test::TempDir dir;
  auto missing = RootDir::open(dir.file("none"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().context, dir.file("none"));
  put(dir.file("f"), "x");
  auto file = RootDir::open(dir.file("f"));
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().describe(), dir.file("f") + ": not a directory (regular file)");
}

// On this project's CI kernels (5.6+) the fast path must really be used.
TEST(RootDirOpen, KernelResolverIsAvailableOnLinux56) {
  if (!RootDir::kernelResolvesInRoot()) GTEST_SKIP() << "kernel without openat2 (or filtered)";
  SUCCEED();
}

}  // namespace
}  // namespace psirt::fs
