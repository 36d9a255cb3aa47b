// SHA-2 through mbedTLS 2.28's message-digest interface.
#include <mbedtls/md.h>
#include <mbedtls/version.h>

#include <cstdlib>

#include "platform/crypto/crypto.h"

namespace psirt::crypto {

std::string sodiumVersion();

std::string backendName() {
  return std::string("mbedtls ") + MBEDTLS_VERSION_STRING + " + " + sodiumVersion();
}

struct Hasher::State {
  mbedtls_md_context_t ctx;
  std::size_t size = 0;
  State() { mbedtls_md_init(&ctx); }
  ~State() { mbedtls_md_free(&ctx); }
};

Hasher::Hasher(HashAlgorithm algorithm) : state_(std::make_unique<State>()) {
  const mbedtls_md_info_t* info = mbedtls_md_info_from_type(
      algorithm == HashAlgorithm::kSha256 ? MBEDTLS_MD_SHA256 : MBEDTLS_MD_SHA512);
  if (info == nullptr || mbedtls_md_setup(&state_->ctx, info, 0) != 0 ||
      mbedtls_md_starts(&state_->ctx) != 0) {
    std::abort();  // only on allocation failure
  }
  state_->size = mbedtls_md_get_size(info);
}
Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(ByteView data) {
  if (!data.empty() && mbedtls_md_update(&state_->ctx, data.data(), data.size()) != 0) std::abort();
}

Bytes Hasher::finish() {
  Bytes out(state_->size);
  if (mbedtls_md_finish(&state_->ctx, out.data()) != 0) std::abort();
  return out;
}

}  // namespace psirt::crypto
