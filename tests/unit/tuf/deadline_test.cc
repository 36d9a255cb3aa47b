// The update deadline as HttpFetcher applies it (agent/tuf/deadline.h). The
// trickling-server behaviour end to end is tests/hostile/update-kill.
#include "agent/tuf/deadline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "agent/tuf/http_fetcher.h"
#include "tests/support/http_test_server.h"

namespace psirt::tuf {
namespace {

using testing::HasSubstr;

// A loopback server holding one timestamp, and a plain-http fetcher with `deadline`.
struct Served {
  explicit Served(UpdateDeadline deadline) : fetcher(plainHttp(), deadline) {
    server.serve({{"/m/timestamp.json", "{\"x\":1}"}});
  }
  static transport::RequestOptions plainHttp() {
    transport::RequestOptions o;
    o.allow_insecure_http = true;
    return o;
  }
  Result<std::string> fetch() { return fetcher.fetch(server.url("/m/timestamp.json"), 1024); }
  test::HttpTestServer server;
  HttpFetcher fetcher;
};

TEST(UpdateDeadline, PassedDeadlineFailsClosedWithoutAsking) {
  Served s(UpdateDeadline::in(0));
  ASSERT_TRUE(s.server.ok());
  auto r = s.fetch();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::kLimit);
  EXPECT_THAT(r.error().message, HasSubstr("update deadline of 0 s exceeded"));
  EXPECT_THAT(r.error().context, HasSubstr("127.0.0.1:" + std::to_string(s.server.port())));
  EXPECT_TRUE(s.server.requests().empty()) << "a fetch past the deadline must not reach the server";
}

TEST(UpdateDeadline, FetchWithinTheDeadlineSucceeds) {
  Served s(UpdateDeadline::in(600));
  ASSERT_TRUE(s.server.ok());
  auto r = s.fetch();
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(*r, "{\"x\":1}");
}

TEST(UpdateDeadline, TimeLeftIsBoundedByTheConfiguredSeconds) {
  const UpdateDeadline d = UpdateDeadline::in(5);
  EXPECT_GT(d.millisecondsLeft(), 0);
  EXPECT_LE(d.millisecondsLeft(), 5000);
  EXPECT_FALSE(d.passed());
  EXPECT_EQ(d.seconds(), 5);
  EXPECT_TRUE(UpdateDeadline::in(0).passed());
}

}  // namespace
}  // namespace psirt::tuf
