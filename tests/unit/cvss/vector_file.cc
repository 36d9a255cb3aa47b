#include "tests/unit/cvss/vector_file.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/support/test_paths.h"

namespace psirt::cvss::test {

namespace {

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" ");
  std::size_t e = s.find_last_not_of(" ");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

std::optional<Tenths> parseTenths(const std::string& raw, bool* ok) {
  std::string text = trim(raw);
  *ok = true;
  if (text == "None") return std::nullopt;
  std::size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;  // "-0.0": a Python float artefact
  Tenths whole = 0;
  std::size_t digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) whole = whole * 10 + (text[i] - '0');
  Tenths tenth = 0;
  if (i < text.size() && text[i] == '.') {
    if (i + 2 != text.size() || text[i + 1] < '0' || text[i + 1] > '9') *ok = false;
    else tenth = text[i + 1] - '0';
    i = text.size();
  }
  if (digits == 0 || i != text.size()) *ok = false;
  Tenths value = whole * 10 + tenth;
  if (text[0] == '-' && value != 0) *ok = false;  // only -0.0 is expected
  return value;
}

std::vector<std::string> readLines(const std::string& path) {
  std::istringstream in(psirt::test::readTextFile(path));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<VectorCase> readRedHatFile(const std::string& path) {
  std::vector<VectorCase> cases;
  int line_no = 0;
  for (const std::string& line : readLines(path)) {
    ++line_no;
    std::size_t sep = line.find(" - ");
    if (sep == std::string::npos) {
      ADD_FAILURE() << path << ":" << line_no << ": no ' - ' separator";
      continue;
    }
    VectorCase c;
    c.line = line_no;
    c.vector = line.substr(0, sep);
    std::string expected = trim(line.substr(sep + 3));
    if (!expected.empty() && expected.front() == '(' && expected.back() == ')') {
      expected = expected.substr(1, expected.size() - 2);
    }
    std::stringstream parts(expected);
    for (std::string part; std::getline(parts, part, ',');) {
      if (trim(part).empty()) continue;  // "(9.2,)"
      bool ok = false;
      c.expected.push_back(parseTenths(part, &ok));
      if (!ok) ADD_FAILURE() << path << ":" << line_no << ": bad score '" << part << "'";
    }
    if (c.expected.size() != 1 && c.expected.size() != 3) {
      ADD_FAILURE() << path << ":" << line_no << ": expected 1 or 3 scores";
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

std::vector<VectorCase> readMacroScores(const std::string& path) {
  std::vector<VectorCase> cases;
  int line_no = 0;
  auto field = [](const std::string& line, const std::string& key) -> std::string {
    std::size_t k = line.find("'" + key + "': ");
    if (k == std::string::npos) return {};
    std::size_t b = k + key.size() + 4;
    std::size_t e = line.find_first_of(",}", b);
    std::string v = trim(line.substr(b, e - b));
    if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') v = v.substr(1, v.size() - 2);
    return v;
  };
  for (const std::string& line : readLines(path)) {
    ++line_no;
    VectorCase c;
    c.line = line_no;
    c.vector = field(line, "vector");
    bool ok = false;
    c.expected.push_back(parseTenths(field(line, "score"), &ok));
    c.severity = field(line, "severity");
    if (!ok || c.vector.empty() || c.severity.empty()) ADD_FAILURE() << path << ":" << line_no << ": unreadable line";
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace psirt::cvss::test
