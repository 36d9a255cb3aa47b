// Shared by the TLS backends (not a public header): error lines worded the
// same on both backends, and a per-operation deadline so that one read or
// write as a whole honours its time-out however the server slices records.
#pragma once

#include <chrono>
#include <string>

#include "platform/error/result.h"

namespace psirt::transport::detail {

inline Error certError(const std::string& host, const std::string& why) {
  return makeError(ErrorCategory::kSecurity, "tls: certificate verify failed for " + host + ": " + why);
}
inline Error pinError(const std::string& host, const std::string& got) {
  return makeError(ErrorCategory::kSecurity,
                   "tls: certificate pin mismatch for " + host + ": server key has SPKI sha256 " + got);
}
inline Error versionError(const std::string& host) {
  return makeError(ErrorCategory::kIo, "tls: " + host + " offers only TLS < 1.2 (protocol version refused)");
}
inline Error handshakeError(const std::string& host, const std::string& why, int code = 0) {
  return makeError(ErrorCategory::kIo, "tls: handshake with " + host + " failed: " + why, {}, code);
}

inline Error caError(const std::string& path, const std::string& why) {
  return makeError(ErrorCategory::kUsage, "tls: cannot load CA file " + path + ": " + why);
}
// `ca_file` or kDefaultCaFile when empty.
std::string caPath(const std::string& ca_file);
// The bytes of the CA file through fs::readFile (tls.h: never the library's
// own open); caError naming the file when it cannot be read.
Result<std::string> readCaFile(const std::string& path);

class OpDeadline {
 public:
  void start(int timeout_ms) {
    timeout_ms_ = timeout_ms < 0 ? 0 : timeout_ms;
    end_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms_);
  }
  // Milliseconds left for the current operation, or a kLimit error.
  Result<int> left(const char* what) const {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(end_ - std::chrono::steady_clock::now()).count();
    if (ms <= 0) {
      return makeError(ErrorCategory::kLimit, std::string("tls ") + what + " timed out after " +
                                                  std::to_string(timeout_ms_) + " ms");
    }
    return static_cast<int>(ms);
  }

 private:
  std::chrono::steady_clock::time_point end_{};
  int timeout_ms_ = 0;
};

inline std::string hex(const unsigned char* p, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 15];
  }
  return out;
}

}  // namespace psirt::transport::detail
