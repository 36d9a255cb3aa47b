// A byte stream the HTTP client speaks over. Plain TCP today; TLS streams
// (OpenSSL, mbedTLS; issue 5) implement the same interface, so the HTTP code
// never knows which one it talks to. No OS or TLS type appears here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "platform/error/result.h"

namespace psirt::transport {

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads at most buf.size() bytes, waiting at most timeout_ms for the first
  // one. Returns 0 at an orderly end of stream. Fails with kLimit on time-out,
  // kIo on a network error.
  virtual Result<std::size_t> read(std::span<std::uint8_t> buf, int timeout_ms) = 0;
  // Writes every byte or fails (kLimit on time-out, kIo otherwise).
  virtual Status writeAll(std::span<const std::uint8_t> data, int timeout_ms) = 0;
};

// Reads from a fixed buffer (fuzzers, parser tests); records what is written.
// max_read bounds each read so tests can exercise split boundaries.
class MemoryStream final : public ByteStream {
 public:
  explicit MemoryStream(std::string_view input, std::size_t max_read = 4096)
      : input_(input), max_read_(max_read == 0 ? 1 : max_read) {}
  Result<std::size_t> read(std::span<std::uint8_t> buf, int timeout_ms) override;
  Status writeAll(std::span<const std::uint8_t> data, int timeout_ms) override;
  const std::string& written() const { return written_; }
  std::size_t consumed() const { return pos_; }

 private:
  std::string_view input_;
  std::size_t max_read_;
  std::size_t pos_ = 0;
  std::string written_;
};

// Opens a TCP connection to host:port. host is an IPv4/IPv6 literal or a name
// resolved with getaddrinfo; every address is tried in order until one
// connects within the remaining time (timeout_ms in total).
Result<std::unique_ptr<ByteStream>> connectTcp(const std::string& host, std::uint16_t port,
                                               int timeout_ms);

}  // namespace psirt::transport
