// The text of the step kinds' undo records (step.h UndoRecord):
// whitespace-separated fields on lines. Plain string handling on purpose:
// std::stringstream pulls the iostream and locale machinery (~400 KB) into
// the static agent, whose budget is 3 MB.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace psirt::remediate::undo_text {

// The fields of `text`, split on spaces, tabs and newlines (empty ones dropped).
inline std::vector<std::string_view> fields(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = text.find_first_not_of(" \t\n", pos);
    if (start == std::string_view::npos) break;
    const std::size_t end = std::min(text.find_first_of(" \t\n", start), text.size());
    out.push_back(text.substr(start, end - start));
    pos = end;
  }
  return out;
}

// The lines of `text`, without their '\n' (a final newline ends the last).
inline std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

// An unsigned number in `base` (8 or 10), all of `s`, at most `max`.
inline bool unsignedValue(std::string_view s, std::uint64_t& out, unsigned base = 10,
                          std::uint64_t max = std::numeric_limits<std::uint64_t>::max()) {
  if (s.empty() || s.size() > 22) return false;
  std::uint64_t v = 0;
  for (char c : s) {
    const unsigned d = static_cast<unsigned>(c - '0');
    if (c < '0' || d >= base) return false;
    if (v > (max - d) / base) return false;
    v = v * base + d;
  }
  out = v;
  return true;
}

}  // namespace psirt::remediate::undo_text
