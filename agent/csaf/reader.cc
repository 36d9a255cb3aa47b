// validateDocument / loadDocument: the pipeline of reader.h.
#include "agent/csaf/reader.h"

#include <exception>

#include "agent/csaf/json_value.h"
#include "agent/csaf/mandatory_tests.h"
#include "agent/csaf/model_builder.h"
#include "agent/csaf/schema_validator.h"

namespace psirt::csaf {
namespace {

constexpr std::size_t kMaxFindings = 1000;

// The shape the reference requires before running 6.1.8 (vulnerabilities an
// array of objects, scores arrays of objects, cvss_v2/cvss_v3 objects);
// otherwise the schema test alone reports the document.
bool cvssShapeKnown(const detail::Json& root) {
  if (!root.is_object()) return false;
  auto vulns = root.find("vulnerabilities");
  if (vulns == root.end()) return true;
  if (!vulns->is_array()) return false;
  for (const auto& v : *vulns) {
    if (!v.is_object()) return false;
    auto scores = v.find("scores");
    if (scores == v.end()) continue;
    if (!scores->is_array()) return false;
    for (const auto& s : *scores) {
      if (!s.is_object()) return false;
      for (const char* k : {"cvss_v2", "cvss_v3"}) {
        auto c = s.find(k);
        if (c != s.end() && !c->is_object()) return false;
      }
    }
  }
  return true;
}

// 6.1.8 Invalid CVSS: every cvss_v2 / cvss_v3 object against FIRST's schemas.
void invalidCvss(const detail::Json& root, std::vector<Finding>& out) {
  if (!cvssShapeKnown(root)) return;
  auto vulns = root.find("vulnerabilities");
  if (vulns == root.end()) return;
  const auto& validator = detail::SchemaValidator::instance();
  for (std::size_t i = 0; i < vulns->size(); ++i) {
    auto scores = (*vulns)[i].find("scores");
    if (scores == (*vulns)[i].end()) continue;
    for (std::size_t j = 0; j < scores->size(); ++j) {
      const auto& s = (*scores)[j];
      const std::string p = "/vulnerabilities/" + std::to_string(i) + "/scores/" + std::to_string(j);
      if (auto c = s.find("cvss_v2"); c != s.end()) {
        validator.validate(detail::SchemaId::kCvssV2, *c, p + "/cvss_v2", "6.1.8", out, kMaxFindings);
      }
      if (auto c = s.find("cvss_v3"); c != s.end()) {
        validator.validate(detail::SchemaId::kCvssV3, *c, p + "/cvss_v3", "6.1.8", out, kMaxFindings);
      }
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
    detail::Json root;
    Finding failure;
    if (!detail::parseStrict(bytes, limits, root, failure)) {
      result.findings.push_back(std::move(failure));
      return result;
    }
    detail::SchemaValidator::instance().validate(detail::SchemaId::kCsaf, root, "", "schema", result.findings,
                                                 kMaxFindings);
    invalidCvss(root, result.findings);
    result.document = detail::buildModel(root);
    detail::Findings tests{std::move(result.findings), kMaxFindings};
    detail::runMandatoryTests(*result.document, tests);
    result.findings = std::move(tests.list);
  } catch (const std::exception& e) {  // std::bad_alloc, nlohmann: never escape
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
