#include "tests/unit/versions/loaders.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/support/test_paths.h"

namespace psirt::test {

std::vector<std::vector<std::string>> loadTsv(const std::string& path) {
  std::istringstream in(readTextFile(path));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
      std::size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

std::vector<CompareRow> loadCompareTsv(const std::string& path) {
  std::vector<CompareRow> out;
  int n = 0;
  for (auto& f : loadTsv(path)) {
    ++n;
    if (f.size() != 3) {
      ADD_FAILURE() << path << " row " << n << ": expected 3 fields";
      continue;
    }
    out.push_back({f[0], f[1], std::stoi(f[2]), n});
  }
  return out;
}

}  // namespace psirt::test
