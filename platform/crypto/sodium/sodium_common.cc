// Backend-independent helpers on libsodium: hex, constant-time compare, randomness.
#include <sodium.h>

#include <cstdlib>

#include "platform/crypto/crypto.h"
#include "platform/crypto/detail/key_common.h"

namespace psirt::crypto {

namespace detail {
// libsodium must be initialised once before use; failure leaves no safe RNG.
// sodium_init() is thread-safe and idempotent; the static makes it run once.
void ensureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();
}

void wipe(Bytes& secret) {
  if (!secret.empty()) sodium_memzero(secret.data(), secret.size());
  secret.clear();
}
}  // namespace detail

using detail::ensureSodium;

std::string toHex(ByteView data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (std::uint8_t b : data) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

Result<Bytes> fromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return makeError(ErrorCategory::kParse, "hex string has odd length");
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Bytes out(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(hex[2 * i]);
    int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return makeError(ErrorCategory::kParse, "invalid hex digit");
    out[i] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return out;
}

bool equalConstantTime(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Bytes randomBytes(std::size_t n) {
  ensureSodium();
  Bytes out(n);
  if (n > 0) randombytes_buf(out.data(), n);
  return out;
}

std::string sodiumVersion() { return std::string("libsodium ") + sodium_version_string(); }

}  // namespace psirt::crypto
