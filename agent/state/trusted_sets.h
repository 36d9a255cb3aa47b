// Trusted sets (docs/formats/state-directory.md "Trusted sets"): numbered
// directories DIR/sets/<N>/ of byte-exact role files and an index, and the
// pointer DIR/current-set naming the one `check` trusts. This file owns the
// storage and the switch; what goes into a set and how it is verified is
// agent/tuf (trusted_set.h).
//
// Switch protocol (SetWriter): set N = current + 1 is written into a fresh
// DIR/sets/N (whatever an interrupted attempt left there is removed first),
// every file with deferred durability; commit() flushes the file system once
// (the target store and the set files together), fsyncs sets/N and sets/,
// then replaces current-set atomically — the commit point — and removes every
// other set. A crash before the pointer's rename leaves the old set current;
// after it, the new one; a set is never read half written. Leftover sets are
// removed by the next commit or by recovery (state_lock.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "agent/state/layout.h"
#include "platform/error/result.h"

namespace psirt::state {

// 0 when no set was recorded; the N of DIR/current-set otherwise (kParse
// "damaged trusted set: malformed pointer" for anything but "<N>\n", N >= 1).
Result<std::int64_t> currentSet(const Layout& layout);

// Files of set N, bounded (kLimit above max_bytes, kIo when missing).
Result<std::string> readSetRole(const Layout& layout, std::int64_t n, std::string_view role, std::size_t max_bytes);
Result<std::string> readSetIndex(const Layout& layout, std::int64_t n, std::size_t max_bytes);
// For messages: where set N's index is.
std::string setIndexPath(const Layout& layout, std::int64_t n);

// Removes every set directory but `keep` (0: all). Best effort.
void removeSetsExcept(const Layout& layout, std::int64_t keep);

class SetWriter {
 public:
  // Starts set current + 1.
  static Result<SetWriter> begin(const Layout& layout);
  std::int64_t sequence() const { return sequence_; }
  std::int64_t previous() const { return sequence_ - 1; }

  // Returns the file name written (Layout::roleFileName).
  Result<std::string> writeRole(std::string_view role, std::string_view bytes) const;
  Status writeIndex(std::string_view bytes) const;
  // The switch (see the file comment). Fault points: state.set.before_flush,
  // state.set.before_switch, state.set.switched.
  Status commit() const;

 private:
  SetWriter(Layout layout, std::int64_t sequence) : layout_(std::move(layout)), sequence_(sequence) {}
  Layout layout_;
  std::int64_t sequence_;
};

}  // namespace psirt::state
