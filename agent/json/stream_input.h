// INTERNAL to psirt_json (stream.cc): the bytes of a ByteSource as
// the input iterator nlohmann's parser reads one character at a time, with the
// byte-level bounds checked as each byte passes:
// - at most max_document_bytes bytes (the next one ends the input);
// - no run longer than max_string_bytes inside one string or one bare token
//   (number, literal): the lexer buffers a whole token, so this bounds its
//   memory before the token reaches the SAX handler;
// - no leading byte order mark (nlohmann would skip it; RFC 8259 §8.1 says
//   a sender must not add one, and agent/json refuses it too).
// A stop (bound, source error) records the error and throws Stop out of the
// parser, which the caller (readStream) catches and answers with stopped().
// Not an early end of input: nlohmann would then build its "unexpected end"
// message with the whole current token quoted, several copies of up to
// max_string_bytes (7.5 MiB for a 1 MiB string, found by a hostile SBOM).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>

#include "agent/json/stream.h"

namespace psirt::json::detail {

class ChunkInput {
 public:
  struct Stop {};  // thrown by a stop, never out of psirt_json

  ChunkInput(const ByteSource& source, const StreamLimits& limits) : source_(source), limits_(limits) {}

  // True when a byte is available (pulls the next chunk when needed).
  bool more() {
    if (pos_ < chunk_.size()) return true;
    return !stopped_ && !ended_ && pull();
  }
  char current() const { return static_cast<char>(chunk_[pos_]); }
  void advance();

  const std::optional<Error>& stopped() const { return stopped_; }
  std::uint64_t consumed() const { return consumed_; }
  // After a successful parse: the source must have nothing after the value.
  bool atEnd() { return !more(); }

  // The iterator pair handed to nlohmann::json::sax_parse.
  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = char;
    explicit Iterator(ChunkInput* in = nullptr) : in_(in) {}
    char operator*() const { return in_->current(); }
    Iterator& operator++() {
      in_->advance();
      return *this;
    }
    // Only ever compared with the end iterator (nullptr).
    bool operator==(const Iterator& other) const {
      ChunkInput* in = in_ != nullptr ? in_ : other.in_;
      return in == nullptr || !in->more();
    }
    bool operator!=(const Iterator& other) const { return !(*this == other); }

   private:
    ChunkInput* in_;
  };

 private:
  bool pull();
  void stop(Error e);

  const ByteSource& source_;
  const StreamLimits& limits_;
  std::span<const std::uint8_t> chunk_;
  std::size_t pos_ = 0;
  std::uint64_t consumed_ = 0;
  std::size_t run_ = 0;  // bytes of the current string or bare token
  bool in_string_ = false, escaped_ = false, ended_ = false;
  std::optional<Error> stopped_;
};

}  // namespace psirt::json::detail
