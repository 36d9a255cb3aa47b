#include "agent/csaf/string_table.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace psirt::csaf {
namespace {

// Text blocks: large enough that their count stays small, small enough that
// the last one's unused tail is negligible. A longer string gets a block of
// its own size.
constexpr std::size_t kBlockSize = 64 * 1024;

std::size_t hashOf(std::string_view s) { return std::hash<std::string_view>{}(s); }

}  // namespace

std::uint32_t StringTable::slotOf(std::string_view s, std::size_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const std::uint32_t v = slots_[i];
    if (v == 0 || at(v - 1) == s) return static_cast<std::uint32_t>(i);
  }
}

void StringTable::grow() {
  std::vector<std::uint32_t> old = std::move(slots_);
  slots_.assign(std::max<std::size_t>(64, old.size() * 2), 0);
  const std::size_t mask = slots_.size() - 1;
  for (const std::uint32_t v : old) {
    if (v == 0) continue;
    std::size_t i = hashOf(at(v - 1)) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = v;
  }
}

std::optional<std::uint32_t> StringTable::find(std::string_view s) const {
  if (slots_.empty()) return std::nullopt;
  const std::uint32_t v = slots_[slotOf(s, hashOf(s))];
  if (v == 0) return std::nullopt;
  return v - 1;
}

std::uint32_t StringTable::intern(std::string_view s) {
  if ((spans_.size() + 1) * 2 > slots_.size()) grow();
  const std::size_t hash = hashOf(s);
  const std::uint32_t slot = slotOf(s, hash);
  if (slots_[slot] != 0) return slots_[slot] - 1;
  if (blocks_.empty() || block_size_ - block_used_ < s.size()) {
    block_size_ = std::max(kBlockSize, s.size());
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(block_size_));
    block_used_ = 0;
  }
  if (!s.empty()) std::memcpy(blocks_.back().get() + block_used_, s.data(), s.size());
  spans_.push_back({static_cast<std::uint32_t>(blocks_.size() - 1), static_cast<std::uint32_t>(block_used_),
                    static_cast<std::uint32_t>(s.size())});
  block_used_ += s.size();
  const auto ref = static_cast<std::uint32_t>(spans_.size() - 1);
  slots_[slot] = ref + 1;
  return ref;
}

}  // namespace psirt::csaf
