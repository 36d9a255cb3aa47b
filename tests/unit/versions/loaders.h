// Small loaders for the conformance file formats (test-only).
#pragma once

#include <string>
#include <vector>

namespace psirt::test {

// "a<TAB>b<TAB>expected" rows of a *_compare.tsv; '#' lines are comments.
struct CompareRow {
  std::string a, b;
  int expected = 0;
  int line = 0;
};
std::vector<CompareRow> loadCompareTsv(const std::string& path);

// Rows of any TSV split on TAB (comments skipped), keeping empty fields.
std::vector<std::vector<std::string>> loadTsv(const std::string& path);

}  // namespace psirt::test
