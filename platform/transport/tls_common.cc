// Backend-independent parts of tls.h.
#include <arpa/inet.h>

#include "platform/fs/fs.h"
#include "platform/transport/tls.h"
#include "platform/transport/tls_detail.h"

namespace psirt::transport {

Result<std::string> normalizeSpkiPin(std::string_view pin) {
  if (pin.size() != 64) {
    return makeError(ErrorCategory::kUsage, "SPKI pin must be 64 hex digits (SHA-256), got " +
                                                std::to_string(pin.size()) + " characters", "tls pin");
  }
  std::string out(pin);
  for (char& c : out) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return makeError(ErrorCategory::kUsage, "SPKI pin must be 64 hex digits (SHA-256)", "tls pin");
    }
  }
  return out;
}

namespace detail {

std::string caPath(const std::string& ca_file) { return ca_file.empty() ? kDefaultCaFile : ca_file; }

Result<std::string> readCaFile(const std::string& path) {
  auto bytes = fs::readFile(path, kMaxCaFileBytes);
  if (!bytes) return caError(path, bytes.error().message);
  return bytes;
}

}  // namespace detail

bool isIpLiteral(const std::string& host) {
  unsigned char buf[16];
  return ::inet_pton(AF_INET, host.c_str(), buf) == 1 || ::inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace psirt::transport
