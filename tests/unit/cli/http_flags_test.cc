#include "agent/cli/http_flags.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace psirt::cli {
namespace {

Result<ParsedArgs> parse(std::vector<std::string> args) {
  return parseArgs(args, withHttpFlags({{"state"}, {"target", true, true}}));
}

TEST(HttpFlags, FillTheRequestOptions) {
  auto parsed = parse({"--state", "s", "--allow-http", "--ca-file", "ca.pem", "--pin=ab12", "--proxy",
                       "http://proxy:3128"});
  ASSERT_TRUE(parsed) << parsed.error().describe();
  const transport::RequestOptions o = httpOptions(*parsed);
  EXPECT_TRUE(o.allow_insecure_http);
  EXPECT_EQ(o.tls.ca_file, "ca.pem");
  EXPECT_EQ(o.tls.spki_pin, "ab12");
  EXPECT_EQ(o.proxy, "http://proxy:3128");
}

TEST(HttpFlags, AbsentFlagsKeepTheDefaults) {
  auto parsed = parse({"--state", "s"});
  ASSERT_TRUE(parsed);
  const transport::RequestOptions o = httpOptions(*parsed);
  const transport::RequestOptions defaults;
  EXPECT_FALSE(o.allow_insecure_http);
  EXPECT_TRUE(o.tls.ca_file.empty());
  EXPECT_TRUE(o.tls.spki_pin.empty());
  EXPECT_TRUE(o.proxy.empty());
  EXPECT_EQ(o.total_timeout_ms, defaults.total_timeout_ms);
  EXPECT_EQ(o.max_redirects, defaults.max_redirects);
}

TEST(HttpFlags, CaFileIsCheckedOnlyWhenGiven) {
  auto absent = parse({"--state", "s"});
  ASSERT_TRUE(absent);
  EXPECT_TRUE(checkCaFileFlag(*absent));  // the system bundle is read at the first https connection
  auto device = parse({"--ca-file", "/dev/zero"});
  ASSERT_TRUE(device);
  Status st = checkCaFileFlag(*device);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().category, ErrorCategory::kUsage);
  EXPECT_EQ(st.error().describe(), "tls: cannot load CA file /dev/zero: not a regular file (character device)");
  auto empty = parse({"--ca-file="});
  ASSERT_TRUE(empty);
  Status e = checkCaFileFlag(*empty);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().describe(), "--ca-file needs a file name");
}

TEST(HttpFlags, StrictLikeEveryOption) {
  EXPECT_FALSE(parse({"--allow-http=yes"}));        // a boolean takes no value
  EXPECT_FALSE(parse({"--pin", "a", "--pin", "b"}));  // not repeatable
  EXPECT_FALSE(parse({"--proxy"}));                  // needs a value
  EXPECT_FALSE(parse({"--ca"}));                     // no abbreviations
}

}  // namespace
}  // namespace psirt::cli
