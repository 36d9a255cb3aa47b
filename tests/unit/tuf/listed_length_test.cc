// listedLength: the one conversion of a 64-bit signed length listed in
// metadata to a size_t byte limit. On 32-bit targets (static-armhf runs this
// under qemu) a length above SIZE_MAX - 1 must be refused, never narrowed:
// 4 GiB + 5 cast to a 32-bit size_t is 5, which would turn the limit of a
// fetch or an allocation into something else than what the metadata says.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "agent/tuf/trusted_state.h"

namespace psirt::tuf {
namespace {

constexpr std::uint64_t kMaxSize = std::numeric_limits<std::size_t>::max();

// Accepted exactly, or (only where size_t cannot hold it) refused as kLimit
// naming `what`; never any other value.
void expectExactOrRefused(std::int64_t length) {
  auto got = listedLength(length, "target 'big'");
  if (static_cast<std::uint64_t>(length) <= kMaxSize - 1) {
    ASSERT_TRUE(got) << length << ": " << got.error().describe();
    EXPECT_EQ(static_cast<std::uint64_t>(*got), static_cast<std::uint64_t>(length));
  } else {
    ASSERT_FALSE(got) << length << " became " << *got;
    EXPECT_EQ(got.error().category, ErrorCategory::kLimit);
    EXPECT_EQ(got.error().describe(), "target 'big': listed length of " + std::to_string(length) +
                                          " bytes exceeds what this system can hold (" +
                                          std::to_string(kMaxSize - 1) + ")");
  }
}

TEST(ListedLength, SmallLengthsAreExact) {
  EXPECT_EQ(*listedLength(0, "x"), 0u);
  EXPECT_EQ(*listedLength(7, "x"), 7u);
  EXPECT_EQ(*listedLength(std::int64_t{0xFFFFFFF0}, "x"), std::size_t{0xFFFFFFF0});
}

TEST(ListedLength, NegativeIsRefused) {
  for (std::int64_t n : {std::int64_t{-1}, std::numeric_limits<std::int64_t>::min()}) {
    auto got = listedLength(n, "snapshot");
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().category, ErrorCategory::kParse);
    EXPECT_EQ(got.error().context, "snapshot");
  }
}

// On a 64-bit build every value below is exact; on armhf the ones above
// 4 GiB - 2 are refused (and the old clamp/cast code returned SIZE_MAX - 1
// or the low 32 bits: this test fails there).
TEST(ListedLength, LengthsBeyondSizeTAreRefusedNotNarrowed) {
  for (std::int64_t n : {std::int64_t{1} << 31, (std::int64_t{1} << 32) - 2, (std::int64_t{1} << 32) - 1,
                         std::int64_t{1} << 32, (std::int64_t{1} << 32) + 5, std::int64_t{1} << 53,
                         std::numeric_limits<std::int64_t>::max()}) {
    expectExactOrRefused(n);
  }
  if constexpr (sizeof(std::size_t) == 4) {
    EXPECT_FALSE(listedLength((std::int64_t{1} << 32) + 5, "x"));  // stated outright for armhf
  } else {
    EXPECT_EQ(static_cast<std::uint64_t>(*listedLength((std::int64_t{1} << 32) + 5, "x")),
              (std::uint64_t{1} << 32) + 5);
  }
}

}  // namespace
}  // namespace psirt::tuf
