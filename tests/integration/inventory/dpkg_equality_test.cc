// Inventory equality with the real tool: on this machine's own dpkg database,
// our reader's (package, arch, version, source, source version, installed?)
// equals dpkg-query's for every package dpkg-query lists.
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "agent/inventory/readers.h"
#include "tests/integration/inventory/host_tools.h"

namespace psirt::inventory {
namespace {

TEST(DpkgEquality, OurReaderEqualsDpkgQueryOnThisHost) {
  if (!test::hostHas("/usr/bin/dpkg-query") || !test::hostHas("/var/lib/dpkg/status")) {
    GTEST_SKIP() << "no dpkg on this host";
  }
  std::string out = test::runCapture(
      "/usr/bin/dpkg-query -W -f='${Package}\\t${Architecture}\\t${Version}\\t${source:Package}\\t"
      "${source:Version}\\t${db:Status-Abbrev}\\n'");
  // key "package:arch" -> "version source source_version installed?"
  std::map<std::string, std::string> expected;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    std::istringstream fields(line);
    std::string field;
    while (std::getline(fields, field, '\t')) f.push_back(field);
    ASSERT_EQ(f.size(), 6u) << line;
    char state = f[5].size() > 1 ? f[5][1] : ' ';
    std::string installed = std::string("iWtFU").find(state) != std::string::npos ? "installed"
                            : state == 'H'                                      ? "uncertain"
                                                                                : "no";
    expected[f[0] + ":" + f[1]] = f[2] + " " + f[3] + " " + f[4] + " " + installed;
  }
  ASSERT_GT(expected.size(), 10u) << "dpkg-query listed almost nothing";

  ReadOptions options;
  auto result = readDpkg(options);
  for (const auto& w : result.warnings) ADD_FAILURE() << "warning on the host database: " << w.describe();
  EXPECT_FALSE(result.partial);
  std::map<std::string, std::string> ours;
  for (const auto& item : result.items) {
    std::string installed = item.state == ItemState::kUncertain ? "uncertain" : "installed";
    ours[item.name + ":" + item.arch] =
        item.version + " " + item.source_name + " " + item.source_version + " " + installed;
  }
  std::size_t compared = 0;
  for (const auto& [key, value] : expected) {
    auto it = ours.find(key);
    if (value.ends_with(" no")) {
      EXPECT_EQ(it, ours.end()) << key << " is not installed per dpkg-query but we list it";
      continue;
    }
    ASSERT_NE(it, ours.end()) << key << " missing from our inventory";
    EXPECT_EQ(it->second, value) << key;
    ++compared;
  }
  for (const auto& [key, value] : ours) {
    EXPECT_TRUE(expected.count(key)) << key << " listed by us but not by dpkg-query";
  }
  std::printf("compared %zu installed packages with dpkg-query\n", compared);
}

}  // namespace
}  // namespace psirt::inventory
