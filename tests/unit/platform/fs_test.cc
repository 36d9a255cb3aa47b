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

namespace psirt {
namespace {

// Deferred writes skip the per-write directory scan; one call cleans a batch.
TEST(Fs, RemoveAbandonedTempsCleansEveryTempOfADirectoryOnce) {
  test::TempDir dir;
  for (const char* name : {"a.tmp.ABC123", "b.json.tmp.x1y2z3", "keep.json", "short.tmp.1", "c.tmp.ab-def"}) {
    ASSERT_TRUE(fs::writeFileAtomic(dir.file(name), "x"));
  }
  ASSERT_TRUE(fs::writeFileAtomicDeferred(dir.file("deferred"), "payload"));
  fs::removeAbandonedTemps(dir.path());
  auto names = fs::listDirectory(dir.path());
  ASSERT_TRUE(names);
  std::vector<std::string> left;
  for (const auto& e : *names) left.push_back(e.name);
  EXPECT_EQ(left, (std::vector<std::string>{"c.tmp.ab-def", "deferred", "keep.json", "short.tmp.1"}));
  auto bytes = fs::readFile(dir.file("deferred"), 100);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, "payload");
}

}  // namespace
}  // namespace psirt
