// Lines of a file fed in chunks, for the streaming text readers (dpkg/opkg
// status, apk installed): memory holds one line, never the file.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace psirt::inventory {

class LineSplitter {
 public:
  // on_line(text, terminated): text without its '\n'; terminated is false for
  // a last line without one. on_overlong(): a line longer than max_line bytes,
  // which is skipped to its end without being buffered.
  LineSplitter(std::size_t max_line, std::function<void(std::string_view, bool)> on_line,
               std::function<void()> on_overlong)
      : max_line_(max_line), on_line_(std::move(on_line)), on_overlong_(std::move(on_overlong)) {}

  void feed(std::string_view bytes);
  void finish();  // once, after the last feed()

 private:
  std::size_t max_line_;
  std::function<void(std::string_view, bool)> on_line_;
  std::function<void()> on_overlong_;
  std::string pending_;   // the current line so far (at most max_line_ bytes)
  bool overlong_ = false;
};

}  // namespace psirt::inventory
