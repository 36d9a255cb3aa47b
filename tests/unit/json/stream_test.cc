// readStream: events in document order, the same refusals as Document::parse,
// errors at the pointer of the value at fault, chunk boundaries anywhere.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "agent/json/json.h"
#include "agent/json/stream.h"

namespace psirt::json {
namespace {

// Records events as a compact trace; fails on a key named "stop".
class Trace final : public StreamHandler {
 public:
  Status key(std::string_view k) override {
    out += "k:" + std::string(k) + " ";
    if (k == "stop") return makeError(ErrorCategory::kParse, "stop here");
    return okStatus();
  }
  Status value(Type t, const std::string& text) override {
    out += std::string(typeName(t)) + (t == Type::kString ? "=" + text : "") + " ";
    return okStatus();
  }
  Status open(Type t) override {
    out += t == Type::kObject ? "{ " : "[ ";
    return okStatus();
  }
  Status close() override {
    out += "} ";
    return okStatus();
  }
  std::string out;
};

// Feeds `text` in chunks of `size` bytes.
Status readChunked(std::string_view text, std::size_t size, StreamHandler& h, const StreamLimits& limits = {}) {
  std::size_t pos = 0;
  const ByteSource source = [&]() -> Result<std::span<const std::uint8_t>> {
    const std::size_t n = std::min(size, text.size() - pos);
    std::span<const std::uint8_t> chunk(reinterpret_cast<const std::uint8_t*>(text.data()) + pos, n);
    pos += n;
    return chunk;
  };
  return readStream(source, limits, h);
}

TEST(JsonStream, EventsInOrderWhateverTheChunking) {
  const std::string doc = R"({"a":[1,2.5,"s\u00e9",true,null],"b":{}})";
  for (std::size_t size : {1u, 2u, 7u, 1000u}) {
    Trace t;
    ASSERT_TRUE(readChunked(doc, size, t)) << size;
    EXPECT_EQ(t.out, "{ k:a [ integer number string=s\xc3\xa9 boolean null } k:b { } } ");
  }
}

TEST(JsonStream, RefusesWhatTheTreeParserRefuses) {
  const std::vector<std::string> bad = {R"({"a":1,"a":2})", "\xEF\xBB\xBF{}", "{} x", R"({"a":)", "[\"\xff\"]", "[1,]"};
  for (const std::string& text : bad) {
    Trace t;
    EXPECT_FALSE(readStream(text, {}, t)) << text;
    EXPECT_FALSE(Document::parse(text)) << text;
  }
}

TEST(JsonStream, BoundsAreLimitsWithThePointer) {
  Trace t;
  StreamLimits deep;
  deep.max_depth = 2;
  auto s = readStream(R"({"a":{"b":[1]}})", deep, t);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().category, ErrorCategory::kLimit);
  EXPECT_EQ(s.error().context, "at /a/b");
  StreamLimits small;
  small.max_document_bytes = 4;
  EXPECT_EQ(readStream(R"({"a":1})", small, t).error().category, ErrorCategory::kLimit);
  StreamLimits few;
  few.max_values = 2;
  EXPECT_EQ(readStream("[1,2,3]", few, t).error().category, ErrorCategory::kLimit);
  StreamLimits short_strings;
  short_strings.max_string_bytes = 3;
  EXPECT_EQ(readStream(R"(["abcd"])", short_strings, t).error().category, ErrorCategory::kLimit);
}

// The keys of the open objects are bounded together (their duplicate check
// holds them); closed objects give theirs back, so many small objects pass.
TEST(JsonStream, KeysOfTheOpenObjectsAreBounded) {
  Trace t;
  StreamLimits limits;
  limits.max_open_keys = 3;
  EXPECT_TRUE(readStream(R"([{"a":1,"b":2,"c":3},{"a":1,"b":2,"c":3},{"d":{"e":1}}])", limits, t));
  auto flat = readStream(R"({"a":1,"b":2,"c":3,"d":4})", limits, t);
  ASSERT_FALSE(flat);
  EXPECT_EQ(flat.error().category, ErrorCategory::kLimit);
  EXPECT_EQ(flat.error().describe(), "at /d: more than 3 keys in the objects open at once");
  auto nested = readStream(R"({"a":1,"b":{"c":1,"d":2}})", limits, t);  // a, b, c open, then d
  ASSERT_FALSE(nested);
  EXPECT_EQ(nested.error().context, "at /b/d");
  // The default: one object of more than 65,536 members is refused, in bounded memory.
  std::string big = "{";
  for (int i = 0; i <= 65536; ++i) big += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":0";
  big += "}";
  auto many = readStream(big, StreamLimits{}, t);
  ASSERT_FALSE(many);
  EXPECT_EQ(many.error().message, "more than 65536 keys in the objects open at once");
}

TEST(JsonStream, HandlerErrorsStopTheReadAtTheirPlace) {
  Trace t;
  auto s = readStream(R"({"x":[{"stop":1}]})", {}, t);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "stop here");
  EXPECT_EQ(s.error().context, "at /x/0/stop");
}

TEST(JsonStream, SourceErrorsAreReturnedAsTheyAre) {
  Trace t;
  const ByteSource failing = []() -> Result<std::span<const std::uint8_t>> {
    return makeError(ErrorCategory::kSecurity, "hash mismatch");
  };
  auto s = readStream(failing, {}, t);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "hash mismatch");
}

}  // namespace
}  // namespace psirt::json
