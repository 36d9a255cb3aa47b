// SHA-2 through OpenSSL's EVP interface.
#include <openssl/evp.h>
#include <openssl/opensslv.h>

#include <cstdlib>

#include "platform/crypto/crypto.h"

namespace psirt::crypto {

std::string sodiumVersion();

std::string backendName() {
  return std::string("openssl ") + OPENSSL_VERSION_STR + " + " + sodiumVersion();
}

struct Hasher::State {
  EVP_MD_CTX* ctx = nullptr;
  ~State() { EVP_MD_CTX_free(ctx); }
};

Hasher::Hasher(HashAlgorithm algorithm) : state_(std::make_unique<State>()) {
  state_->ctx = EVP_MD_CTX_new();
  const EVP_MD* md = algorithm == HashAlgorithm::kSha256 ? EVP_sha256() : EVP_sha512();
  // Allocation failure here leaves nothing sensible to do.
  if (state_->ctx == nullptr || EVP_DigestInit_ex(state_->ctx, md, nullptr) != 1) std::abort();
}
Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(ByteView data) {
  if (!data.empty() && EVP_DigestUpdate(state_->ctx, data.data(), data.size()) != 1) std::abort();
}

Bytes Hasher::finish() {
  Bytes out(EVP_MAX_MD_SIZE);
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(state_->ctx, out.data(), &len) != 1) std::abort();
  out.resize(len);
  return out;
}

}  // namespace psirt::crypto
