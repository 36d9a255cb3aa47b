// HTTP client against a real loopback server (a thread in this test) and the
// response parser against byte buffers.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "platform/transport/http_client.h"
#include "platform/transport/url.h"

namespace psirt::transport {
namespace {

// Accepts `connections` connections on 127.0.0.1 (or ::1), reads each request
// head, records it and hands the socket to the handler.
class LoopbackServer {
 public:
  using Handler = std::function<void(int fd, const std::string& request)>;
  LoopbackServer(Handler handler, bool ipv6 = false, int connections = 1) : handler_(std::move(handler)) {
    fd_ = ::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (ipv6) {
      sockaddr_in6 a{};
      a.sin6_family = AF_INET6;
      a.sin6_addr = in6addr_loopback;
      ok_ = ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
      socklen_t len = sizeof a;
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
      port_ = ntohs(a.sin6_port);
    } else {
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      ok_ = ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
      socklen_t len = sizeof a;
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
      port_ = ntohs(a.sin_port);
    }
    ok_ = ok_ && ::listen(fd_, 8) == 0;
    thread_ = std::thread([this, connections] {
      for (int i = 0; i < connections; ++i) {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        std::string req;
        char buf[1024];
        while (req.find("\r\n\r\n") == std::string::npos) {
          ssize_t n = ::recv(c, buf, sizeof buf, 0);
          if (n <= 0) break;
          req.append(buf, static_cast<std::size_t>(n));
        }
        requests_.push_back(req);
        handler_(c, req);
        ::close(c);
      }
    });
  }
  ~LoopbackServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  bool ok() const { return ok_; }
  std::uint16_t port() const { return port_; }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  const std::vector<std::string>& requests() const { return requests_; }

