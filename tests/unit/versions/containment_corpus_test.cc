// Our containment corpus (containment_corpus.tsv, made by make_answers.sh from
// the host's dpkg and python3-rpm): every range must parse as canonical and
// every containment answer must match. Runs without dpkg/rpm, so it runs
// under qemu for the ARM targets too.
#include <gtest/gtest.h>

#include <map>

#include "agent/versions/vers.h"
#include "tests/support/test_paths.h"
#include "tests/unit/versions/loaders.h"

namespace psirt::versions {
namespace {

TEST(ContainmentCorpus, EveryCaseMatchesDpkgAndRpmAnswers) {
  auto rows = test::loadTsv(test::sourcePath("tests/unit/versions/containment_corpus.tsv"));
  ASSERT_EQ(rows.size(), 8090u);
  std::map<std::string, std::size_t> per_scheme;
  std::map<std::string, std::size_t> per_answer;
  std::size_t failures = 0;
  for (const auto& f : rows) {
    ASSERT_EQ(f.size(), 3u);
    auto range = parseRange(f[0]);
    ASSERT_TRUE(range.ok()) << f[0] << ": " << range.error().describe();
    ++per_scheme[std::string(schemeName(range->scheme))];
    ++per_answer[f[2]];
    auto in = contains(*range, f[1]);
    std::string got = !in.ok() ? "error" : (*in ? "true" : "false");
    if (got != f[2] && ++failures <= 20) {
      ADD_FAILURE() << f[0] << " contains " << f[1] << ": expected " << f[2] << ", got " << got
                    << (in.ok() ? "" : " (" + in.error().describe() + ")");
    }
  }
  EXPECT_EQ(failures, 0u);
  EXPECT_EQ(per_scheme["deb"], 2259u);
  EXPECT_EQ(per_scheme["opkg"], 2573u);
  EXPECT_EQ(per_scheme["rpm"], 2394u);
  EXPECT_EQ(per_scheme["omnipcx"], 864u);
  EXPECT_GT(per_answer["true"], 1000u);
  EXPECT_GT(per_answer["false"], 1000u);
}

}  // namespace
}  // namespace psirt::versions
