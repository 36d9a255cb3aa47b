// CTR_DRBG seeded from libsodium, and error text, for the mbedTLS backend.
#include <mbedtls/error.h>
#include <sodium.h>

#include <cstdio>
#include <cstdlib>

#include "platform/crypto/detail/key_common.h"
#include "platform/crypto/mbedtls/mbedtls_keys.h"

namespace psirt::crypto::mbedtls {

namespace {
int sodiumEntropy(void* /*unused*/, unsigned char* out, std::size_t len) {
  detail::ensureSodium();
  randombytes_buf(out, len);
  return 0;
}
}  // namespace

Rng::Rng() {
  mbedtls_ctr_drbg_init(&ctx_);
  static constexpr unsigned char kPersonalisation[] = "psirt-agent";
  // Failure means the entropy callback failed, which libsodium never does.
  if (mbedtls_ctr_drbg_seed(&ctx_, sodiumEntropy, nullptr, kPersonalisation, sizeof kPersonalisation) != 0) {
    std::abort();
  }
}

Rng::~Rng() { mbedtls_ctr_drbg_free(&ctx_); }

int Rng::generate(void* self, unsigned char* out, std::size_t len) {
  return mbedtls_ctr_drbg_random(&static_cast<Rng*>(self)->ctx_, out, len);
}

std::string describe(int rc) {
  char text[160] = {};
  mbedtls_strerror(rc, text, sizeof text);
  char code[24];
  std::snprintf(code, sizeof code, " (-0x%04x)", static_cast<unsigned>(-rc));
  return std::string(text) + code;
}

}  // namespace psirt::crypto::mbedtls
