// `psirt-publish render` on the command line: good output on stdout or in
// --out, and bad input (missing file, invalid CSAF, unknown --format, usage)
// refused with exactly one clear line on stderr and a non-zero exit.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/fs/fs.h"
#include "platform/process/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_paths.h"

namespace psirt::render {
namespace {

process::Outcome publish(std::vector<std::string> args) {
  args.insert(args.begin(), PSIRT_PUBLISH_BIN);
  auto r = process::run(args);
  if (!r) {
    ADD_FAILURE() << r.error().describe();
    return {};
  }
  return std::move(*r);
}

std::string doc(const char* name) { return psirt::test::sourcePath(std::string("tests/unit/evaluate/docs/") + name); }

// One line, ending in '\n', with no other newline.
bool oneLine(const std::string& s) { return !s.empty() && s.find('\n') == s.size() - 1; }

TEST(RenderCli, TextGoesToStdoutAndMatchesTheGolden) {
  auto out = publish({"render", doc("omnipcx-asa.json")});
  EXPECT_EQ(out.exit_code, 0) << out.stderr_data;
  EXPECT_EQ(out.stdout_data, psirt::test::readTextFile(psirt::test::sourcePath("tests/unit/publisher/golden/omnipcx-asa.txt")));
  EXPECT_TRUE(out.stderr_data.empty());
}

TEST(RenderCli, HtmlWrittenToOutFileMatchesTheGolden) {
  psirt::test::TempDir dir;
  auto out = publish({"render", "--format", "html", "--out", dir.file("a.html"), doc("vex-gateway.json")});
  EXPECT_EQ(out.exit_code, 0) << out.stderr_data;
  EXPECT_TRUE(out.stdout_data.empty());
  EXPECT_EQ(psirt::test::readTextFile(dir.file("a.html")),
            psirt::test::readTextFile(psirt::test::sourcePath("tests/unit/publisher/golden/vex-gateway.html")));
}

TEST(RenderCli, MissingFileIsOneLineAndExitOne) {
  auto out = publish({"render", "/nonexistent/advisory.json"});
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_TRUE(out.stdout_data.empty());
  EXPECT_TRUE(oneLine(out.stderr_data)) << out.stderr_data;
  EXPECT_NE(out.stderr_data.find("psirt-publish render: /nonexistent/advisory.json: "), std::string::npos);
}

TEST(RenderCli, InvalidCsafIsRefusedWithTheLoadersLineAndNothingRendered) {
  psirt::test::TempDir dir;
  std::string bad = psirt::test::readTextFile(doc("omnipcx-asa.json"));
  bad.replace(bad.find("\"OXE-12.4-M5.304.19.a\"\n        ]"), 22, "\"UNDEFINED-ID\"");  // CSAF 6.1.1
  ASSERT_TRUE(fs::writeFileAtomic(dir.file("bad.json"), bad, 0644));
  auto out = publish({"render", dir.file("bad.json")});
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_TRUE(out.stdout_data.empty());
  EXPECT_TRUE(oneLine(out.stderr_data)) << out.stderr_data;
  EXPECT_NE(out.stderr_data.find("bad.json: "), std::string::npos) << out.stderr_data;
  EXPECT_NE(out.stderr_data.find("[6.1.1]"), std::string::npos) << out.stderr_data;
  EXPECT_NE(out.stderr_data.find("/vulnerabilities/0/product_status/fixed/0"), std::string::npos) << out.stderr_data;

  ASSERT_TRUE(fs::writeFileAtomic(dir.file("notjson.json"), "{\"document\": ", 0644));
  out = publish({"render", "--out", dir.file("x.html"), dir.file("notjson.json")});
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_TRUE(oneLine(out.stderr_data)) << out.stderr_data;
  EXPECT_FALSE(fs::readFile(dir.file("x.html"), 100));  // nothing written
}

TEST(RenderCli, UnknownFormatIsAUsageErrorNamingIt) {
  auto out = publish({"render", "--format", "pdf", doc("omnipcx-asa.json")});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_TRUE(out.stdout_data.empty());
  EXPECT_TRUE(oneLine(out.stderr_data)) << out.stderr_data;
  EXPECT_NE(out.stderr_data.find("unknown --format 'pdf'"), std::string::npos) << out.stderr_data;
}

TEST(RenderCli, UsageErrorsAreOneLineAndExitTwo) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"render"}, {"render", "--format"}, {"render", "--bogus", doc("omnipcx-asa.json")},
        {"render", doc("omnipcx-asa.json"), doc("vex-gateway.json")}}) {
    auto out = publish(args);
    EXPECT_EQ(out.exit_code, 2) << args.size();
    EXPECT_TRUE(oneLine(out.stderr_data)) << out.stderr_data;
  }
}

TEST(RenderCli, HelpListsTheOptions) {
  auto out = publish({"render", "--help"});
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_NE(out.stdout_data.find("--format text|html"), std::string::npos);
  auto top = publish({"--help"});
  EXPECT_NE(top.stdout_data.find("render"), std::string::npos);
}

}  // namespace
}  // namespace psirt::render