 private:
  Handler handler_;
  int fd_ = -1;
  bool ok_ = false;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::vector<std::string> requests_;
};

void sendAll(int fd, const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    ssize_t n = ::send(fd, s.data() + done, s.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

LoopbackServer::Handler reply(std::string bytes) {
  return [bytes](int fd, const std::string&) { sendAll(fd, bytes); };
}

RequestOptions quick(std::size_t max_body = 1 << 20) {
  RequestOptions o;
  o.limits.max_body = max_body;
  o.total_timeout_ms = 5000;
  o.read_timeout_ms = 2000;
  o.allow_insecure_http = true;  // these tests speak plain HTTP on loopback
  return o;
}

// ---- against a loopback server ----------------------------------------

TEST(HttpClient, ContentLengthBodyAndExactRequest) {
  LoopbackServer server(reply("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"));
  ASSERT_TRUE(server.ok());
  auto r = httpGet(server.url("/meta/1.root.json"), quick());
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hello");
  ASSERT_EQ(server.requests().size(), 1u);
  const std::string& req = server.requests()[0];
  EXPECT_EQ(req.rfind("GET /meta/1.root.json HTTP/1.1\r\n", 0), 0u) << req;
  EXPECT_NE(req.find("\r\nHost: 127.0.0.1:" + std::to_string(server.port()) + "\r\n"), std::string::npos) << req;
  EXPECT_NE(req.find("\r\nConnection: close\r\n"), std::string::npos);
}

TEST(HttpClient, Http10CloseDelimitedBody) {
  LoopbackServer server(reply("HTTP/1.0 200 OK\r\nServer: x\r\n\r\nuntil the end"));
  auto r = httpGet(server.url("/x"), quick());
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->body, "until the end");
}

TEST(HttpClient, ChunkedBodyIsReassembled) {
  LoopbackServer server(reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-T: y\r\n\r\n"));
  auto r = httpGet(server.url("/c"), quick());
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->body, "Wikipedia in\r\n\r\nchunks.");
}

TEST(HttpClient, NotFoundIsAStatusNotAnError) {
  LoopbackServer server(reply("HTTP/1.0 404 File not found\r\nContent-Length: 9\r\n\r\nnot found"));
  auto r = httpGet(server.url("/2.root.json"), quick());
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->reason, "File not found");
}

TEST(HttpClient, RedirectIsRefusedNamingTheLocation) {
  LoopbackServer server(reply("HTTP/1.1 302 Found\r\nLocation: http://evil.example/x\r\nContent-Length: 0\r\n\r\n"));
  auto r = httpGet(server.url("/x"), quick());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, 302);
  EXPECT_NE(r.error().describe().find("http://evil.example/x"), std::string::npos) << r.error().describe();
}

TEST(HttpClient, EndlessCloseDelimitedBodyStopsAtLimitPlusOne) {
  std::atomic<std::size_t> sent{0};
  LoopbackServer server([&sent](int fd, const std::string&) {
    sendAll(fd, "HTTP/1.0 200 OK\r\n\r\n");
    std::string block(4096, 'A');
    for (int i = 0; i < 4096; ++i) {  // up to 16 MiB, stops when the client hangs up
      ssize_t n = ::send(fd, block.data(), block.size(), MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
  });
  auto r = httpGet(server.url("/endless"), quick(10000));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::kLimit) << r.error().describe();
  EXPECT_NE(r.error().describe().find("10000"), std::string::npos);
}

TEST(HttpClient, AnnouncedLengthBeyondLimitFailsBeforeReading) {
  LoopbackServer server(reply("HTTP/1.1 200 OK\r\nContent-Length: 10737418240\r\n\r\nxx"));
  auto r = httpGet(server.url("/big"), quick(1000));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::kLimit);
}

TEST(HttpClient, SilentServerHitsReadTimeout) {
  LoopbackServer server([](int, const std::string&) { std::this_thread::sleep_for(std::chrono::milliseconds(600)); });
  RequestOptions o = quick();
  o.read_timeout_ms = 100;
  auto r = httpGet(server.url("/slow"), o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::kLimit) << r.error().describe();
  EXPECT_NE(r.error().describe().find("timed out"), std::string::npos);
}

TEST(HttpClient, SlowDripHitsOverallTimeLimit) {
  LoopbackServer server([](int fd, const std::string&) {
    sendAll(fd, "HTTP/1.0 200 OK\r\n\r\n");
    for (int i = 0; i < 40; ++i) {  // one byte every 50 ms: each read is quick, the whole is not
      if (::send(fd, "x", 1, MSG_NOSIGNAL) <= 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  RequestOptions o = quick();
  o.total_timeout_ms = 300;
  o.read_timeout_ms = 1000;
  auto r = httpGet(server.url("/drip"), o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::kLimit) << r.error().describe();
  EXPECT_NE(r.error().describe().find("overall time limit"), std::string::npos) << r.error().describe();
}

TEST(HttpClient, TruncatedBodyIsAnError) {
  LoopbackServer server(reply("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"));
  auto r = httpGet(server.url("/t"), quick());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().describe().find("5 of 10"), std::string::npos) << r.error().describe();
}

TEST(HttpClient, Ipv6LiteralWorksWithBracketedHostHeader) {
  LoopbackServer server(reply("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nv6"), /*ipv6=*/true);
  if (!server.ok()) GTEST_SKIP() << "no IPv6 loopback here";
  auto r = httpGet("http://[::1]:" + std::to_string(server.port()) + "/six", quick());
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->body, "v6");
  EXPECT_NE(server.requests()[0].find("Host: [::1]:" + std::to_string(server.port())), std::string::npos);
}

TEST(HttpClient, HostNameIsResolved) {
  LoopbackServer server(reply("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
  auto r = httpGet("http://localhost:" + std::to_string(server.port()) + "/n", quick());
  if (!r && r.error().describe().find("connect") != std::string::npos) {
    GTEST_SKIP() << "localhost resolves to an address the server does not listen on: " << r.error().describe();
  }
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->body, "ok");
}

TEST(HttpClient, ConnectionRefusedIsIoError) {
  std::uint16_t port = 0;
  {
    LoopbackServer server(reply(""));
    port = server.port();
    (void)httpGet(server.url("/"), quick());  // let the server thread finish
  }
  auto r = httpGet("http://127.0.0.1:" + std::to_string(port) + "/", quick());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::kIo);
}

// ---- URLs --------------------------------------------------------------

TEST(HttpUrl, ParsesHostPortAndTarget) {
  auto u = parseHttpUrl("http://127.0.0.1:8080/a%2Fb/1.root.json?x=1");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 8080);
  EXPECT_EQ(u->target, "/a%2Fb/1.root.json?x=1");
  auto d = parseHttpUrl("http://example.org");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->port, 80);
  EXPECT_EQ(d->target, "/");
  EXPECT_EQ(d->hostHeader(), "example.org");
}

TEST(HttpUrl, RefusesWhatItDoesNotSupport) {
  for (const char* bad : {"https://x/", "ftp://x/", "http://", "http://:80/", "http://u@h/", "http://h:0/",
                          "http://h:65536/", "http://h:80x/", "http://h/a b", "http://h/a\r\nX: y", "http://[::1/",
                          "http://h/#frag", "http://h:/"}) {
    auto u = parseHttpUrl(bad);
    EXPECT_FALSE(u) << bad;
    if (!u) {
      EXPECT_EQ(u.error().category, ErrorCategory::kUsage);
    }
  }
}

// ---- parser on byte buffers -------------------------------------------

Result<HttpResponse> parse(std::string_view bytes, ResponseLimits limits = {}, std::size_t max_read = 4096) {
  MemoryStream s(bytes, max_read);
  return readResponse(s, limits, Deadline::after(5000, 5000));
}

// Delegated TUF role file names (publisher and verifier) and purl components.
TEST(PercentEncode, MatchesPythonQuoteWithNoSafeCharacters) {
  EXPECT_EQ(percentEncode("delegated role"), "delegated%20role");
  EXPECT_EQ(percentEncode("/delegatedrole"), "%2Fdelegatedrole");
  EXPECT_EQ(percentEncode("../x"), "..%2Fx");
  EXPECT_EQ(percentEncode("?#"), "%3F%23");
  EXPECT_EQ(percentEncode("A-z_0.9~"), "A-z_0.9~");
  EXPECT_EQ(percentEncode("\xc3\xa9"), "%C3%A9");
  EXPECT_EQ(percentEncode(std::string_view("a\0b:", 4)), "a%00b%3A");
  EXPECT_EQ(percentEncode(""), "");
}

TEST(PercentEncode, KeepsTheBytesAskedFor) {
  EXPECT_EQ(percentEncode("pkg:x/y z", ":"), "pkg:x%2Fy%20z");
  EXPECT_EQ(percentEncode("a:b/c@d", ":/"), "a:b/c%40d");
  EXPECT_EQ(percentEncode("100%", "%"), "100%");
}

TEST(HttpResponseParser, ByteByByteGivesTheSameAnswer) {
  std::string raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
  auto r = parse(raw, {}, 1);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->body, "abc");
}

