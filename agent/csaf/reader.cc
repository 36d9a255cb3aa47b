// validateDocument / loadDocument: the pipeline of reader.h.
#include "agent/csaf/reader.h"

#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "agent/csaf/mandatory_tests.h"
#include "agent/csaf/model_builder.h"
#include "agent/csaf/schema_validator.h"
#include "agent/json/json.h"

namespace psirt::csaf {
namespace {

constexpr std::size_t kMaxFindings = 1000;

// CSAF's bounds as agent/json's parse options (the byte cap is checked first
// by parseDocument, with its own message).
json::ParseOptions parseOptions(const Limits& limits) {
  json::ParseOptions options;
  options.max_bytes = limits.max_document_bytes;
  options.max_depth = limits.max_depth;
  options.max_string_bytes = limits.max_string_bytes;
  options.max_values = limits.max_values;
  return options;
}

// A refused parse as reader.h's Finding: "limit" for a bound, "json" otherwise,
// at the pointer agent/json names ("at /a/b"); a syntax error names its byte
// (agent/json's context "byte N") and the whole document.
Finding parseFinding(const Error& e) {
  const std::string test = e.category == ErrorCategory::kLimit ? "limit" : "json";
  const std::string_view where = e.context;
  if (where.rfind("at ", 0) == 0) {
    const std::string_view pointer = where.substr(3);
    return Finding{test, pointer == "/" ? std::string() : std::string(pointer), e.message};
  }
  if (where.rfind("byte ", 0) == 0) return Finding{test, "", "not well-formed JSON at " + e.context + ": " + e.message};
  return Finding{test, "", e.message};
}

// Step (1) of reader.h: the document, or the one finding that refuses it.
std::optional<json::Document> parseDocument(std::string_view bytes, const Limits& limits, Finding& failure) {
  if (bytes.size() > limits.max_document_bytes) {
    failure = Finding{"limit", "", "document of " + std::to_string(bytes.size()) +
                                       " bytes exceeds the per-document cap of " +
                                       std::to_string(limits.max_document_bytes)};
    return std::nullopt;
  }
  auto doc = json::Document::parse(bytes, parseOptions(limits));
  if (!doc) {
    failure = parseFinding(doc.error());
    return std::nullopt;
  }
  return std::move(*doc);
}

// The shape the reference requires before running 6.1.8 (vulnerabilities an
// array of objects, scores arrays of objects, cvss_v2/cvss_v3 objects);
// otherwise the schema test alone reports the document.
bool cvssShapeKnown(const json::View& root) {
  if (!root.isObject()) return false;
  auto vulns = root.find("vulnerabilities");
  if (!vulns) return true;
  if (!vulns->isArray()) return false;
  for (const json::View& v : vulns->elements()) {
    if (!v.isObject()) return false;
    auto scores = v.find("scores");
    if (!scores) continue;
    if (!scores->isArray()) return false;
    for (const json::View& s : scores->elements()) {
      if (!s.isObject()) return false;
      for (const char* k : {"cvss_v2", "cvss_v3"}) {
        auto c = s.find(k);
        if (c && !c->isObject()) return false;
      }
    }
  }
  return true;
}

// 6.1.8 Invalid CVSS: every cvss_v2 / cvss_v3 object against FIRST's schemas.
// Runs only on the shape cvssShapeKnown accepted.
void invalidCvss(const json::View& root, std::vector<Finding>& out) {
  if (!cvssShapeKnown(root)) return;
  auto vulns = root.find("vulnerabilities");
  if (!vulns) return;
  const auto& validator = detail::SchemaValidator::instance();
  for (const json::View& v : vulns->elements()) {
    auto scores = v.find("scores");
    if (!scores) continue;
    for (const json::View& s : scores->elements()) {
      if (auto c = s.find("cvss_v2")) validator.validate(detail::SchemaId::kCvssV2, *c, "6.1.8", out, kMaxFindings);
      if (auto c = s.find("cvss_v3")) validator.validate(detail::SchemaId::kCvssV3, *c, "6.1.8", out, kMaxFindings);
    }
  }
}

}  // namespace

std::string Finding::describe() const {
  return (pointer.empty() ? std::string("(document)") : pointer) + " [" + test + "] " + message;
}

const std::vector<std::string>& implementedTests() {
  static const std::vector<std::string> k = {"schema", "6.1.1", "6.1.2", "6.1.3", "6.1.4",
                                             "6.1.5",  "6.1.6", "6.1.7", "6.1.8", "6.1.9", "6.1.10",
                                             "6.1.14", "6.1.16"};
  return k;
}

Validation validateDocument(std::string_view bytes, const Limits& limits) {
  Validation result;
  try {
    Finding failure;
    const std::optional<json::Document> doc = parseDocument(bytes, limits, failure);
    if (!doc) {
      result.findings.push_back(std::move(failure));
      return result;
    }
    const json::View root = doc->root();
    detail::SchemaValidator::instance().validate(detail::SchemaId::kCsaf, root, "schema", result.findings,
                                                 kMaxFindings);
    invalidCvss(root, result.findings);
    result.document = detail::buildModel(root);
    detail::Findings tests{std::move(result.findings), kMaxFindings};
    detail::runMandatoryTests(*result.document, tests);
    result.findings = std::move(tests.list);
  } catch (const std::exception& e) {  // std::bad_alloc: never escape
    result.document.reset();
    result.findings.push_back(Finding{"limit", "", std::string("cannot validate: ") + e.what()});
  }
  return result;
}

Result<Document> loadDocument(std::string_view bytes, const Limits& limits) {
  Validation v = validateDocument(bytes, limits);
  if (v.ok()) return std::move(*v.document);
  const Finding& first = v.findings.front();
  std::string message = "[" + first.test + "] " + first.message;
  if (v.findings.size() > 1) message += " (and " + std::to_string(v.findings.size() - 1) + " more failures)";
  const ErrorCategory category = first.test == "limit" ? ErrorCategory::kLimit : ErrorCategory::kParse;
  return makeError(category, message, first.pointer.empty() ? "(document)" : first.pointer);
}

}  // namespace psirt::csaf
