// The container on its own: writer output is exactly the documented byte
// layout, and every structural defect of a hostile file is refused by
// BundleReader::open with an error naming the problem.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "agent/bundle/format.h"
#include "agent/bundle/reader.h"
#include "agent/bundle/writer.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/bundle/raw_bundle.h"

namespace psirt::bundle {
namespace {

using test::rawBundle;
using test::RawEntry;

const std::vector<RawEntry> kThree = {{"metadata/1.root.json", "{\"root\":1}"},
                                      {"metadata/timestamp.json", "{}"},
                                      {"targets/advisories/x.json", ""}};

class BundleFile : public ::testing::Test {
 protected:
  std::string put(const std::string& bytes) {
    // Plain ofstream: no fsync per case (the truncation test writes hundreds).
    const std::string p = dir_.file("b" + std::to_string(n_++) + ".psb");
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  Result<BundleReader> open(const std::string& bytes, const Limits& limits = {}) {
    return BundleReader::open(put(bytes), limits, "test.psb");
  }
  // Refused by open(): the error category and a fragment of its message.
  void expectRefused(const std::string& bytes, ErrorCategory category, const std::string& fragment,
                     const Limits& limits = {}) {
    auto r = open(bytes, limits);
    ASSERT_FALSE(r.ok()) << fragment;
    EXPECT_EQ(r.error().category, category) << r.error().describe();
    EXPECT_NE(r.error().describe().find(fragment), std::string::npos) << r.error().describe();
    EXPECT_NE(r.error().describe().find("bundle test.psb"), std::string::npos) << r.error().describe();
  }
  psirt::test::TempDir dir_;
  int n_ = 0;
};

TEST_F(BundleFile, WriterOutputIsTheDocumentedLayout) {
  BundleWriter w;
  for (const auto& e : kThree) ASSERT_TRUE(w.addBytes(e.name, e.content));
  const std::string p = dir_.file("w.psb");
  ASSERT_TRUE(w.write(p));
  auto bytes = fs::readFile(p, 1 << 20);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, rawBundle(kThree));
}

TEST_F(BundleFile, WriterStreamsFilesOfARepositoryDirectory) {
  ASSERT_TRUE(fs::makeDirectories(dir_.file("repo/metadata")));
  ASSERT_TRUE(fs::makeDirectories(dir_.file("repo/targets/advisories")));
  ASSERT_TRUE(fs::writeFileAtomic(dir_.file("repo/metadata/1.root.json"), "{\"root\":1}"));
  ASSERT_TRUE(fs::writeFileAtomic(dir_.file("repo/targets/advisories/x.json"), std::string(200000, 'x')));
  BundleWriter w;
  ASSERT_TRUE(w.addRepositoryDirectory(dir_.file("repo")));
  EXPECT_EQ(w.names(), (std::vector<std::string>{"metadata/1.root.json", "targets/advisories/x.json"}));
  ASSERT_TRUE(w.write(dir_.file("w.psb")));
  auto r = BundleReader::open(dir_.file("w.psb"));
  ASSERT_TRUE(r) << r.error().describe();
  auto x = r->read("targets/advisories/x.json", 200000);
  ASSERT_TRUE(x);
  EXPECT_EQ(*x, std::string(200000, 'x'));
}

TEST_F(BundleFile, ReaderListsNamesAndReadsContent) {
  auto r = open(rawBundle(kThree));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->names().size(), 3u);
  EXPECT_EQ(r->names()[1], "metadata/timestamp.json");
  EXPECT_EQ(*r->read("metadata/1.root.json", 100), "{\"root\":1}");
  EXPECT_EQ(*r->read("targets/advisories/x.json", 0), "");
  EXPECT_EQ(r->length("metadata/1.root.json"), 10);
}

TEST_F(BundleFile, MissingNameIsNotFound404) {
  auto r = open(rawBundle(kThree));
  ASSERT_TRUE(r);
  auto x = r->read("metadata/2.root.json", 100);
  ASSERT_FALSE(x);
  EXPECT_EQ(x.error().category, ErrorCategory::kIo);
  EXPECT_EQ(x.error().code, 404);
}

TEST_F(BundleFile, ReadLongerThanMaxBytesIsALimitError) {
  auto r = open(rawBundle(kThree));
  ASSERT_TRUE(r);
  auto x = r->read("metadata/1.root.json", 9);
  ASSERT_FALSE(x);
  EXPECT_EQ(x.error().category, ErrorCategory::kLimit);
  EXPECT_TRUE(r->read("metadata/1.root.json", 10));
}

TEST_F(BundleFile, ContentNotMatchingItsDigestIsACorruptBundle) {
  std::string b = rawBundle(kThree);
  b[b.find("{\"root\":1}") + 2] = 'R';
  auto r = open(b);
  ASSERT_TRUE(r);  // structure is fine; content is checked on read
  auto x = r->read("metadata/1.root.json", 100);
  ASSERT_FALSE(x);
  EXPECT_EQ(x.error().category, ErrorCategory::kParse);
  EXPECT_NE(x.error().message.find("corrupt bundle"), std::string::npos);
}

TEST_F(BundleFile, EveryTruncationIsRefused) {
  const std::string full = rawBundle(kThree);
  int refused = 0;
  for (std::size_t len = 0; len < full.size(); ++len) {
    auto r = open(full.substr(0, len));
    ASSERT_FALSE(r.ok()) << "prefix of " << len << " bytes accepted";
    EXPECT_EQ(r.error().category, ErrorCategory::kParse) << r.error().describe();
    const std::string d = r.error().describe();
    EXPECT_TRUE(d.find("truncated") != std::string::npos || d.find("remain") != std::string::npos ||
                d.find("bad trailer") != std::string::npos)
        << len << ": " << d;
    ++refused;
  }
  EXPECT_EQ(refused, static_cast<int>(full.size()));
}

TEST_F(BundleFile, TenGigabyteDeclaredSizeIsRefusedBeforeAnyAllocation) {
  // A 70-byte file declaring 10 GB of content: refused from the header alone.
  expectRefused(rawBundle({{"targets/big.bin", "tiny", std::int64_t{10} << 30}}), ErrorCategory::kParse,
                "declares 10737418240 bytes but only");
  expectRefused(rawBundle({{"targets/big.bin", "tiny", -1}}, /*declared_count=*/0xffffffff), ErrorCategory::kLimit,
                "4294967295 entries exceed the limit");
  expectRefused(rawBundle({{"targets/big.bin", "tiny", static_cast<std::int64_t>(~std::uint64_t{0} >> 1)}}),
                ErrorCategory::kParse, "truncated or forged size");
}

TEST_F(BundleFile, BundleLargerThanTheLimitIsRefused) {
  Limits l;
  l.max_bundle_bytes = 100;
  expectRefused(rawBundle({{"targets/a", std::string(200, 'a')}}), ErrorCategory::kLimit, "exceeds the limit of 100",
                l);
}

TEST_F(BundleFile, DuplicateNamesAreRefused) {
  expectRefused(rawBundle({{"metadata/timestamp.json", "{}"}, {"metadata/timestamp.json", "{\"x\":1}"}}),
                ErrorCategory::kParse, "duplicate entry name 'metadata/timestamp.json'");
}

struct BadName {
  const char* label;
  std::string name;
  const char* fragment;
};

class HostileName : public BundleFile, public ::testing::WithParamInterface<BadName> {};

TEST_P(HostileName, IsRefusedNamingTheRule) {
  expectRefused(rawBundle({{"metadata/timestamp.json", "{}"}, {GetParam().name, "x"}}), ErrorCategory::kParse,
                GetParam().fragment);
  // and the writer never produces it
  BundleWriter w;
  EXPECT_FALSE(w.addBytes(GetParam().name, "x"));
}

INSTANTIATE_TEST_SUITE_P(
    Names, HostileName,
    ::testing::Values(BadName{"dotdot", "../etc/passwd", "'..' component"},
                      BadName{"inner_dotdot", "targets/a/../../b", "'..' component"},
                      BadName{"trailing_dotdot", "targets/..", "'..' component"},
                      BadName{"dot", "targets/./a", "'.' component"},
                      BadName{"absolute", "/etc/passwd", "absolute path"},
                      BadName{"backslash", "targets\\..\\x", "backslash"},
                      BadName{"nul", std::string("targets/a\0b", 11), "NUL byte"},
                      BadName{"newline", "targets/a\nb", "control character"},
                      BadName{"del", "targets/a\x7f", "control character"},
                      BadName{"double_slash", "targets//a", "empty path component"},
                      BadName{"trailing_slash", "targets/", "empty path component"}),
    [](const auto& p) { return std::string(p.param.label); });

TEST_F(BundleFile, EmptyNameIsRefused) {
  expectRefused(rawBundle({{"", "x"}}), ErrorCategory::kParse, "empty name");
}

TEST_F(BundleFile, OverlongNameIsALimitError) {
  expectRefused(rawBundle({{std::string(1025, 'a'), "x"}}), ErrorCategory::kLimit, "name of 1025 bytes");
}

TEST_F(BundleFile, TooManyEntriesIsALimitError) {
  Limits l;
  l.max_entries = 2;
  expectRefused(rawBundle(kThree), ErrorCategory::kLimit, "3 entries exceed the limit of 2", l);
}

TEST_F(BundleFile, WrongMagicVersionFlagsAndTrailerAreRefused) {
  expectRefused(rawBundle(kThree, -1, "PK\x03\x04xxxx"), ErrorCategory::kParse, "bad magic");
  expectRefused(rawBundle(kThree, -1, kMagic, 2), ErrorCategory::kParse, "unsupported bundle format version 2");
  std::string flags = rawBundle(kThree);
  flags[11] = 1;
  expectRefused(flags, ErrorCategory::kParse, "unknown header flags");
  std::string trailer = rawBundle(kThree);
  trailer[trailer.size() - 1] = 'X';
  expectRefused(trailer, ErrorCategory::kParse, "bad trailer");
}

TEST_F(BundleFile, TrailingGarbageIsRefused) {
  expectRefused(rawBundle(kThree) + "junk", ErrorCategory::kParse, "trailing garbage: 4 bytes after the trailer");
  expectRefused(rawBundle(kThree) + rawBundle(kThree), ErrorCategory::kParse, "trailing garbage");
}

TEST_F(BundleFile, MoreEntriesThanDeclaredIsRefused) {
  expectRefused(rawBundle(kThree, 2), ErrorCategory::kParse, "bad trailer");
}

TEST_F(BundleFile, DirectoryIsNotABundle) {
  auto r = BundleReader::open(dir_.path());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().describe().find("not a regular file"), std::string::npos);
}