TEST(HttpResponseParser, EndlessChunkedBodyStopsAtLimitPlusOneBytes) {
  std::string raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 100; ++i) raw += "64\r\n" + std::string(100, 'z') + "\r\n";
  MemoryStream s(raw);
  ResponseLimits limits;
  limits.max_body = 250;
  auto r = readResponse(s, limits, Deadline::after(5000, 5000));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::kLimit);
  // Head, 3 chunk headers and CRLFs, 251 body bytes, at most one 512-byte line read-ahead.
  std::size_t head = raw.find("\r\n\r\n") + 4;
  EXPECT_LE(s.consumed(), head + 3 * (4 + 2) + 251 + 512);
  EXPECT_LT(s.consumed(), raw.size() / 10);
}

TEST(HttpResponseParser, EndlessCloseDelimitedStopsAtLimitPlusOneBytes) {
  std::string raw = "HTTP/1.0 200 OK\r\n\r\n" + std::string(100000, 'q');
  MemoryStream s(raw);
  ResponseLimits limits;
  limits.max_body = 1000;
  auto r = readResponse(s, limits, Deadline::after(5000, 5000));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::kLimit);
  EXPECT_EQ(s.consumed(), std::string("HTTP/1.0 200 OK\r\n\r\n").size() + 1001);
}

TEST(HttpResponseParser, BoundsHeaderLinesAndCount) {
  ResponseLimits limits;
  limits.max_line = 100;
  limits.max_headers = 3;
  auto long_line = parse("HTTP/1.1 200 OK\r\nX: " + std::string(200, 'a') + "\r\n\r\n", limits);
  ASSERT_FALSE(long_line);
  EXPECT_EQ(long_line.error().category, ErrorCategory::kLimit);
  auto many = parse("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", limits);
  ASSERT_FALSE(many);
  EXPECT_EQ(many.error().category, ErrorCategory::kLimit);
  auto no_end = parse("HTTP/1.1 200 OK\r\n" + std::string(100000, 'h'), limits);
  ASSERT_FALSE(no_end);
  EXPECT_EQ(no_end.error().category, ErrorCategory::kLimit);
}

TEST(HttpResponseParser, RefusesMalformedResponses) {
  for (const char* bad : {
           "", "HTTP/1.1 200 OK", "HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n",
           "ICY 200 OK\r\n\r\n", "HTTP/1.1 100 Continue\r\n\r\n",
           "HTTP/1.1 200 OK\r\nno colon\r\n\r\n", "HTTP/1.1 200 OK\r\nBad Name: v\r\n\r\n",
           "HTTP/1.1 200 OK\r\nA: 1\r\n folded\r\n\r\n",
           "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n",
           "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
           "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
           "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
           "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
           "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n",
           "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n",
           "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab",
           "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n",
       }) {
    auto r = parse(bad);
    EXPECT_FALSE(r) << "accepted: " << bad;
  }
}

TEST(HttpResponseParser, HeadersAreLowerCasedAndTrimmed) {
  auto r = parse("HTTP/1.1 200 OK\r\nContent-Type:  text/plain \r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->header("content-type").value_or(""), "text/plain");
  EXPECT_TRUE(r->body.empty());
}

}  // namespace
}  // namespace psirt::transport
