#include "tests/unit/csaf/csaf_test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

namespace psirt::csaf::test {

std::vector<std::string> jsonFilesUnder(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".json") out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool hasFinding(const Validation& v, const std::string& test, const std::string& pointer) {
  return std::any_of(v.findings.begin(), v.findings.end(), [&](const Finding& f) {
    return f.test == test && (pointer.empty() || f.pointer == pointer);
  });
}

std::string listFindings(const Validation& v) {
  std::string s;
  for (const auto& f : v.findings) s += f.describe() + "\n";
  return s;
}

std::string minimalDocument() {
  return R"({
  "document": {
    "category": "csaf_base",
    "csaf_version": "2.0",
    "distribution": {"tlp": {"label": "WHITE"}},
    "publisher": {"category": "vendor", "name": "Example PSIRT", "namespace": "https://psirt.example.com"},
    "title": "Minimal advisory",
    "tracking": {
      "current_release_date": "2024-01-02T10:00:00.000Z",
      "id": "EX-2024-0001",
      "initial_release_date": "2024-01-01T10:00:00.000Z",
      "revision_history": [
        {"date": "2024-01-01T10:00:00.000Z", "number": "1", "summary": "Initial version."},
        {"date": "2024-01-02T10:00:00.000Z", "number": "2", "summary": "Fix added."}
      ],
      "status": "final",
      "version": "2"
    }
  },
  "product_tree": {
    "branches": [{"category": "vendor", "name": "Example", "branches": [
      {"category": "product_name", "name": "Appliance", "branches": [
        {"category": "product_version", "name": "1.0", "product": {"name": "Appliance 1.0", "product_id": "APP-1.0"}},
        {"category": "product_version", "name": "1.1", "product": {"name": "Appliance 1.1", "product_id": "APP-1.1"}}
      ]}]}],
    "product_groups": [{"group_id": "GRP-ALL", "product_ids": ["APP-1.0", "APP-1.1"]}]
  },
  "vulnerabilities": [{
    "cve": "CVE-2024-0001",
    "product_status": {"known_affected": ["APP-1.0"], "fixed": ["APP-1.1"]},
    "remediations": [{"category": "vendor_fix", "details": "Upgrade to 1.1.", "group_ids": ["GRP-ALL"]}],
    "scores": [{"products": ["APP-1.0"], "cvss_v3": {"version": "3.1",
      "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8, "baseSeverity": "CRITICAL"}}]
  }]
})";
}

json::Value tree(std::string_view text) {
  auto v = json::Value::parse(text);
  if (!v) {
    ADD_FAILURE() << v.error().describe();
    return json::Value();
  }
  return std::move(*v);
}

json::Ref node(json::Value& doc, std::string_view pointer) {
  static json::Value scratch;
  json::Ref at = doc.ref();
  while (!pointer.empty()) {
    pointer.remove_prefix(1);  // '/' (tests use no escaped tokens)
    const std::string_view token = pointer.substr(0, pointer.find('/'));
    pointer.remove_prefix(token.size());
    if (!at.view().isArray()) {
      at = at.member(token);
      continue;
    }
    std::size_t index = 0;
    std::optional<json::Ref> element;
    if (std::from_chars(token.data(), token.data() + token.size(), index).ec == std::errc()) element = at.at(index);
    if (!element) {
      ADD_FAILURE() << "no array element " << token;
      return scratch.ref();
    }
    at = *element;
  }
  return at;
}

}  // namespace psirt::csaf::test
