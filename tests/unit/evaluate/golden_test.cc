// The golden verdict table (golden.tsv): every row is a document, an inventory
// written in a small notation, and the verdict the rules of
// docs/formats/evaluation.md give by hand.
#include <gtest/gtest.h>

#include <sstream>

#include "agent/csaf/reader.h"
#include "agent/evaluate/evaluator.h"
#include "tests/support/test_paths.h"

namespace psirt::evaluate {
namespace {

struct Row {
  int line = 0;
  std::string doc, vulnerability, product, inventory, status, basis, what;
  int rule = 0;
  int instances = -1;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

// ECO:NAME=VERSION{k=v,...} with per-ecosystem defaults.
InstalledItem parseItem(const std::string& spec) {
  InstalledItem it;
  std::string body = spec, opts;
  if (auto brace = spec.find('{'); brace != std::string::npos) {
    body = spec.substr(0, brace);
    opts = spec.substr(brace + 1, spec.size() - brace - 2);
  }
  auto colon = body.find(':');
  auto eq = body.find('=');
  it.ecosystem = body.substr(0, colon);
  it.name = body.substr(colon + 1, eq - colon - 1);
  it.version = body.substr(eq + 1);
  if (it.ecosystem == "deb") { it.version_scheme = "deb"; it.purl_type = "deb"; it.purl_namespace = "debian"; it.distro = "debian-12"; it.arch = "amd64"; }
  if (it.ecosystem == "rpm") { it.version_scheme = "rpm"; it.purl_type = "rpm"; it.purl_namespace = "redhat"; it.arch = "x86_64"; }
  if (it.ecosystem == "vendor") { it.version_scheme = "omnipcx"; it.purl_type = "generic"; it.purl_namespace = "ale"; }
  if (it.ecosystem == "sbom") { it.version_scheme = "generic"; it.purl_type = "generic"; it.purl_namespace = "ale"; }
  if (it.ecosystem == "pypi") { it.version_scheme = "pypi"; it.purl_type = "pypi"; }
  for (const auto& kv : split(opts, ',')) {
    if (kv.empty()) continue;
    auto e = kv.find('=');
    std::string k = kv.substr(0, e), v = e == std::string::npos ? "" : kv.substr(e + 1);
    if (k == "arch") it.arch = v;
    else if (k == "distro") it.distro = v;
    else if (k == "src") it.source_name = v;
    else if (k == "srcver") it.source_version = v;
    else if (k == "ns") it.purl_namespace = v;
    else if (k == "cpe") it.cpe = v;
    else if (k == "scheme") it.version_scheme = v;
    else if (k == "label") it.label = v;
    else if (k == "uncertain") it.uncertain = true;
    else ADD_FAILURE() << "unknown item key " << k;
  }
  if (!it.source_name.empty() && it.source_version.empty()) it.source_version = it.version;
  return it;
}

InventoryView parseInventory(const std::string& spec) {
  InventoryView inv;
  if (spec == "-") return inv;
  for (const auto& tok : split(spec, ';')) {
    if (tok.rfind("partial:", 0) == 0) inv.partial_ecosystems.insert(tok.substr(8));
    else inv.items.push_back(parseItem(tok));
  }
  return inv;
}

std::vector<Row> loadRows() {
  std::vector<Row> rows;
  std::istringstream in(test::readTextFile(test::sourcePath("tests/unit/evaluate/golden.tsv")));
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    auto f = split(line, '\t');
    if (f.size() != 9) {
      ADD_FAILURE() << "golden.tsv:" << n << ": expected 9 columns, got " << f.size();
      continue;
    }
    rows.push_back({n, f[0], f[1], f[2], f[3], f[4], f[5], f[8], std::stoi(f[6]), std::stoi(f[7])});
  }
  return rows;
}

TEST(GoldenVerdicts, EveryRowGivesTheHandWrittenVerdict) {
  auto rows = loadRows();
  ASSERT_GE(rows.size(), 60u);
  std::map<std::string, csaf::Document> docs;
  std::set<int> rules_seen;
  for (const auto& row : rows) {
    SCOPED_TRACE("golden.tsv:" + std::to_string(row.line) + " " + row.what);
    if (!docs.count(row.doc)) {
      auto bytes = test::readTextFile(test::sourcePath("tests/unit/evaluate/docs/" + row.doc));
      auto doc = csaf::loadDocument(bytes);
      ASSERT_TRUE(doc) << row.doc << ": " << doc.error().describe();
      docs.emplace(row.doc, std::move(*doc));
    }
    auto eval = evaluateDocument(docs.at(row.doc), parseInventory(row.inventory));
    ASSERT_TRUE(eval) << eval.error().describe();
    const Verdict* found = nullptr;
    for (const auto& v : eval->verdicts) {
      if (v.vulnerability == row.vulnerability && v.product == row.product) found = &v;
    }
    if (found == nullptr) {
      std::string have;
      for (const auto& v : eval->verdicts) have += " [" + v.vulnerability + " x " + v.product + "]";
      FAIL() << "no verdict for " << row.vulnerability << " x " << row.product << "; verdicts:" << have;
    }
    std::string why = found->instances.empty() ? "" : found->instances.front().reason;
    EXPECT_EQ(toString(found->status), row.status) << why;
    EXPECT_EQ(toString(found->basis), row.basis) << why;
    EXPECT_EQ(found->rule, row.rule) << why;
    EXPECT_EQ(static_cast<int>(found->instances.size()), row.instances);
    rules_seen.insert(found->rule);
  }
  // Every numbered rule that decides a status is exercised by some row.
  for (Rule rule : {kRuleExactThenRange, kRuleInference, kRuleRelationships, kRuleUncertainty})
    EXPECT_TRUE(rules_seen.count(rule)) << "no row for rule " << rule;
}

}  // namespace
}  // namespace psirt::evaluate
