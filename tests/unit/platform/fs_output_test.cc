// Operator-named outputs (platform/fs/output.h): what checkOutputPath refuses,
// and the rename of every atomic write replacing only a regular file, a
// symlink or nothing. The end-to-end cases (each --out of both programs,
// /dev/full, stdout on a full device) are in tests/hostile/operator/.
#include "platform/fs/output.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>

#include "platform/fs/fs.h"
#include "tests/support/temp_dir.h"

namespace psirt::fs {
namespace {

void expectRefused(const std::string& path, const std::string& words, std::span<const std::string> protect = {}) {
  const Status st = checkOutputPath(path, protect);
  ASSERT_FALSE(st) << path;
  EXPECT_EQ(st.error().category, ErrorCategory::kUsage) << st.error().describe();
  EXPECT_NE(st.error().describe().find(words), std::string::npos) << st.error().describe();
}

TEST(FsOutput, RefusesWhatWritingWouldDestroy) {
  test::TempDir dir;
  ASSERT_EQ(::mkfifo(dir.file("fifo").c_str(), 0600), 0);
  ASSERT_TRUE(makeDirectories(dir.file("sub")));
  ASSERT_TRUE(writeFileAtomic(dir.file("target"), "mine"));
  ASSERT_EQ(::symlink(dir.file("target").c_str(), dir.file("link").c_str()), 0);
  ASSERT_EQ(::symlink("/nonexistent/x", dir.file("dangling").c_str()), 0);
  expectRefused(dir.file("fifo"), dir.file("fifo") + ": is a FIFO, not a regular file");
  expectRefused(dir.file("sub"), "is a directory, not a regular file");
  expectRefused(dir.file("link"), "is a symbolic link");
  expectRefused(dir.file("dangling"), "is a symbolic link");
  expectRefused("/dev/null", "/dev/null: is a character device");
  expectRefused(dir.file("sub/"), "names a directory");
  expectRefused(dir.file("sub/.."), "is a directory");
  // A missing directory destroys nothing: the write itself fails there.
  EXPECT_TRUE(checkOutputPath(dir.file("missing/x.json")));
  EXPECT_FALSE(writeOutputFile(dir.file("missing/x.json"), "x", 0644));
  expectRefused("", "empty");
  int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(sock, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string sock_path = dir.file("sock");
  ASSERT_LT(sock_path.size(), sizeof addr.sun_path);
  std::memcpy(addr.sun_path, sock_path.c_str(), sock_path.size() + 1);
  ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  expectRefused(sock_path, "is a socket");
  ::close(sock);
}

TEST(FsOutput, AcceptsANewOrRegularFileAndStandardOutput) {
  test::TempDir dir;
  EXPECT_TRUE(checkOutputPath(dir.file("new.json")));
  ASSERT_TRUE(writeFileAtomic(dir.file("old.json"), "x"));
  EXPECT_TRUE(checkOutputPath(dir.file("old.json")));
  EXPECT_TRUE(checkOutputPath("-"));
  ASSERT_TRUE(writeOutputFile(dir.file("old.json"), "new", 0644));
  EXPECT_EQ(*readFile(dir.file("old.json"), 10), "new");
}

TEST(FsOutput, RefusesProtectedDirectoriesAfterResolvingRealPaths) {
  test::TempDir dir;
  const std::string state = dir.file("state");
  ASSERT_TRUE(makeDirectories(state + "/metadata"));
  ASSERT_TRUE(writeFileAtomic(state + "/current-set", "1\n"));
  ASSERT_EQ(::symlink(state.c_str(), dir.file("alias").c_str()), 0);
  const std::string protect[] = {state};
  expectRefused(state + "/current-set", "is inside " + state, protect);
  expectRefused(state + "/metadata/root.json", "is inside", protect);
  expectRefused(state + "/new.json", "is inside", protect);
  ASSERT_TRUE(makeDirectories(dir.file("sub")));
  expectRefused(dir.file("sub/../state/current-set"), "is inside", protect);
  expectRefused(dir.file("alias/current-set"), "is inside", protect);
  // A sibling whose name starts with the protected one is outside it.
  ASSERT_TRUE(makeDirectories(dir.file("state2")));
  EXPECT_TRUE(checkOutputPath(dir.file("state2/r.json"), protect));
  EXPECT_TRUE(checkOutputPath(dir.file("r.json"), protect));
  // Refused through writeOutputFile too, and the state file is untouched.
  EXPECT_FALSE(writeOutputFile(state + "/current-set", "evil", 0644, protect));
  EXPECT_EQ(*readFile(state + "/current-set", 10), "1\n");
  // A protected directory that does not exist protects nothing.
  const std::string missing[] = {dir.file("nothing-here")};
  EXPECT_TRUE(checkOutputPath(dir.file("r.json"), missing));
}

TEST(FsOutput, AtomicRenameNeverReplacesASpecialFile) {
  test::TempDir dir;
  ASSERT_EQ(::mkfifo(dir.file("fifo").c_str(), 0600), 0);
  ASSERT_TRUE(makeDirectories(dir.file("sub")));
  for (const std::string name : {"fifo", "sub"}) {
    const Status st = writeFileAtomic(dir.file(name), "x");
    ASSERT_FALSE(st) << name;
    EXPECT_NE(st.error().describe().find("not a regular file: refusing to replace it"), std::string::npos)
        << st.error().describe();
  }
  struct stat st{};
  ASSERT_EQ(::lstat(dir.file("fifo").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  ASSERT_EQ(::lstat(dir.file("sub").c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  auto entries = listDirectory(dir.path());
  ASSERT_TRUE(entries);
  EXPECT_EQ(entries->size(), 2u) << "a temp file was left behind";
}

}  // namespace
}  // namespace psirt::fs
