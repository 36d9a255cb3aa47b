// The Pike VM (without captures): the set of live program counters advances
// over the text one unit at a time. A sparse set keeps each pc at most once
// per position, so a position costs at most 2 x programSize() steps (one to
// add each pc, one to step each consuming pc) whatever the pattern nests.
#include <vector>

#include "agent/pattern/pattern.h"
#include "agent/pattern/program.h"

namespace psirt::pattern {
namespace {

using detail::Inst;
using detail::Op;

// Sparse set of pcs (Briggs & Torczon): O(1) insert, membership and clear.
class PcSet {
 public:
  explicit PcSet(std::size_t n) : dense_(n), sparse_(n) {}
  bool contains(std::uint32_t pc) const { return sparse_[pc] < size_ && dense_[sparse_[pc]] == pc; }
  void insert(std::uint32_t pc) {
    sparse_[pc] = size_;
    dense_[size_++] = pc;
  }
  void clear() { size_ = 0; }
  [[nodiscard]] std::uint32_t size() const { return size_; }
  std::uint32_t operator[](std::uint32_t i) const { return dense_[i]; }

 private:
  std::vector<std::uint32_t> dense_, sparse_;
  std::uint32_t size_ = 0;
};

class Vm {
 public:
  Vm(const detail::Program& p, std::string_view text) : p_(p), text_(text), a_(n()), b_(n()) { stack_.reserve(n()); }

  bool run(bool full) {
    PcSet* cur = &a_;
    PcSet* next = &b_;
    for (std::size_t pos = 0;;) {
      if (pos == 0 || (!full && !p_.anchored)) add(*cur, 0, pos, full);
      if (matched_) return true;
      if (pos == text_.size() || (cur->size() == 0 && (full || p_.anchored))) return false;
      std::size_t len = 0;
      const char32_t unit = detail::decodeUnit(text_, pos, len);
      next->clear();
      for (std::uint32_t i = 0; i < cur->size(); ++i) {
        const std::uint32_t pc = (*cur)[i];
        const Inst& inst = p_.insts[pc];
        if (inst.op != Op::kSet) continue;
        ++steps_;
        if (p_.setContains(inst.x, unit)) add(*next, pc + 1, pos + len, full);
        if (matched_) return true;
      }
      std::swap(cur, next);
      pos += len;
    }
  }

  [[nodiscard]] std::uint64_t steps() const { return steps_; }

 private:
  std::size_t n() const { return p_.insts.size(); }

  // Adds pc and everything reachable from it without consuming a unit.
  void add(PcSet& set, std::uint32_t start, std::size_t pos, bool full) {
    stack_.push_back(start);
    while (!stack_.empty()) {
      const std::uint32_t pc = stack_.back();
      stack_.pop_back();
      if (set.contains(pc)) continue;
      set.insert(pc);
      ++steps_;
      const Inst& inst = p_.insts[pc];
      switch (inst.op) {
        case Op::kSplit:
          stack_.push_back(inst.y);
          stack_.push_back(inst.x);
          break;
        case Op::kJump:
          stack_.push_back(inst.x);
          break;
        case Op::kBegin:
          if (pos == 0) stack_.push_back(pc + 1);
          break;
        case Op::kEnd:
          if (pos == text_.size()) stack_.push_back(pc + 1);
          break;
        case Op::kMatch:
          if (!full || pos == text_.size()) matched_ = true;
          break;
        case Op::kSet:
          break;
      }
    }
  }

  const detail::Program& p_;
  std::string_view text_;
  PcSet a_, b_;
  std::vector<std::uint32_t> stack_;
  std::uint64_t steps_ = 0;
  bool matched_ = false;
};

}  // namespace

bool Pattern::run(std::string_view text, bool full, std::uint64_t* steps) const {
  Vm vm(*program_, text);
  const bool matched = vm.run(full);
  if (steps != nullptr) *steps += vm.steps();
  return matched;
}

}  // namespace psirt::pattern
