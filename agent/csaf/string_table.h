// Interned strings for the decision's compact model (advisory.h): each
// distinct string stored once, named by a dense 32-bit reference.
//
// Why not deque<string> + unordered_map<string_view>: a real Red Hat VEX
// interns ~60,000 strings; as std::string (32 bytes + a heap block each) plus
// a node-based hash map that cost ~4 MB for ~2 MB of text. Here the text
// lives in large blocks that never move (views stay valid while the table
// lives, also across moves of the table), each string is a 12-byte span, and
// the index is an open-addressing table of 32-bit references (load <= 1/2).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace psirt::csaf {

class StringTable {
 public:
  // The reference of `s`, added when new. References are 0, 1, 2... in order
  // of first intern.
  std::uint32_t intern(std::string_view s);
  [[nodiscard]] std::optional<std::uint32_t> find(std::string_view s) const;
  // Valid while the table lives; `r` must be < size().
  [[nodiscard]] std::string_view at(std::uint32_t r) const {
    const Span& s = spans_[r];
    return {blocks_[s.block].get() + s.offset, s.size};
  }
  [[nodiscard]] std::size_t size() const { return spans_.size(); }

 private:
  struct Span {
    std::uint32_t block, offset, size;
  };
  std::uint32_t slotOf(std::string_view s, std::size_t hash) const;  // its slot or the empty one
  void grow();

  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t block_used_ = 0, block_size_ = 0;  // of blocks_.back()
  std::vector<Span> spans_;
  std::vector<std::uint32_t> slots_;  // references + 1; 0 is empty
};

}  // namespace psirt::csaf
