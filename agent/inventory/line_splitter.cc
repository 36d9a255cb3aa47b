#include "agent/inventory/line_splitter.h"

namespace psirt::inventory {

void LineSplitter::feed(std::string_view bytes) {
  while (!bytes.empty()) {
    std::size_t nl = bytes.find('\n');
    const bool complete = nl != std::string_view::npos;
    std::string_view piece = bytes.substr(0, nl);
    bytes = complete ? bytes.substr(nl + 1) : std::string_view();
    if (!overlong_ && pending_.size() + piece.size() > max_line_) {
      overlong_ = true;  // the rest of this line is skipped, never buffered
      pending_.clear();
      pending_.shrink_to_fit();
    }
    if (!overlong_) {
      if (complete && pending_.empty()) {  // the common case: no copy
        on_line_(piece, true);
        continue;
      }
      pending_.append(piece);
    }
    if (!complete) break;
    if (overlong_) on_overlong_();
    else on_line_(pending_, true);
    pending_.clear();
    overlong_ = false;
  }
}

void LineSplitter::finish() {
  if (overlong_) on_overlong_();
  else if (!pending_.empty()) on_line_(pending_, false);
  pending_.clear();
  overlong_ = false;
}

}  // namespace psirt::inventory
