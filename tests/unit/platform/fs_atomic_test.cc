// Atomic write seen by concurrent readers, temp-file hygiene and error paths.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "platform/fs/fs.h"
#include "tests/support/temp_dir.h"

namespace psirt::fs {
namespace {

constexpr std::size_t kBigSize = 8u << 20;
constexpr std::size_t kChunk = 64u << 10;
#ifdef PSIRT_TEST_NATIVE
constexpr int kReads = 10000;
#else
constexpr int kReads = 500;  // under qemu-user one 8 MiB read takes ~40 ms
#endif
constexpr int kReadsPerWrite = kReads / 50;

Status writePattern(const std::string& path, char byte, std::size_t size) {
  static const std::string old_chunk(kChunk, 'O');
  static const std::string new_chunk(kChunk, 'N');
  const std::string& chunk = byte == 'O' ? old_chunk : new_chunk;
  std::size_t remaining = size;
  return writeFileAtomicChunked(path, 0600, [&]() -> Result<std::string_view> {
    const std::size_t n = std::min(remaining, chunk.size());
    remaining -= n;
    return std::string_view(chunk.data(), n);
  });
}

std::size_t countTemps(const std::string& dir) {
  auto entries = listDirectory(dir);
  EXPECT_TRUE(entries);
  std::size_t n = 0;
  for (const auto& e : *entries) n += e.name.find(".tmp.") != std::string::npos ? 1 : 0;
  return n;
}

TEST(FsAtomic, ConcurrentReaderSeesOldOrNewNeverAMix) {
  test::TempDir dir;
  const std::string path = dir.file("big");
  ASSERT_TRUE(writePattern(path, 'O', kBigSize));

  std::atomic<bool> stop{false};
  std::atomic<int> reads{0};
  std::atomic<int> writes{0};
  std::atomic<int> write_errors{0};
  std::thread writer([&] {
    int reads_at_last_write = -1000;
    while (!stop.load()) {
      // One 8 MiB fsynced write per kReadsPerWrite reads keeps the disk load
      // sane while still replacing the file ~50 times under the reader.
      if (reads.load() - reads_at_last_write < kReadsPerWrite) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        continue;
      }
      reads_at_last_write = reads.load();
      // Alternate new and old so that every completed write is a change.
      const char byte = writes.load() % 2 == 0 ? 'N' : 'O';
      if (!writePattern(path, byte, kBigSize)) write_errors.fetch_add(1);
      writes.fetch_add(1);
    }
  });

  const std::string all_old(1u << 20, 'O');
  const std::string all_new(1u << 20, 'N');
  int mixed = 0, wrong_size = 0, read_errors = 0, saw_old = 0, saw_new = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while ((reads.load() < kReads || writes.load() < 20) && std::chrono::steady_clock::now() < give_up) {
    char first = 0;
    bool mix = false;
    std::uint64_t total = 0;
    Status st = readChunks(path, 1u << 20, kBigSize, [&](std::span<const std::uint8_t> chunk) {
      if (first == 0) first = static_cast<char>(chunk[0]);
      const std::string& want = first == 'O' ? all_old : all_new;
      if ((first != 'O' && first != 'N') || std::memcmp(chunk.data(), want.data(), chunk.size()) != 0) mix = true;
      total += chunk.size();
      return okStatus();
    });
    ++reads;
    if (!st) {
      ++read_errors;
      continue;
    }
    mixed += mix ? 1 : 0;
    wrong_size += total != kBigSize ? 1 : 0;
    saw_old += first == 'O' ? 1 : 0;
    saw_new += first == 'N' ? 1 : 0;
  }
  stop.store(true);
  writer.join();

