// HTTP/1.1 response parsing over a ByteStream, strict and bounded:
// status line and header lines up to max_line bytes, at most max_headers
// headers, bodies framed by chunked encoding, Content-Length, or (HTTP/1.0
// style) the end of the connection. A body longer than max_body fails with
// kLimit after at most max_body + 1 body bytes were read from the stream
// (plus, for chunked bodies, at most one 512-byte line read-ahead). Time limits are the
// caller's Deadline. Never throws, never reads unboundedly.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/error/result.h"
#include "platform/transport/stream.h"

namespace psirt::transport {

struct ResponseLimits {
  std::size_t max_body = 16u << 20;
  std::size_t max_line = 8192;
  std::size_t max_headers = 64;
};

// An overall deadline plus a per-read time-out; every read waits for the
// smaller of the two.
struct Deadline {
  std::chrono::steady_clock::time_point end;
  int read_timeout_ms = 10000;
  static Deadline after(int total_ms, int read_ms);
  // Milliseconds the next read may wait, or an error once the deadline passed.
  Result<int> nextWait() const;
};

struct HttpResponse {
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  // First header with that (lower-case) name.
  std::optional<std::string> header(std::string_view lower_name) const;
};

// Called as body bytes arrive: body bytes so far, and the total when the
// server announced one (Content-Length). Never called with more than
// max_body + 1.
using ProgressFn = std::function<void(std::uint64_t received, std::optional<std::uint64_t> total)>;

// Reads exactly one response for a GET request. A Content-Length body
// followed at once by more bytes (a body longer than announced) is refused
// (kParse); the check waits at most kTrailingCheckMs for the server to close.
inline constexpr int kTrailingCheckMs = 250;
Result<HttpResponse> readResponse(ByteStream& stream, const ResponseLimits& limits,
                                  const Deadline& deadline, const ProgressFn& progress = {});

}  // namespace psirt::transport
