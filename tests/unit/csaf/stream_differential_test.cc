// The device's streaming reader (stream_reader.h) against the DOM path:
// for every document the strict reader's model is faithful to, readAdvisory
// must equal toAdvisory(model) field by field — the official examples, the
// mandatory-test vectors and the real vendor documents of shared/real-csaf
// (the large Red Hat ones are .xz, decompressed here).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "agent/csaf/advisory_convert.h"
#include "agent/csaf/reader.h"
#include "agent/csaf/stream_reader.h"
#include "tests/support/test_paths.h"
#include "tests/unit/csaf/advisory_equal.h"
#include "tests/unit/csaf/csaf_test_util.h"

namespace psirt::csaf {
namespace {

// `xz -dc` of a shared file; fails the test when xz is missing or fails.
std::string decompress(const std::string& path) {
  std::string out;
  FILE* p = ::popen(("xz -dc '" + path + "'").c_str(), "r");
  if (p == nullptr) {
    ADD_FAILURE() << "cannot run xz for " << path;
    return out;
  }
  char buf[1 << 16];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  if (::pclose(p) != 0) ADD_FAILURE() << "xz -dc failed for " << path;
  return out;
}

// Bytes handed out `chunk` at a time (chunk boundaries must not matter).
ByteSource chunked(const std::string& bytes, std::size_t chunk, std::size_t& pos) {
  return [&bytes, chunk, &pos]() -> Result<std::span<const std::uint8_t>> {
    const std::size_t n = std::min(chunk, bytes.size() - pos);
    std::span<const std::uint8_t> s(reinterpret_cast<const std::uint8_t*>(bytes.data()) + pos, n);
    pos += n;
    return s;
  };
}

struct Tally {
  int equal = 0, refused_as_expected = 0, not_comparable = 0;
};

bool onlyMandatoryFindings(const Validation& v) {
  for (const Finding& f : v.findings) {
    if (f.test == "json" || f.test == "limit" || f.test == "schema") return false;
  }
  return true;
}

// Accepted by loadDocument -> equal. Refused by mandatory tests only (the
// model is then well-typed and complete) -> equal too, except that a 6.1.2
// duplicate definition must be refused by the stream reader as well.
void compare(const std::string& name, const std::string& bytes, std::size_t chunk, Tally& tally) {
  Limits big;
  big.max_document_bytes = std::size_t{64} << 20;
  big.max_values = 16'000'000;
  const Validation v = validateDocument(bytes, big);
  if (!v.document || !onlyMandatoryFindings(v)) {
    ++tally.not_comparable;
    return;
  }
  std::size_t pos = 0;
  auto streamed = readAdvisory(chunked(bytes, chunk, pos), {});
  if (test::hasFinding(v, "6.1.2")) {
    ASSERT_FALSE(streamed) << name << ": a duplicate product id was accepted";
    EXPECT_NE(streamed.error().message.find("defined twice (CSAF 6.1.2)"), std::string::npos)
        << name << ": " << streamed.error().describe();
    ++tally.refused_as_expected;
    return;
  }
  ASSERT_TRUE(streamed) << name << ": " << streamed.error().describe();
  EXPECT_EQ(test::advisoryDifference(*streamed, toAdvisory(*v.document)), "") << name;
  ++tally.equal;
}

std::vector<std::string> filesWithSuffix(const std::string& dir, const std::string& suffix) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string p = e.path().string();
    if (e.is_regular_file() && p.size() > suffix.size() && p.compare(p.size() - suffix.size(), suffix.size(), suffix) == 0)
      out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(CsafStreamDifferential, OfficialExamplesEqualTheDomModelWhateverTheChunkSize) {
  Tally tally;
  for (const auto& f : test::jsonFilesUnder(psirt::test::conformanceDir() + "/csaf/examples/csaf")) {
    const std::string bytes = psirt::test::readTextFile(f);
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 16}) compare(f, bytes, chunk, tally);
  }
  EXPECT_EQ(tally.equal, 19 * 3);
}

TEST(CsafStreamDifferential, MandatoryTestVectorsEqualOrRefuseDuplicateIds) {
  Tally tally;
  for (const auto& f : test::jsonFilesUnder(psirt::test::conformanceDir() + "/csaf/test/validator/data")) {
    compare(f, psirt::test::readTextFile(f), 4096, tally);
  }
  EXPECT_GE(tally.equal, 150);
  EXPECT_GE(tally.refused_as_expected, 1);
  std::printf("mandatory-test vectors: %d equal, %d duplicate ids refused, %d not comparable (schema)\n",
              tally.equal, tally.refused_as_expected, tally.not_comparable);
}

// The seven 4-23 MB Red Hat documents (.xz) cost ~4 minutes of strict
// validation under ASan; there they are left to the other presets, which
// compare them all.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kCompareLargeDocuments = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kCompareLargeDocuments = false;
#else
constexpr bool kCompareLargeDocuments = true;
#endif
#else
constexpr bool kCompareLargeDocuments = true;
#endif

TEST(CsafStreamDifferential, RealVendorDocumentsEqualTheDomModel) {
  Tally tally;
  const std::string dir = psirt::test::realCsafDir();
  for (const auto& f : filesWithSuffix(dir, ".json")) compare(f, psirt::test::readTextFile(f), 1 << 16, tally);
  if (kCompareLargeDocuments) {
    const auto large = filesWithSuffix(dir, ".json.xz");
    EXPECT_GE(large.size(), 7u);
    for (const auto& f : large) compare(f, decompress(f), 1 << 16, tally);
  }
  EXPECT_GE(tally.equal, kCompareLargeDocuments ? 218 : 211);
  std::printf("real documents: %d equal, %d duplicate ids refused, %d not comparable (schema)\n", tally.equal,
              tally.refused_as_expected, tally.not_comparable);
}

}  // namespace
}  // namespace psirt::csaf
