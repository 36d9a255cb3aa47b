// A small HTTP/1.1 GET client: one request per connection ("Connection:
// close"), Host header, bounded response (see http_response.h), overall and
// per-read time limits. Redirects are not followed: a 3xx answer is an error
// naming the Location. Any other status is returned to the caller, so a 404
// ("not there") is told apart from a failure to talk to the server.
#pragma once

#include <string_view>

#include "platform/error/result.h"
#include "platform/transport/http_response.h"
#include "platform/transport/stream.h"
#include "platform/transport/url.h"

namespace psirt::transport {

struct RequestOptions {
  ResponseLimits limits;
  int total_timeout_ms = 60000;  // connect + request + whole response
  int read_timeout_ms = 15000;   // each wait for bytes
};

// Speaks GET for url.target over an already open stream (TCP or TLS).
Result<HttpResponse> httpGet(ByteStream& stream, const HttpUrl& url, const RequestOptions& options);

// Parses url (http:// only), connects over TCP and runs httpGet.
// Errors: kUsage (bad URL), kIo (resolve, connect, reset, redirect,
// malformed response), kLimit (time or size limit).
Result<HttpResponse> httpGet(std::string_view url, const RequestOptions& options);

}  // namespace psirt::transport
