// Streaming JSON: one document read chunk by chunk in bounded memory, its
// values handed to a StreamHandler as events in document order. No tree is
// built: the handler keeps what it needs (the device's CSAF reader keeps the
// few members the decision uses out of documents of tens of megabytes).
//
//   MyHandler h;                                   // implements StreamHandler
//   Status s = json::readStream(source, limits, h);  // source: next chunk, empty at the end
//
// Refused (kLimit for a bound, kParse otherwise; the context is "at <JSON
// pointer>" of the value at fault, plus ", byte N" for a syntax error):
// syntax errors, trailing content, invalid UTF-8, a leading BOM, duplicate
// object keys (compared by a 64-bit hash: a collision could only refuse a
// document, never accept one), nesting deeper than max_depth, a string or
// number longer than max_string_bytes AS WRITTEN (escapes count as their
// bytes), more than max_values values, more than max_open_keys keys in the
// objects open at once, more than max_document_bytes bytes
// (reading stops there; the rest is never read). These are the rules of
// Document::parse (json.h), so both readers refuse the same inputs, except
// max_open_keys (the stream's own memory bound).
// A handler's error stops the read; its context, when empty, becomes the
// pointer of the value the handler was given.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "agent/json/view.h"
#include "platform/error/result.h"

namespace psirt::json {

struct StreamLimits {
  std::uint64_t max_document_bytes = std::uint64_t{64} << 20;
  std::size_t max_depth = 64;                            // nested objects/arrays
  std::size_t max_string_bytes = std::size_t{1} << 20;   // one string, key or number, as written
  std::size_t max_values = 16'000'000;                   // JSON values
  // Keys of the objects open at once (each open object remembers its keys'
  // hashes for the duplicate check, ~44 bytes a key): without this bound one
  // object of millions of members would cost tens of megabytes however
  // little the handler keeps (a 17 MB SBOM of 1 M keys: 44 MiB). Stream only:
  // Document::parse holds every key in its tree anyway.
  std::size_t max_open_keys = 65'536;
};

// The document's bytes in order: each call returns the next chunk (valid
// until the next call); an empty chunk means the end. An error stops the
// read and is returned as it is (e.g. a TUF hash mismatch found at the end).
using ByteSource = std::function<Result<std::span<const std::uint8_t>>()>;

// Events of one document. A value inside an object is preceded by key().
class StreamHandler {
 public:
  virtual ~StreamHandler() = default;
  virtual Status key(std::string_view key) = 0;
  // A scalar; `text` holds a string's decoded contents (empty otherwise).
  virtual Status value(Type type, const std::string& text) = 0;
  virtual Status open(Type type) = 0;  // kObject or kArray begins
  virtual Status close() = 0;          // the current container ends
};

// Pulls chunks until the document ends or fails. A source that can return
// more bytes after the JSON value is asked once more (trailing content is an
// error), never further than max_document_bytes + one chunk. bad_alloc is
// reported as kLimit "out of memory".
Status readStream(const ByteSource& source, const StreamLimits& limits, StreamHandler& handler);

// Convenience for bytes already in memory.
Status readStream(std::string_view bytes, const StreamLimits& limits, StreamHandler& handler);

}  // namespace psirt::json
