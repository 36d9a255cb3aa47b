// Code-point sets, the ECMAScript class escapes and the UTF-8 unit decoder.
#include <algorithm>

#include "agent/pattern/program.h"

namespace psirt::pattern::detail {

void normalise(CharSet& set) {
  std::sort(set.begin(), set.end(), [](const Range& a, const Range& b) { return a.lo < b.lo; });
  CharSet out;
  for (const Range& r : set) {
    if (!out.empty() && r.lo <= out.back().hi + 1) {
      out.back().hi = std::max(out.back().hi, r.hi);
    } else {
      out.push_back(r);
    }
  }
  set = std::move(out);
}

CharSet complement(const CharSet& set) {
  CharSet out;
  char32_t next = 0;
  for (const Range& r : set) {
    if (r.lo > next) out.push_back({next, r.lo - 1});
    next = r.hi + 1;
  }
  if (next <= kMaxUnit) out.push_back({next, kMaxUnit});
  return out;
}

void addAll(CharSet& into, const CharSet& from) { into.insert(into.end(), from.begin(), from.end()); }

void addAsciiOtherCase(CharSet& set) {
  const std::size_t n = set.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Range r = set[i];
    for (const auto& [from, to] : {std::pair<char32_t, char32_t>{'a', 'A'}, {'A', 'a'}}) {
      const char32_t lo = std::max(r.lo, from);
      const char32_t hi = std::min(r.hi, static_cast<char32_t>(from + 25));
      if (lo <= hi) set.push_back({lo - from + to, hi - from + to});
    }
  }
  normalise(set);
}

bool contains(const CharSet& set, char32_t c) {
  auto it = std::upper_bound(set.begin(), set.end(), c, [](char32_t v, const Range& r) { return v < r.lo; });
  return it != set.begin() && c <= std::prev(it)->hi;
}

CharSet classEscape(char letter) {
  CharSet set;
  switch (letter) {
    case 'd': case 'D':
      set = {{'0', '9'}};
      break;
    case 'w': case 'W':
      set = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
      break;
    default:  // s S: ECMAScript WhiteSpace (incl. Zs) and LineTerminator
      set = {{0x09, 0x0D}, {0x20, 0x20}, {0xA0, 0xA0}, {0x1680, 0x1680}, {0x2000, 0x200A},
             {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
      break;
  }
  return letter >= 'a' ? set : complement(set);
}

CharSet dotSet() { return complement({{'\n', '\n'}, {'\r', '\r'}, {0x2028, 0x2029}}); }

char32_t decodeUnit(std::string_view s, std::size_t pos, std::size_t& len) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  len = 1;
  if (b0 < 0x80) return b0;
  // Continuation bytes, payload mask of the lead byte, smallest value.
  struct Lead { unsigned char mask, value; std::size_t n; char32_t payload, min; };
  static constexpr Lead kLeads[] = {{0xE0, 0xC0, 1, 0x1F, 0x80}, {0xF0, 0xE0, 2, 0x0F, 0x800},
                                    {0xF8, 0xF0, 3, 0x07, 0x10000}};
  const Lead* lead = nullptr;
  for (const Lead& l : kLeads) {
    if ((b0 & l.mask) == l.value) lead = &l;
  }
  if (lead == nullptr) return kInvalidBase + b0;
  const std::size_t n = lead->n;
  const char32_t min = lead->min;
  char32_t c = b0 & lead->payload;
  if (s.size() - pos <= n) return kInvalidBase + b0;  // truncated sequence
  for (std::size_t i = 1; i <= n; ++i) {
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if ((b & 0xC0) != 0x80) return kInvalidBase + b0;
    c = (c << 6) | (b & 0x3F);
  }
  if (c < min || c > kMaxCodePoint || (c >= 0xD800 && c <= 0xDFFF)) return kInvalidBase + b0;
  len = n + 1;
  return c;
}

}  // namespace psirt::pattern::detail
