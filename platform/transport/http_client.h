// A small HTTP/1.1 GET client: one request per connection ("Connection:
// close"), Host header, bounded response (see http_response.h), overall and
// per-read time limits. Any status other than a redirect is returned to the
// caller, so a 404 ("not there") is told apart from a failure to talk to the
// server.
//
// httpGet(url, options) speaks https:// (TLS, see tls.h) and, only with
// allow_insecure_http, http://. It follows at most max_redirects redirects
// (301/302/303/307/308) to the same scheme+host+port; a redirect to another
// host or from https to http is an error naming the Location. A CONNECT proxy
// is used only when options.proxy names one (never from the environment).
#pragma once

#include <string_view>

#include "platform/error/result.h"
#include "platform/transport/http_response.h"
#include "platform/transport/stream.h"
#include "platform/transport/tls.h"
#include "platform/transport/url.h"

namespace psirt::transport {

struct RequestOptions {
  ResponseLimits limits;
  int total_timeout_ms = 60000;  // connect + request + whole response
  int read_timeout_ms = 15000;   // each wait for bytes

  // Plain http:// is refused unless the caller opts in (CLI: --allow-http);
  // TUF metadata carries its own integrity, but nothing else would.
  bool allow_insecure_http = false;
  TlsOptions tls;                // CA file, SPKI pin, handshake time limit
  std::string proxy;             // "http://host:port" CONNECT proxy; empty: connect directly
  int max_redirects = 5;         // same-host redirects followed before giving up
  ProgressFn progress;           // body bytes so far / announced total, per response
};

// Speaks GET for url.target over an already open stream (TCP or TLS).
// A 3xx answer is an error naming the Location (no redirects on one stream).
Result<HttpResponse> httpGet(ByteStream& stream, const HttpUrl& url, const RequestOptions& options);

// Parses url, connects (through the proxy if any; TLS for https://), runs
// the request and follows same-host redirects, all within total_timeout_ms.
// Errors: kUsage (bad URL, http:// not allowed, bad CA file or pin), kIo
// (resolve, connect, reset, refused redirect, TLS protocol, malformed
// response), kSecurity (certificate, host name or pin), kLimit (time, size,
// redirect count).
Result<HttpResponse> httpGet(std::string_view url, const RequestOptions& options);

}  // namespace psirt::transport
