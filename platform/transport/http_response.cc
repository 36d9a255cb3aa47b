#include "platform/transport/http_response.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <string_view>

namespace psirt::transport {
namespace {

Error malformed(std::string what) { return makeError(ErrorCategory::kParse, std::move(what), "HTTP response"); }

// Buffers reads from the stream. Line reads fetch at most kLineReadAhead bytes
// at a time; body reads ask for no more than the caller may still consume, so
// a body limit is overshot by one byte (plus at most one line read-ahead).
constexpr std::size_t kLineReadAhead = 512;

class Reader {
 public:
  Reader(ByteStream& s, const Deadline& d, const ProgressFn& progress) : stream_(s), deadline_(d), progress_(progress) {}

  // Body bytes announced by the server (for progress reports).
  void setTotal(std::optional<std::uint64_t> total) { total_ = total; }

  // True when the server sent bytes beyond what was consumed: either already
  // buffered or arriving within max_wait_ms. End of stream, time-out or a
  // network error all count as "no more" (the response is already complete).
  bool moreBytes(int max_wait_ms) {
    if (pos_ < len_) return true;
    auto wait = deadline_.nextWait();
    if (!wait) return false;
    std::uint8_t byte = 0;
    auto n = stream_.read(std::span<std::uint8_t>(&byte, 1), std::min(*wait, max_wait_ms));
    return n && *n > 0;
  }

  // One line without its CRLF (a bare LF is accepted). kLimit beyond max bytes.
  Result<std::string> line(std::size_t max) {
    std::string out;
    for (;;) {
      if (pos_ == len_) {
        PSIRT_ASSIGN_OR_RETURN(n, fill(kLineReadAhead));
        if (n == 0) return malformed("connection closed inside a header line");
      }
      const char* start = buf_.data() + pos_;
      const char* nl = static_cast<const char*>(std::memchr(start, '\n', len_ - pos_));
      std::size_t take = nl ? static_cast<std::size_t>(nl - start) : len_ - pos_;
      if (out.size() + take > max + 1) return makeError(ErrorCategory::kLimit, "header line longer than " + std::to_string(max) + " bytes", "HTTP response");
      out.append(start, take);
      pos_ += take;
      if (nl) {
        ++pos_;
        if (!out.empty() && out.back() == '\r') out.pop_back();
        if (out.size() > max) return makeError(ErrorCategory::kLimit, "header line longer than " + std::to_string(max) + " bytes", "HTTP response");
        if (out.find_first_of(std::string_view("\r\0", 2)) != std::string::npos) return malformed("CR or NUL inside a header line");
        return out;
      }
    }
  }

  // Appends up to n bytes to out; returns how many (fewer only at end of stream).
  Result<std::size_t> append(std::string& out, std::size_t n) {
    std::size_t got = 0;
    while (got < n) {
      if (pos_ == len_) {
        PSIRT_ASSIGN_OR_RETURN(r, fill(std::min(buf_.size(), n - got)));
        if (r == 0) break;
      }
      std::size_t take = std::min(n - got, len_ - pos_);
      out.append(buf_.data() + pos_, take);
      pos_ += take;
      got += take;
      if (progress_) progress_(out.size(), total_);
    }
    return got;
  }

 private:
  Result<std::size_t> fill(std::size_t want) {
    PSIRT_ASSIGN_OR_RETURN(wait, deadline_.nextWait());
    auto span = std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(buf_.data()), std::max<std::size_t>(want, 1));
    auto n = stream_.read(span, wait);
    if (!n) {
      // A wait cut short by the overall deadline is reported as that limit.
      if (n.error().category == ErrorCategory::kLimit && !deadline_.nextWait()) return deadline_.nextWait().error();
      return n.error();
    }
    pos_ = 0;
    len_ = *n;
    return *n;
  }

  ByteStream& stream_;
  const Deadline& deadline_;
  const ProgressFn& progress_;
  std::optional<std::uint64_t> total_;
  std::array<char, 16384> buf_{};
  std::size_t pos_ = 0;
  std::size_t len_ = 0;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool isToken(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Result<std::uint64_t> parseDecimal(std::string_view s, std::string_view what) {
  std::uint64_t v = 0;
  if (s.empty() || s.size() > 18) return malformed("bad " + std::string(what) + " '" + std::string(s.substr(0, 40)) + "'");
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return malformed("bad " + std::string(what) + " '" + std::string(s) + "'");
  return v;
}

Error tooLarge(std::size_t max) {
  return makeError(ErrorCategory::kLimit, "body larger than " + std::to_string(max) + " bytes", "HTTP response");
}

Status readStatusLine(Reader& in, const ResponseLimits& limits, HttpResponse& out) {
  PSIRT_ASSIGN_OR_RETURN(line, in.line(limits.max_line));
  // "HTTP/1.1 200 OK": version, one space, three digits, then space + reason or nothing.
  if (line.size() < 12 || (line.compare(0, 9, "HTTP/1.1 ") != 0 && line.compare(0, 9, "HTTP/1.0 ") != 0)) {
    return malformed("bad status line '" + line.substr(0, 80) + "'");
  }
  std::string_view code = std::string_view(line).substr(9, 3);
  if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }) || code[0] == '0' ||
      (line.size() > 12 && line[12] != ' ')) {
    return malformed("bad status code in '" + line.substr(0, 80) + "'");
  }
  out.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  out.reason = line.size() > 13 ? line.substr(13) : "";
  return okStatus();
}