  EXPECT_GE(reads.load(), kReads);
  EXPECT_GE(writes.load(), 20) << "the writer must replace the file while we read";
  EXPECT_EQ(mixed, 0);
  EXPECT_EQ(wrong_size, 0);
  EXPECT_EQ(read_errors, 0);
  EXPECT_EQ(write_errors.load(), 0);
  EXPECT_GT(saw_old, 0);
  EXPECT_GT(saw_new, 0);
  EXPECT_EQ(countTemps(dir.path()), 0u);
  std::printf("reads=%d writes=%d old=%d new=%d\n", reads.load(), writes.load(), saw_old, saw_new);
}

TEST(FsAtomic, ModeIsAppliedAndEmptyContentGivesAnEmptyFile) {
  test::TempDir dir;
  ASSERT_TRUE(writeFileAtomic(dir.file("e"), "", 0640));
  struct stat st{};
  ASSERT_EQ(::stat(dir.file("e").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_EQ(st.st_size, 0);
}

TEST(FsAtomic, FailingProducerKeepsOldContentAndLeavesNoTemp) {
  test::TempDir dir;
  const std::string path = dir.file("f");
  ASSERT_TRUE(writeFileAtomic(path, "old"));
  int calls = 0;
  Status st = writeFileAtomicChunked(path, 0600, [&]() -> Result<std::string_view> {
    if (++calls == 1) return std::string_view("partial new");
    return makeError(ErrorCategory::kIo, "source went away", "producer");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().context, "producer");
  EXPECT_EQ(*readFile(path, 100), "old");
  EXPECT_EQ(countTemps(dir.path()), 0u);
}

TEST(FsAtomic, MissingDirectoryIsAnIoErrorNamingThePath) {
  test::TempDir dir;
  const std::string path = dir.file("no/such/dir/f");
  Status st = writeFileAtomic(path, "x");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().category, ErrorCategory::kIo);
  EXPECT_EQ(st.error().context, path);
}

TEST(FsAtomic, AbandonedTempFilesAreRemovedByTheNextWrite) {
  test::TempDir dir;
  const std::string path = dir.file("state");
  ASSERT_TRUE(writeFileAtomic(path, "v1"));
  // What a writer killed before its rename leaves behind.
  ASSERT_TRUE(writeFileAtomic(dir.file("helper"), "junk"));
  ASSERT_EQ(::rename(dir.file("helper").c_str(), (path + ".tmp.a1B2c3").c_str()), 0);
  // Look-alikes that are not ours stay.
  ASSERT_TRUE(writeFileAtomic(path + ".tmp.short", "keep"));
  ASSERT_TRUE(writeFileAtomic(dir.file("other.tmp.a1B2c3"), "keep"));
  ASSERT_TRUE(writeFileAtomic(path, "v2"));
  EXPECT_FALSE(*exists(path + ".tmp.a1B2c3"));
  EXPECT_TRUE(*exists(path + ".tmp.short"));
  EXPECT_TRUE(*exists(dir.file("other.tmp.a1B2c3")));
  EXPECT_EQ(*readFile(path, 10), "v2");
}

TEST(FsAtomic, TempFileOfALiveWriterIsLeftAlone) {
  test::TempDir dir;
  const std::string path = dir.file("state");
  const std::string live = path + ".tmp.LiVe99";
  int fd = ::open(live.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);  // as a writer in progress holds it
  ASSERT_TRUE(writeFileAtomic(path, "v1"));
  EXPECT_TRUE(*exists(live));
  ::close(fd);  // the writer dies: its lock goes with it
  ASSERT_TRUE(writeFileAtomic(path, "v2"));
  EXPECT_FALSE(*exists(live));
}

TEST(FsAtomic, ReadWithTheLargestLimitWorks) {
  test::TempDir dir;
  ASSERT_TRUE(writeFileAtomic(dir.file("a"), "abc"));
  std::string got;
  Status st = readChunks(dir.file("a"), 2, UINT64_MAX, [&](std::span<const std::uint8_t> c) {
    got.append(reinterpret_cast<const char*>(c.data()), c.size());
    return okStatus();
  });
  ASSERT_TRUE(st);
  EXPECT_EQ(got, "abc");
}

}  // namespace
}  // namespace psirt::fs
