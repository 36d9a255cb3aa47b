// StringTable: dense references in order of first intern, stable views
// (across growth of the index and of the text blocks, and across moves),
// lookups of absent strings, strings longer than a block.
#include "agent/csaf/string_table.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace psirt::csaf {
namespace {

TEST(StringTable, InternsEachStringOnceWithStableViews) {
  StringTable t;
  EXPECT_FALSE(t.find("a"));
  EXPECT_EQ(t.intern("a"), 0u);
  EXPECT_EQ(t.intern(""), 1u);
  EXPECT_EQ(t.intern("a"), 0u);
  const std::string_view first = t.at(0);
  const std::string big(200 * 1024, 'x');  // larger than a block
  for (int i = 0; i < 20000; ++i) t.intern("id-" + std::to_string(i));
  EXPECT_EQ(t.intern(big), 20002u);
  EXPECT_EQ(t.size(), 20003u);
  EXPECT_EQ(first.data(), t.at(0).data());  // text never moves
  StringTable moved = std::move(t);
  EXPECT_EQ(first.data(), moved.at(0).data());
  EXPECT_EQ(moved.at(1), "");
  EXPECT_EQ(moved.at(20002), big);
  EXPECT_EQ(moved.find("id-12345"), 12347u);
  EXPECT_EQ(moved.at(12347), "id-12345");
  EXPECT_FALSE(moved.find("id-20000"));
}

}  // namespace
}  // namespace psirt::csaf
