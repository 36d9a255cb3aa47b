// The schema-subset validator knows every keyword of the embedded schemas, and
// its format checks accept what ajv-formats accepts.
#include <gtest/gtest.h>

#include "agent/csaf/schema_formats.h"
#include "agent/csaf/schema_validator.h"

namespace psirt::csaf::detail {
namespace {

TEST(CsafSchema, EveryKeywordOfTheEmbeddedSchemasIsImplemented) {
  const auto& unknown = SchemaValidator::instance().unknownKeywords();
  EXPECT_TRUE(unknown.empty()) << unknown.front();
}

TEST(CsafSchema, DateTimeFollowsRfc3339WithTimeZone) {
  for (const char* ok : {"2024-01-01T10:00:00Z", "2024-01-01T10:00:00.123+02:00", "2024-02-29t00:00:00z",
                         "2024-01-01 10:00:00Z", "2016-12-31T23:59:60Z", "2024-01-01T10:00:00+0100"}) {
    EXPECT_TRUE(isDateTime(ok)) << ok;
  }
  for (const char* bad : {"2024-01-01", "2024-01-01T10:00:00", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z",
                          "2024-01-01T24:00:00Z", "2024-01-01T10:00:60Z", "2024-01-01T10:00:00+01:", "",
                          "2024-01-01T10:00:00.Z", "2024-01-01TT10:00:00Z"}) {
    EXPECT_FALSE(isDateTime(bad)) << bad;
  }
}

TEST(CsafSchema, UriNeedsASchemeAndValidCharacters) {
  for (const char* ok : {"https://psirt.example.com", "https://example.com/a?b=c#d", "urn:ietf:rfc:3986",
                         "mailto:psirt@example.com", "http://[::1]:8080/x"}) {
    EXPECT_TRUE(isUri(ok)) << ok;
  }
  for (const char* bad : {"not a uri", "example.com", "/relative/path", "https://exa mple.com", ""}) {
    EXPECT_FALSE(isUri(bad)) << bad;
  }
}

}  // namespace
}  // namespace psirt::csaf::detail
