// PRIVATE to agent/csaf: a JSON Schema (draft 2020-12) validator for the subset
// of keywords the CSAF 2.0 and FIRST CVSS schemas use: type, enum, const,
// properties, required, additionalProperties (boolean), minProperties,
// maxProperties, items, minItems, uniqueItems, minLength, pattern, format
// (date-time, uri), minimum, maximum, $ref (local "#/..." and the three FIRST
// CVSS schema URLs) and oneOf. Any other keyword met in a schema is a bug
// here (checked when the schemas load, see the unit tests).
//
// The schemas are compiled into the binary (schemas/*.json, embedded at build
// time) so the agent needs no file at run time.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "agent/csaf/reader.h"
#include "agent/json/json.h"

namespace psirt::csaf::detail {

enum class SchemaId { kCsaf, kCvssV2, kCvssV3 };  // kCvssV3: oneOf 3.0 / 3.1

class SchemaValidator {
 public:
  // The process-wide validator over the embedded schemas (built on first use).
  static const SchemaValidator& instance();

  // Appends one Finding (with `test` as its id, at the JSON pointer of the
  // value at fault: `value.pointer()` or below) per violation, at most
  // `max_findings` in total in `out`.
  void validate(SchemaId schema, const json::View& value, const std::string& test, std::vector<Finding>& out,
                std::size_t max_findings) const;

  // Keywords met in the embedded schemas that this validator does not know
  // (annotation keywords excluded), and embedded schemas that do not parse;
  // must be empty.
  [[nodiscard]] const std::vector<std::string>& unknownKeywords() const { return unknown_; }
  // "pattern" sources of the embedded schemas outside the agent/pattern subset
  // ("source: error"); must be empty. Such a keyword fails every string.
  [[nodiscard]] const std::vector<std::string>& patternErrors() const;
  // Every distinct "pattern" source of the embedded schemas, sorted.
  [[nodiscard]] std::vector<std::string> patternSources() const;

  struct Impl;
  ~SchemaValidator();
  SchemaValidator(const SchemaValidator&) = delete;
  SchemaValidator& operator=(const SchemaValidator&) = delete;

 private:
  SchemaValidator();
  Impl* impl_;
  std::vector<std::string> unknown_;
};

}  // namespace psirt::csaf::detail
