// The publisher's CSAF bounds (host/publisher/csaf_limits.h): a 64 MiB default
// that takes real Red Hat documents (23 MB), a value count that scales with the
// cap but never drops below the agent's, and a strict --max-document-bytes.
#include "host/publisher/csaf_limits.h"

#include <gtest/gtest.h>

namespace psirt::publish {
namespace {

TEST(CsafLimits, DefaultTakesRealDocuments) {
  const csaf::Limits l = publisherLimits();
  EXPECT_EQ(l.max_document_bytes, std::size_t{64} << 20);
  EXPECT_EQ(l.max_values, std::size_t{8} << 20);  // one per 8 bytes; real documents: one per ~70
  const csaf::Limits agent;
  EXPECT_EQ(l.max_depth, agent.max_depth);
  EXPECT_EQ(l.max_string_bytes, agent.max_string_bytes);
  EXPECT_GT(l.max_document_bytes, agent.max_document_bytes);
}

TEST(CsafLimits, SmallCapKeepsTheAgentValueCount) {
  const csaf::Limits l = publisherLimits(1000);
  EXPECT_EQ(l.max_document_bytes, 1000u);
  EXPECT_EQ(l.max_values, csaf::Limits{}.max_values);
}

TEST(CsafLimits, ParsesOnlyPositiveDecimalIntegers) {
  EXPECT_EQ(parseMaxDocumentBytes("1"), std::size_t{1});
  EXPECT_EQ(parseMaxDocumentBytes("67108864"), std::size_t{64} << 20);
  EXPECT_EQ(parseMaxDocumentBytes("1099511627776"), std::size_t{1} << 40);
  for (const char* bad : {"", "0", "-1", "+5", "12a", " 12", "1e6", "1099511627777", "99999999999999"}) {
    EXPECT_FALSE(parseMaxDocumentBytes(bad)) << bad;
  }
}

}  // namespace
}  // namespace psirt::publish
