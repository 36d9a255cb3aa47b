// A bounded, recovering parser for deb822 "control" files: the format of
// dpkg's and opkg's status databases (stanzas of "Field: value" lines
// separated by blank lines, continuation lines starting with space or tab).
//
// Only the fields the caller names are kept (status files carry long
// descriptions nobody needs); every field is still checked against the limits.
// Problems become warnings naming the file and line, and the reader goes on:
// - a line that is not "Field: value", a continuation or blank (binary
//   garbage, NUL bytes) drops the stanza it is in;
// - a field longer than max_field_bytes drops its stanza;
// - a repeated `record_key` field (e.g. a second "Package:") without a blank
//   line in between starts a new stanza (dpkg would refuse the file);
// - any other repeated field drops the stanza;
// - a file that does not end with a newline is reported as truncated (the
//   last stanza is still offered, so its own checks decide);
// - more than max_stanzas stanzas: the rest is ignored with a warning.
// After max_warnings warnings, further ones are counted in one final warning.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agent/inventory/item.h"
#include "agent/inventory/line_splitter.h"

namespace psirt::inventory {

struct ControlLimits {
  std::size_t max_field_bytes = 1u << 20;  // 1 MiB per field value
  std::size_t max_stanzas = 200000;
  std::size_t max_warnings = 20;
};

struct ControlField {
  std::string name;   // lower case
  std::string value;  // first line trimmed; continuation lines joined with '\n'
  std::uint32_t line = 0;
};

struct ControlStanza {
  std::uint32_t line = 0;  // line of the first field
  std::vector<ControlField> fields;
  const ControlField* find(std::string_view lower_name) const;
};

// `wanted` are lower-case field names to keep; `record_key` (lower case) is
// the field that identifies a record. Warnings go to `out` (and make it partial).
std::vector<ControlStanza> parseControl(std::string_view text, const std::string& file,
                                        const std::vector<std::string>& wanted, std::string_view record_key,
                                        const ControlLimits& limits, ReaderResult& out);

// The same parser fed in chunks (a file streamed from disk): stanzas are
// handed to `on_stanza` as they end, so memory holds one stanza and one line,
// never the file. One difference, for memory: a line longer than
// max_field_bytes + 4 KiB (no valid field line is) is not buffered; it drops
// its stanza as "field longer than N bytes". feed() the bytes in order, then
// finish() once.
class ControlStream {
 public:
  static constexpr std::size_t kLineSlack = 4096;  // field name, ": ", trailing blanks
  ControlStream(const std::string& file, const std::vector<std::string>& wanted, std::string_view record_key,
                const ControlLimits& limits, ReaderResult& out, std::function<void(ControlStanza&&)> on_stanza);
  ~ControlStream();
  ControlStream(const ControlStream&) = delete;
  ControlStream& operator=(const ControlStream&) = delete;
  void feed(std::string_view bytes);
  void finish();
  class Parser;

 private:
  std::unique_ptr<Parser> parser_;
  LineSplitter lines_;
};

}  // namespace psirt::inventory
