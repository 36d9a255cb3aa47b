// The device's CSAF reader: one signed, verified CSAF 2.0 document streamed
// into a csaf::Advisory (advisory.h) in bounded memory, whatever its size.
//
//   auto a = psirt::csaf::readAdvisory(source, {});  // source: next chunk, empty at the end
//
// Why not loadDocument (reader.h): it holds the bytes and a DOM of the whole
// document (a 23 MB Red Hat VEX needs hundreds of MB); the device's budget is
// 16 MB peak RSS (docs/design.md#budgets). Strict validation (schema, mandatory tests)
// happens where the PSIRT publishes; the device reads documents whose TUF
// signature and hash were verified, and checks here only what the decision
// relies on. Chunks are parsed as they come (nlohmann's SAX parser): only the
// members Advisory has are kept; notes, references, threats, revision texts,
// hashes... are read and dropped without being copied.
//
// Refused (kLimit for a bound, kParse otherwise; the context names the JSON
// pointer of the value at fault, "at /vulnerabilities/0/cve"):
// - JSON: syntax errors, trailing content, invalid UTF-8, a leading BOM,
//   duplicate object keys (compared by a 64-bit hash: a collision could only
//   refuse a document, never accept one), nesting deeper than max_depth, a
//   string or number longer than max_string_bytes AS WRITTEN (escapes count
//   as their bytes), more than max_values values, more than
//   max_document_bytes bytes (reading stops there; the rest is never read);
// - CSAF: document.csaf_version other than "2.0"; document.category or
//   tracking id/version/status missing; any kept member of the wrong JSON type
//   (a number where a string is expected is an error, not a skip); a product
//   id defined twice (CSAF 6.1.2).
// Not refused: references to undefined product ids (Advisory::definition()
// says Definition::Kind::kUndefined; the evaluator reports them, CSAF 6.1.1).
//
// The result equals csaf::toAdvisory(loadDocument(bytes)) for every document
// loadDocument accepts (IdRef numbering aside; tested over the official
// examples and real vendor documents).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>

#include "agent/csaf/advisory.h"
#include "platform/error/result.h"

namespace psirt::csaf {

struct StreamLimits {
  std::uint64_t max_document_bytes = std::uint64_t{64} << 20;  // the largest real advisory is 23 MB
  std::size_t max_depth = 64;                            // nested objects/arrays
  std::size_t max_string_bytes = std::size_t{1} << 20;   // one string, key or number, as written
  std::size_t max_values = 16'000'000;                   // JSON values (a 23 MB Red Hat VEX has 330 000)
};

// The document's bytes in order: each call returns the next chunk (valid
// until the next call); an empty chunk means the end. An error stops the
// read and is returned as it is (e.g. a TUF hash mismatch found at the end).
using ByteSource = std::function<Result<std::span<const std::uint8_t>>()>;

// Pulls chunks until the document ends or fails. A source that can return
// more bytes after the JSON value is asked once more (trailing content is an
// error), never further than max_document_bytes + one chunk.
Result<Advisory> readAdvisory(const ByteSource& source, const StreamLimits& limits = {});

// Convenience for bytes already in memory (tests, fuzzing, the publisher).
Result<Advisory> readAdvisory(std::string_view bytes, const StreamLimits& limits = {});

}  // namespace psirt::csaf
