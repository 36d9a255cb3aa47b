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
// relies on. Chunks are parsed as they come (json::readStream): only the
// members Advisory has are kept; notes, references, threats, revision texts,
// hashes... are read and dropped without being copied.
//
// Refused (kLimit for a bound, kParse otherwise; the context names the JSON
// pointer of the value at fault, "at /vulnerabilities/0/cve"):
// - JSON: everything json::readStream refuses (syntax, bounds, duplicate
//   keys; see agent/json/stream.h);
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
#include "agent/json/stream.h"
#include "platform/error/result.h"

namespace psirt::csaf {

// JSON-level bounds and the chunk source are agent/json's (stream.h).
using StreamLimits = json::StreamLimits;  // defaults: 64 MiB (the largest real advisory is 23 MB)
using ByteSource = json::ByteSource;

// Pulls chunks until the document ends or fails. A source that can return
// more bytes after the JSON value is asked once more (trailing content is an
// error), never further than max_document_bytes + one chunk.
Result<Advisory> readAdvisory(const ByteSource& source, const StreamLimits& limits = {});

// Convenience for bytes already in memory (tests, fuzzing, the publisher).
Result<Advisory> readAdvisory(std::string_view bytes, const StreamLimits& limits = {});

}  // namespace psirt::csaf
