// Which targets a delegation covers (spec §4.5 PATHPATTERN, TAP 15-style
// hash-bin prefixes). Patterns match per path component, like python-tuf: a
// pattern and a path match only if they have the same number of '/'-separated
// components and each component matches with fnmatch rules (*, ?, [set],
// [!set]) — so a wildcard never crosses a '/'.
#include <cstdint>
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

namespace {
std::uint32_t leadingBits(std::string_view path, int bits) {
  const crypto::Bytes d = crypto::sha256(crypto::asBytes(path));
  const std::uint32_t first =
      (std::uint32_t{d[0]} << 24) | (std::uint32_t{d[1]} << 16) | (std::uint32_t{d[2]} << 8) | d[3];
  return bits >= 32 ? first : first >> (32 - bits);
}
}  // namespace

std::string SuccinctRoles::binName(std::uint32_t bin) const {
  static constexpr char kHex[] = "0123456789abcdef";
  const int width = (bit_length + 3) / 4;
  std::string suffix(static_cast<std::size_t>(width), '0');
  for (int i = width - 1; i >= 0; --i) {
    suffix[static_cast<std::size_t>(i)] = kHex[bin & 15];
    bin >>= 4;
  }
  return name_prefix + "-" + suffix;
}

std::string SuccinctRoles::roleFor(std::string_view target_path) const {
  return binName(leadingBits(target_path, bit_length));
}

bool SuccinctRoles::isRole(std::string_view name) const {
  const std::size_t width = static_cast<std::size_t>((bit_length + 3) / 4);
  if (name.size() != name_prefix.size() + 1 + width || name.substr(0, name_prefix.size()) != name_prefix ||
      name[name_prefix.size()] != '-') {
    return false;
  }
  std::uint64_t bin = 0;
  for (char c : name.substr(name_prefix.size() + 1)) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (v < 0) return false;
    bin = bin * 16 + static_cast<std::uint64_t>(v);
  }
  return bin < (std::uint64_t{1} << bit_length);
}

std::vector<DelegatedRole> Delegations::rolesFor(std::string_view target_path) const {
  std::vector<DelegatedRole> out;
  if (succinct) {
    DelegatedRole bin;
    bin.name = succinct->roleFor(target_path);
    bin.keys = succinct->keys;
    bin.terminating = true;
    out.push_back(std::move(bin));
    return out;
  }
  for (const auto& d : roles) {
    if (d.delegates(target_path)) out.push_back(d);
  }
  return out;
}

const RoleKeys* Delegations::keysFor(std::string_view name) const {
  if (succinct) return succinct->isRole(name) ? &succinct->keys : nullptr;
  for (const auto& d : roles) {
    if (d.name == name) return &d.keys;
  }
  return nullptr;
}

}  // namespace psirt::tuf
