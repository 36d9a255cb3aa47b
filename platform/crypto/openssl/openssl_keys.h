// OpenSSL representation of keys; private to platform/crypto/openssl.
#pragma once

#include <openssl/evp.h>

#include <string>

#include "platform/crypto/crypto.h"

namespace psirt::crypto {

struct PublicKey::Impl {
  KeyType type = KeyType::kEd25519;
  std::size_t bits = 0;
  Bytes spki;       // canonical SubjectPublicKeyInfo DER
  Bytes ed25519;    // raw key, kEd25519 only
  EVP_PKEY* pkey = nullptr;  // EC / RSA only; owned
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() { EVP_PKEY_free(pkey); }
};

struct PrivateKey::Impl {
  KeyType type = KeyType::kEd25519;
  Bytes ed25519_secret;  // libsodium secret key (seed || public), kEd25519 only
  EVP_PKEY* pkey = nullptr;  // EC / RSA only; owned (freed with its bignums cleared)
  std::shared_ptr<const PublicKey::Impl> pub;
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl();
};

namespace openssl {
// The reason of the most recent OpenSSL error (the queue is cleared).
std::string lastError();
}  // namespace openssl

}  // namespace psirt::crypto
