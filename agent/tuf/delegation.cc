// Which targets a delegation covers (spec §4.5 PATHPATTERN, TAP 15-style
// hash-bin prefixes). Patterns match per path component, like python-tuf: a
// pattern and a path match only if they have the same number of '/'-separated
// components and each component matches with fnmatch rules (*, ?, [set],
// [!set]) — so a wildcard never crosses a '/'.
#include <vector>

#include "agent/tuf/metadata.h"
#include "platform/crypto/crypto.h"

namespace psirt::tuf {
namespace {

std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t p = s.find('/', start);
    if (p == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
}

// Matches a bracket expression at pattern[pi] ('['); sets pi past it.
// Returns -1 if the bracket is unterminated (then '[' is literal).
int matchSet(std::string_view pattern, std::size_t& pi, char c) {
  std::size_t i = pi + 1;
  bool negate = false;
  if (i < pattern.size() && pattern[i] == '!') {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < pattern.size() && (pattern[i] != ']' || first)) {
    first = false;
    const auto lo = static_cast<unsigned char>(pattern[i]);
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      const auto hi = static_cast<unsigned char>(pattern[i + 2]);
      if (static_cast<unsigned char>(c) >= lo && static_cast<unsigned char>(c) <= hi) matched = true;
      i += 3;
    } else {
      if (static_cast<unsigned char>(c) == lo) matched = true;
      ++i;
    }
  }
  if (i >= pattern.size()) return -1;
  pi = i + 1;
  return matched != negate ? 1 : 0;
}

// Iterative glob with backtracking on the last '*': linear-ish, no recursion.
bool fnmatch(std::string_view pattern, std::string_view text) {
  std::size_t pi = 0, ti = 0;
  std::size_t star_p = std::string_view::npos, star_t = 0;
  while (ti < text.size()) {
    if (pi < pattern.size() && pattern[pi] == '*') {
      star_p = ++pi;
      star_t = ti;
      continue;
    }
    if (pi < pattern.size()) {
      if (pattern[pi] == '?') {
        ++pi;
        ++ti;
        continue;
      }
      if (pattern[pi] == '[') {
        std::size_t next = pi;
        const int m = matchSet(pattern, next, text[ti]);
        if (m == 1) {
          pi = next;
          ++ti;
          continue;
        }
        if (m == -1 && text[ti] == '[') {
          ++pi;
          ++ti;
          continue;
        }
      } else if (pattern[pi] == text[ti]) {
        ++pi;
        ++ti;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p;
    ti = ++star_t;
  }
  while (pi < pattern.size() && pattern[pi] == '*') ++pi;
  return pi == pattern.size();
}

}  // namespace

bool pathMatchesPattern(std::string_view pattern, std::string_view path) {
  const auto pp = split(pattern);
  const auto tp = split(path);
  if (pp.size() != tp.size()) return false;
  for (std::size_t i = 0; i < pp.size(); ++i) {
    if (!fnmatch(pp[i], tp[i])) return false;
  }
  return true;
}

bool DelegatedRole::delegates(std::string_view target_path) const {
  if (paths) {
    for (const auto& p : *paths) {
      if (pathMatchesPattern(p, target_path)) return true;
    }
    return false;
  }
  if (path_hash_prefixes) {
    const std::string digest = crypto::toHex(crypto::sha256(crypto::asBytes(target_path)));
    for (const auto& prefix : *path_hash_prefixes) {
      if (digest.compare(0, prefix.size(), prefix) == 0) return true;
    }
  }
  return false;
}

}  // namespace psirt::tuf
