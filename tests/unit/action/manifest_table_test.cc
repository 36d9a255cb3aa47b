// The manifest reader against the checked-in table (manifests/): every good
// example is accepted, every bad one refused with the one line expected.tsv
// gives, naming the file and the JSON pointer at fault. The same table is the
// JSON Schema's (action_schema, validate_action_schema.js): the schema and
// this parser are two independent readers of docs/formats/action.md.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "agent/action/manifest.h"
#include "tests/support/test_paths.h"

namespace psirt::action {
namespace {

const std::string kDir = "tests/unit/action/manifests/";

struct Row {
  std::string file, schema, error;
};

std::vector<Row> table() {
  std::ifstream in(test::sourcePath(kDir + "expected.tsv"));
  std::vector<Row> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    Row r;
    std::getline(fields, r.file, '\t');
    std::getline(fields, r.schema, '\t');
    std::getline(fields, r.error);
    rows.push_back(r);
  }
  return rows;
}

TEST(ManifestTable, EveryGoodExampleIsAccepted) {
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::sourcePath(kDir + "good"))) {
    const std::string name = "good/" + entry.path().filename().string();
    auto a = parseActionManifest(test::readTextFile(entry.path().string()), name);
    EXPECT_TRUE(a) << a.error().describe();
    ++n;
  }
  EXPECT_GE(n, 4);
}

TEST(ManifestTable, EveryBadExampleIsRefusedWithItsOneLine) {
  const auto rows = table();
  ASSERT_GE(rows.size(), 80u);
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::sourcePath(kDir + "bad"))) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, rows.size()) << "every file of bad/ has a row in expected.tsv, and every row a file";
  for (const Row& r : rows) {
    const std::string name = "bad/" + r.file;
    auto a = parseActionManifest(test::readTextFile(test::sourcePath(kDir + name)), name);
    ASSERT_FALSE(a) << name << " was accepted";
    const std::string line = a.error().describe();
    EXPECT_EQ(line.find('\n'), std::string::npos) << line;
    EXPECT_EQ(line.rfind(name + ": ", 0), 0u) << line;
    EXPECT_NE(line.find(name + ": " + r.error), std::string::npos)
        << "want \"" << r.error << "\" in: " << line;
  }
}

}  // namespace
}  // namespace psirt::action
