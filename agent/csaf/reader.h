// Reading one CSAF 2.0 document from one buffer, strictly and within bounds.
//
//   auto r = psirt::csaf::loadDocument(bytes, {});   // agent: refuse on any failure
//   auto v = psirt::csaf::validateDocument(bytes, {}); // publisher: every failure
//
// Order of work: (1) bounded strict JSON (size cap, depth, string length, value
// count, duplicate keys refused) -> (2) JSON Schema (the CSAF 2.0 schema in its
// strict form, with the FIRST CVSS schemas it references) -> (3) the typed
// model -> (4) the CSAF 2.0 mandatory tests we implement (docs/formats/csaf.md).
// Every failure is a Finding naming the test id and the JSON pointer.
// No exception leaves this component.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/csaf/model.h"
#include "platform/error/result.h"

namespace psirt::csaf {

// Bounds for one document (untrusted input). Defaults suit real advisories:
// the largest official example is ~200 KB and Red Hat documents reach a few MB.
struct Limits {
  std::size_t max_document_bytes = std::size_t{4} << 20;  // per-document cap (docs/design.md#budgets)
  std::size_t max_depth = 64;           // nesting of JSON objects/arrays
  std::size_t max_string_bytes = std::size_t{1} << 20;  // one string or key
  std::size_t max_values = 2'000'000;   // JSON values in the whole document
};

// One failed check. `test` is a CSAF test id ("6.1.2"), "schema" (JSON Schema),
// "json" (not well-formed / duplicate key) or "limit" (a bound was hit).
struct Finding {
  std::string test;
  std::string pointer;  // RFC 6901 JSON pointer into the document ("" = whole)
  std::string message;
  // "<pointer> [<test>] <message>", the one line a tool prints.
  [[nodiscard]] std::string describe() const;
};

struct Validation {
  std::optional<Document> document;  // absent when the JSON itself was refused
  std::vector<Finding> findings;     // empty = the document passed every check
  [[nodiscard]] bool ok() const { return document.has_value() && findings.empty(); }
};

// All checks, every failure reported (used by `psirt-publish validate`).
// Never fails: unreadable JSON is a "json" or "limit" finding.
Validation validateDocument(std::string_view bytes, const Limits& limits = {});

// Strict load for evaluation: the document only if every check passed; otherwise
// a kParse (or kLimit) error whose message names the first failure, its test and
// pointer, and how many more there were.
Result<Document> loadDocument(std::string_view bytes, const Limits& limits = {});

// The mandatory tests implemented, in the order they run ("6.1.1", ...).
const std::vector<std::string>& implementedTests();

}  // namespace psirt::csaf