TEST_F(BundleFile, WriterRefusesDuplicatesAndUnknownRemovals) {
  BundleWriter w;
  ASSERT_TRUE(w.addBytes("metadata/timestamp.json", "{}"));
  EXPECT_FALSE(w.addBytes("metadata/timestamp.json", "{}"));
  EXPECT_FALSE(w.remove("metadata/snapshot.json"));
  EXPECT_TRUE(w.remove("metadata/timestamp.json"));
  EXPECT_TRUE(w.names().empty());
}

TEST_F(BundleFile, WriterRefusesABundleTheReaderWouldRefuse) {
  Limits l;
  l.max_bundle_bytes = 100;
  BundleWriter w(l);
  ASSERT_TRUE(w.addBytes("targets/a", std::string(60, 'a')));
  auto st = w.write(dir_.file("big.psb"));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().category, ErrorCategory::kLimit);
  EXPECT_FALSE(*fs::exists(dir_.file("big.psb")));
}

TEST_F(BundleFile, InMemoryReaderAppliesTheSameChecks) {
  auto ok = BundleReader::fromBytes(rawBundle(kThree), {}, "mem");
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok->read("metadata/timestamp.json", 2), "{}");
  auto bad = BundleReader::fromBytes(rawBundle(kThree) + "x", {}, "mem");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().describe().find("trailing garbage"), std::string::npos);
}

}  // namespace
}  // namespace psirt::bundle
