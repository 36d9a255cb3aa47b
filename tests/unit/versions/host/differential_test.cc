// Differential tests against the real tools on the host (label "host", dev
// preset only): our deb order equals libapt-pkg's debVS.CmpVersion (dpkg's
// algorithm) and our deb accept/reject equals `dpkg --validate-version`; our
// rpm split, accept/reject and order equal python3-rpm's rpm.ver() and
// rpm.labelCompare(). Inputs come from a grammar-based generator with a
// fixed seed, printed so a failure can be replayed.
#include <gtest/gtest.h>

#include <apt-pkg/debversion.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "agent/json/value.h"
#include "agent/versions/version.h"
#include "tests/support/json_file.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_paths.h"
#include "tests/unit/versions/host/generator.h"

namespace psirt::versions {
namespace {

constexpr std::uint64_t kSeed = 20261123;
constexpr std::size_t kPairs = 20000;

int sign(int x) { return x < 0 ? -1 : (x > 0 ? 1 : 0); }

TEST(DebDifferential, OrderEqualsLibaptOn20000ValidPairs) {
  std::printf("seed %llu\n", static_cast<unsigned long long>(kSeed));
  test::VersionGenerator gen(kSeed);
  std::size_t compared = 0, long_runs = 0, tildes = 0, epochs = 0, mismatches = 0;
  while (compared < kPairs) {
    auto [a, b] = gen.debPair();
    auto va = parse(Scheme::kDeb, a), vb = parse(Scheme::kDeb, b);
    if (!va || !vb) continue;
    // libapt reads the epoch as digits only; strtol-style epochs ("+1:") are
    // covered by the accept/reject test against dpkg below.
    if ((va->has_epoch && !isdigit(static_cast<unsigned char>(va->text[0]))) ||
        (vb->has_epoch && !isdigit(static_cast<unsigned char>(vb->text[0])))) {
      continue;
    }
    int ours = *compare(*va, *vb);
    int apt = sign(debVS.CmpVersion(va->text, vb->text));
    ++compared;
    long_runs += (a.find("000000000000000000000") != std::string::npos || a.size() > 24) ? 1 : 0;
    tildes += a.find('~') != std::string::npos ? 1 : 0;
    epochs += va->has_epoch ? 1 : 0;
    if (ours != apt && ++mismatches <= 20) ADD_FAILURE() << "'" << a << "' vs '" << b << "': ours " << ours << " apt " << apt;
  }
  EXPECT_EQ(mismatches, 0u);
  std::printf("deb: %zu pairs compared (%zu with '~', %zu with epochs, %zu long)\n", compared, tildes, epochs, long_runs);
  EXPECT_GT(tildes, 1000u);
  EXPECT_GT(epochs, 1000u);
}

TEST(DebDifferential, AcceptRejectEqualsDpkgValidateVersion) {
  test::VersionGenerator gen(kSeed + 1);
  test::TempDir dir;
  std::vector<std::string> inputs;
  while (inputs.size() < 3000) {
    std::string v = gen.deb(true);
    if (v.find('\n') == std::string::npos) inputs.push_back(v);
  }
  {
    std::ofstream out(dir.file("in"));
    for (const auto& v : inputs) out << v << '\n';
  }
  std::string cmd = "while IFS= read -r v; do dpkg --validate-version -- \"$v\" >/dev/null 2>&1; echo $?; done <'" +
                    dir.file("in") + "' >'" + dir.file("out") + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::istringstream answers(test::readTextFile(dir.file("out")));
  std::size_t rejected = 0, checked = 0;
  for (const auto& v : inputs) {
    int rc = -1;
    ASSERT_TRUE(answers >> rc);
    bool dpkg_ok = rc == 0;
    bool ours = parse(Scheme::kDeb, v).ok();
    // dpkg's command line takes "" as "no version" (accepted); libdpkg's
    // parseversion, which we follow, rejects it (see SOURCES.md).
    if (v.empty()) dpkg_ok = false;
    EXPECT_EQ(ours, dpkg_ok) << "'" << v << "' dpkg rc " << rc;
    rejected += dpkg_ok ? 0 : 1;
    ++checked;
  }
  std::printf("deb accept/reject: %zu strings, %zu rejected by dpkg\n", checked, rejected);
  EXPECT_GT(rejected, 300u);
}

TEST(RpmDifferential, SplitAcceptAndOrderEqualRpmLabelCompare) {
  test::VersionGenerator gen(kSeed + 2);
  test::TempDir dir;
  std::vector<std::pair<std::string, std::string>> pairs;
  while (pairs.size() < kPairs + 1000) {
    auto p = gen.rpmPair();
    if ((p.first + p.second).find_first_of("\t\n\r") == std::string::npos) pairs.push_back(p);
  }
  {
    std::ofstream out(dir.file("in"));
    for (const auto& [a, b] : pairs) out << a << '\t' << b << '\n';
  }
  std::string cmd = "/usr/bin/python3 '" + test::sourcePath("tests/unit/versions/host/rpm_label_compare.py") + "' '" +
                    dir.file("in") + "' '" + dir.file("out") + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::istringstream lines(test::readTextFile(dir.file("out")));
  std::string line;
  std::size_t compared = 0, rejected = 0, mismatches = 0, tildes = 0;
  // One output line: [split of a or null, split of b or null, labelCompare or null],
  // a split being [epoch or null, version, release or null].
  auto sameSplit = [](const Version& v, const json::View& j) {
    auto field = [](bool has, const std::string& s) { return has ? json::Value(s) : json::Value(nullptr); };
    return json::Value::array({field(v.has_epoch, v.epoch), v.upstream, field(v.has_revision, v.revision)})
        .view()
        .equals(j);
  };
  for (const auto& [a, b] : pairs) {
    ASSERT_TRUE(std::getline(lines, line));
    const json::Document doc = test::parseJson(line, "rpm_label_compare.py output");
    const json::View split_a = test::at(doc.root(), 0), split_b = test::at(doc.root(), 1);
    const json::View cmp = test::at(doc.root(), 2);
    auto va = parse(Scheme::kRpm, a), vb = parse(Scheme::kRpm, b);
    // rpm "accepts" what rpm.ver() parses with a non-empty version part:
    // labelCompare refuses anything else ("invalid version").
    auto accepted = [](const json::View& e) { return !e.isNull() && !test::str(test::at(e, 1)).empty(); };
    EXPECT_EQ(va.ok(), accepted(split_a)) << "'" << a << "'";
    EXPECT_EQ(vb.ok(), accepted(split_b)) << "'" << b << "'";
    if (accepted(split_a) && accepted(split_b)) {
      EXPECT_FALSE(cmp.isNull()) << a << " " << b;
    }
    if (va && !sameSplit(*va, split_a)) ADD_FAILURE() << "split of '" << a << "': rpm " << split_a.dump();
    if (!va || !vb || cmp.isNull()) {
      ++rejected;
      continue;
    }
    ++compared;
    int ours = *compare(*va, *vb);
    tildes += (a + b).find_first_of("~^") != std::string::npos ? 1 : 0;
    const std::int64_t theirs = test::integer(cmp);
    if (ours != theirs && ++mismatches <= 20) {
      ADD_FAILURE() << "'" << a << "' vs '" << b << "': ours " << ours << " rpm " << theirs;
    }
  }
  EXPECT_EQ(mismatches, 0u);
  std::printf("rpm: %zu pairs compared (%zu with '~' or '^'), %zu with a rejected side\n", compared, tildes, rejected);
  EXPECT_GT(rejected, 100u);
  EXPECT_GE(compared, kPairs);
}

}  // namespace
}  // namespace psirt::versions
