// PRIVATE to agent/pattern: the compiled form shared by the compiler and the
// matcher, and the code-point set helpers both use.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace psirt::pattern::detail {

// Units are Unicode code points; kInvalidBase + b stands for a byte b that is
// not part of a valid UTF-8 sequence. kMaxUnit bounds every set.
inline constexpr char32_t kMaxCodePoint = 0x10FFFF;
inline constexpr char32_t kInvalidBase = 0x110000;
inline constexpr char32_t kMaxUnit = kInvalidBase + 0xFF;

struct Range {
  char32_t lo, hi;  // inclusive
};
// Sorted, disjoint, non-adjacent ranges (normalise() establishes this).
using CharSet = std::vector<Range>;

void normalise(CharSet& set);
CharSet complement(const CharSet& set);  // over [0, kMaxUnit]
void addAll(CharSet& into, const CharSet& from);
void addAsciiOtherCase(CharSet& set);  // then normalise
bool contains(const CharSet& set, char32_t c);

// The class escapes: letter one of d D w W s S (ECMAScript definitions).
CharSet classEscape(char letter);
// Everything "." matches.
CharSet dotSet();

// Decodes one unit of `s` at `pos` (pos < s.size()); sets `len` to its bytes.
// Valid UTF-8 only (no overlong forms, surrogates or values above U+10FFFF);
// anything else is one kInvalidBase + byte unit of length 1.
char32_t decodeUnit(std::string_view s, std::size_t pos, std::size_t& len);

enum class Op : std::uint8_t {
  kSet,    // consume one unit in sets[arg]; next is pc + 1
  kSplit,  // continue at x and at y
  kJump,   // continue at x
  kBegin,  // assert position 0; next is pc + 1
  kEnd,    // assert end of text; next is pc + 1
  kMatch,
};

struct Inst {
  Op op;
  std::uint32_t x = 0;  // kSet: set index; kSplit / kJump: target
  std::uint32_t y = 0;  // kSplit: second target
};

struct Program {
  std::vector<Inst> insts;  // starts at 0
  std::vector<CharSet> sets;
  std::vector<std::array<std::uint64_t, 2>> ascii;  // sets[i] restricted to 0-127, as a bitmap

  [[nodiscard]] bool setContains(std::uint32_t set, char32_t unit) const {
    if (unit < 128) return ((ascii[set][unit >> 6] >> (unit & 63)) & 1) != 0;
    return contains(sets[set], unit);
  }
  bool anchored = false;  // every match starts at position 0 (leading ^ on every branch)
};

}  // namespace psirt::pattern::detail