Status readHeaders(Reader& in, const ResponseLimits& limits, std::vector<std::pair<std::string, std::string>>& out) {
  for (;;) {
    PSIRT_ASSIGN_OR_RETURN(line, in.line(limits.max_line));
    if (line.empty()) return okStatus();
    if (out.size() >= limits.max_headers) {
      return makeError(ErrorCategory::kLimit, "more than " + std::to_string(limits.max_headers) + " header lines", "HTTP response");
    }
    if (line.front() == ' ' || line.front() == '\t') return malformed("folded header line (obsolete) refused");
    std::size_t colon = line.find(':');
    if (colon == std::string::npos || !isToken(std::string_view(line).substr(0, colon))) {
      return malformed("bad header line '" + line.substr(0, 80) + "'");
    }
    out.emplace_back(lower(std::string_view(line).substr(0, colon)), std::string(trim(std::string_view(line).substr(colon + 1))));
  }
}

Status readChunked(Reader& in, const ResponseLimits& limits, std::string& body) {
  for (;;) {
    PSIRT_ASSIGN_OR_RETURN(line, in.line(limits.max_line));
    std::string_view size_text = trim(std::string_view(line).substr(0, line.find(';')));
    std::uint64_t size = 0;
    auto [p, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (size_text.empty() || size_text.size() > 15 || ec != std::errc() || p != size_text.data() + size_text.size()) {
      return malformed("bad chunk size '" + line.substr(0, 40) + "'");
    }
    if (size == 0) break;
    std::size_t room = limits.max_body - body.size();
    std::size_t want = size > room ? room + 1 : static_cast<std::size_t>(size);
    PSIRT_ASSIGN_OR_RETURN(got, in.append(body, want));
    if (body.size() > limits.max_body) return tooLarge(limits.max_body);
    if (got < want) return malformed("connection closed inside a chunk");
    PSIRT_ASSIGN_OR_RETURN(crlf, in.line(2));
    if (!crlf.empty()) return malformed("chunk not followed by CRLF");
  }
  std::vector<std::pair<std::string, std::string>> trailers;
  return readHeaders(in, limits, trailers);
}

}  // namespace

Deadline Deadline::after(int total_ms, int read_ms) {
  return Deadline{std::chrono::steady_clock::now() + std::chrono::milliseconds(total_ms), read_ms};
}

Result<int> Deadline::nextWait() const {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()).count();
  if (left <= 0) return makeError(ErrorCategory::kLimit, "overall time limit reached", "HTTP response");
  return static_cast<int>(std::min<std::int64_t>(left, read_timeout_ms));
}

std::optional<std::string> HttpResponse::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return std::nullopt;
}

Result<HttpResponse> readResponse(ByteStream& stream, const ResponseLimits& limits, const Deadline& deadline,
                                  const ProgressFn& progress) {
  Reader in(stream, deadline, progress);
  HttpResponse out;
  PSIRT_TRY(readStatusLine(in, limits, out));
  if (out.status < 200) return malformed("unexpected interim status " + std::to_string(out.status));
  PSIRT_TRY(readHeaders(in, limits, out.headers));

  std::optional<std::uint64_t> length;
  bool chunked = false;
  for (const auto& [name, value] : out.headers) {
    if (name == "content-length") {
      PSIRT_ASSIGN_OR_RETURN(v, parseDecimal(value, "Content-Length"));
      if (length && *length != v) return malformed("conflicting Content-Length headers");
      length = v;
    } else if (name == "transfer-encoding") {
      if (lower(value) != "chunked" || chunked) return malformed("unsupported Transfer-Encoding '" + value.substr(0, 40) + "'");
      chunked = true;
    }
  }
  if (chunked && length) return malformed("both Transfer-Encoding and Content-Length (refused)");
  if (out.status == 204 || out.status == 304) return out;

  if (chunked) {
    PSIRT_TRY(readChunked(in, limits, out.body));
  } else if (length) {
    if (*length > limits.max_body) return tooLarge(limits.max_body);
    auto n = static_cast<std::size_t>(*length);
    out.body.reserve(n);
    in.setTotal(*length);
    PSIRT_ASSIGN_OR_RETURN(got, in.append(out.body, n));
    if (got < n) {
      return malformed("connection closed after " + std::to_string(got) + " of " + std::to_string(n) + " body bytes");
    }
    if (in.moreBytes(kTrailingCheckMs)) {
      return malformed("body longer than its Content-Length " + std::to_string(n) + " (refused)");
    }
  } else {
    // HTTP/1.0 style: the body ends when the server closes the connection.
    PSIRT_ASSIGN_OR_RETURN(got, in.append(out.body, limits.max_body + 1));
    if (got > limits.max_body) return tooLarge(limits.max_body);
  }
  return out;
}

}  // namespace psirt::transport
