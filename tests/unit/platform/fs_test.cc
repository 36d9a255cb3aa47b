#include "platform/fs/fs.h"

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace psirt::fs {
namespace {

TEST(Fs, AtomicWriteThenBoundedReadRoundTrips) {
  test::TempDir dir;
  ASSERT_TRUE(writeFileAtomic(dir.file("a"), "hello"));
  auto r = readFile(dir.file("a"), 5);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(*r, "hello");
}

TEST(Fs, ReadBeyondLimitIsLimitError) {
  test::TempDir dir;
  ASSERT_TRUE(writeFileAtomic(dir.file("a"), "hello"));
  auto r = readFile(dir.file("a"), 4);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::kLimit);
  EXPECT_NE(r.error().describe().find(dir.file("a")), std::string::npos);
}

TEST(Fs, MissingFileNamesThePath) {
  auto r = readFile("/nonexistent/psirt", 10);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::kIo);
  EXPECT_EQ(r.error().context, "/nonexistent/psirt");
}

}  // namespace
}  // namespace psirt::fs
