// mbedTLS 2.28 representation of keys; private to platform/crypto/mbedtls.
#pragma once

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/pk.h>

#include <mutex>
#include <string>

#include "platform/crypto/crypto.h"

namespace psirt::crypto {

// mbedTLS contexts are not const-correct and cache values lazily (RSA
// blinding, EC tables), so each key serialises its operations with a mutex.
struct PublicKey::Impl {
  KeyType type = KeyType::kEd25519;
  std::size_t bits = 0;
  Bytes spki;     // canonical SubjectPublicKeyInfo DER
  Bytes ed25519;  // raw key, kEd25519 only
  mutable mbedtls_pk_context pk;  // EC / RSA only
  mutable std::mutex mutex;
  Impl() { mbedtls_pk_init(&pk); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() { mbedtls_pk_free(&pk); }
};

struct PrivateKey::Impl {
  KeyType type = KeyType::kEd25519;
  Bytes ed25519_secret;  // libsodium secret key (seed || public), kEd25519 only
  mutable mbedtls_pk_context pk;  // EC / RSA only (mbedtls_pk_free zeroises it)
  mutable std::mutex mutex;
  std::shared_ptr<const PublicKey::Impl> pub;
  Impl() { mbedtls_pk_init(&pk); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl();
};

namespace mbedtls {
// "what: mbedTLS message (-0x....)".
std::string describe(int rc);

// A CTR_DRBG seeded from libsodium's randombytes (the OS CSPRNG); one per
// operation, so no global state is shared between threads.
class Rng {
 public:
  Rng();
  ~Rng();
  Rng(const Rng&) = delete;
  Rng& operator=(const Rng&) = delete;
  static int generate(void* self, unsigned char* out, std::size_t len);

 private:
  mbedtls_ctr_drbg_context ctx_;
};
}  // namespace mbedtls

}  // namespace psirt::crypto
