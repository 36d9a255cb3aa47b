// Bounded, strict JSON for untrusted input (signed TUF metadata, CSAF), and
// OLPC canonical JSON (securesystemslib's encode_canonical) of a parsed value.
//
// The parser is nlohmann/json's, private to this component: no file outside
// agent/json names nlohmann. Read a parsed tree through View (view.h), build
// and edit trees with Value (value.h), stream large documents with
// readStream (stream.h).
//
// Always refused: input larger than max_bytes, nesting deeper than max_depth,
// a string (or key) longer than max_string_bytes, more than max_values values,
// duplicate object keys, invalid UTF-8, a leading BOM, trailing content.
// Refused with Strictness::kSignedMetadata: any number with a fraction or an
// exponent, and integers outside [-2^53, 2^53].
// Errors are kParse (or kLimit for a bound) and their context is the JSON
// pointer of the offending value, or "byte N" for a syntax error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "agent/json/options.h"
#include "agent/json/value.h"
#include "agent/json/view.h"
#include "platform/error/result.h"

namespace psirt::json {


// An immutable parsed document. Cheap to copy (shared, read-only tree).
class Document {
 public:
  // Parses `text` under `options`. Errors: kLimit for a bound, kParse otherwise.
  static Result<Document> parse(std::string_view text, const ParseOptions& options = {});

  // Wraps a built tree (e.g. metadata a repository builder assembled).
  static Document from(Value value);

  // The root value; valid while this Document (or a copy) lives.
  View root() const;

  // OLPC canonical JSON of the whole document, or of the value at a JSON
  // pointer ("/signed"). kParse if the value holds a float (canonical JSON has
  // integers only) or the pointer names nothing.
  Result<std::string> canonical() const;
  Result<std::string> canonicalAt(std::string_view json_pointer) const;

  // Compact (non-canonical) serialisation, for diagnostics.
  std::string dump() const;

  struct Impl;
  const Impl& impl() const { return *impl_; }
  explicit Document(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const Impl> impl_;
};

// Convenience: parse under `options` and return the canonical form.
Result<std::string> canonicalize(std::string_view text, const ParseOptions& options = {});

}  // namespace psirt::json
