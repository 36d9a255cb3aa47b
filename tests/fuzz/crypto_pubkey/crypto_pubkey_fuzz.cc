// Fuzz target: public-key parsing from PEM and DER (and PKCS#8 private keys,
// the same parsers' neighbours). Invariants beyond "no crash": a key that
// parses re-encodes to DER and PEM that parse back to the same key.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "platform/crypto/crypto.h"

namespace {
void checkRoundTrip(const psirt::crypto::PublicKey& key) {
  using psirt::crypto::PublicKey;
  const auto der = key.spkiDer();
  auto again = PublicKey::fromDer(der);
  if (!again || again->spkiDer() != der || again->type() != key.type() || again->bits() != key.bits()) std::abort();
  auto pem = PublicKey::fromPem(key.spkiPem());
  if (!pem || pem->spkiDer() != der) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace psirt::crypto;
  const ByteView bytes(data, size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto k = PublicKey::fromDer(bytes)) checkRoundTrip(*k);
  if (auto k = PublicKey::fromPem(text)) checkRoundTrip(*k);
  if (size == 32) {
    if (auto k = PublicKey::fromEd25519Raw(bytes)) checkRoundTrip(*k);
  }
  if (size == 65) {
    if (auto k = PublicKey::fromP256Uncompressed(bytes)) checkRoundTrip(*k);
  }
  if (auto k = PrivateKey::fromPkcs8Der(bytes)) checkRoundTrip(k->publicKey());
  if (auto k = PrivateKey::fromPkcs8Pem(text)) checkRoundTrip(k->publicKey());
  return 0;
}
