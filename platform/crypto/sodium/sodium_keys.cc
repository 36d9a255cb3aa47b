// Key handling common to both backends: PEM, Ed25519 keys (libsodium) and the
// dispatch of EC/RSA encodings to the backend.
#include <sodium.h>

#include <algorithm>

#include "platform/crypto/detail/key_common.h"

namespace psirt::crypto {

using detail::kEd25519Pkcs8Prefix;
using detail::kEd25519SpkiPrefix;

using detail::startsWith;

std::string_view toString(KeyType t) {
  switch (t) {
    case KeyType::kEd25519: return "ed25519";
    case KeyType::kEcdsaP256: return "ecdsa-p256";
    case KeyType::kRsa: return "rsa";
  }
  return "unknown";
}

// ---- public keys ----------------------------------------------------------
Result<PublicKey> PublicKey::fromPem(std::string_view pem) {
  auto der = detail::pemDecode(pem, "PUBLIC KEY");
  if (!der) return der.error().within("public key PEM");
  return fromDer(*der);
}

Result<PublicKey> PublicKey::fromDer(ByteView spki) {
  if (spki.empty()) return makeError(ErrorCategory::kParse, "public key DER is empty");
  if (spki.size() > detail::kMaxKeyBytes) {
    return makeError(ErrorCategory::kLimit, "public key DER larger than " + std::to_string(detail::kMaxKeyBytes) + " bytes");
  }
  if (startsWith(spki, kEd25519SpkiPrefix) || detail::containsEd25519Oid(spki.first(std::min<std::size_t>(spki.size(), 16)))) {
    if (spki.size() != kEd25519SpkiPrefix.size() + crypto_sign_PUBLICKEYBYTES || !startsWith(spki, kEd25519SpkiPrefix)) {
      return makeError(ErrorCategory::kParse, "Ed25519 SubjectPublicKeyInfo must be 44 bytes: 302a300506032b6570032100 || key");
    }
    return fromEd25519Raw(spki.subspan(kEd25519SpkiPrefix.size()));
  }
  PSIRT_TRY(detail::precheckSpkiAlgorithm(spki));
  return detail::backendPublicFromDer(spki);
}

Result<PublicKey> PublicKey::fromEd25519Raw(ByteView raw) {
  if (raw.size() != crypto_sign_PUBLICKEYBYTES) {
    return makeError(ErrorCategory::kParse, "Ed25519 public key must be 32 bytes, got " + std::to_string(raw.size()));
  }
  return detail::makeEd25519Public(raw);
}

Result<PublicKey> PublicKey::fromP256Uncompressed(ByteView point) {
  if (point.size() != 65 || point[0] != 0x04) {
    return makeError(ErrorCategory::kParse, "P-256 point must be 65 bytes starting with 04 (uncompressed), got " +
                                                std::to_string(point.size()) + " bytes");
  }
  // The canonical SPKI prefix ends with the 04 of the point.
  Bytes spki(detail::kP256SpkiPrefix.begin(), detail::kP256SpkiPrefix.end() - 1);
  spki.insert(spki.end(), point.begin(), point.end());
  return fromDer(spki);  // the backend checks the point is on the curve
}

std::string PublicKey::spkiPem() const { return detail::pemEncode(spkiDer(), "PUBLIC KEY"); }

// ---- private keys ---------------------------------------------------------
Result<PrivateKey> PrivateKey::generate(KeyType type, std::size_t rsa_bits) {
  if (type != KeyType::kEd25519) return detail::backendGenerate(type, rsa_bits);
  detail::ensureSodium();
  Bytes pk(crypto_sign_PUBLICKEYBYTES);
  Bytes sk(crypto_sign_SECRETKEYBYTES);
  crypto_sign_keypair(pk.data(), sk.data());
  PrivateKey key = detail::makeEd25519Private(sk);
  detail::wipe(sk);
  return key;
}

Result<PrivateKey> PrivateKey::fromPkcs8Pem(std::string_view pem) {
  auto der = detail::pemDecode(pem, "PRIVATE KEY");
  if (!der) return der.error().within("private key PEM");
  auto key = fromPkcs8Der(*der);
  detail::wipe(*der);
  return key;
}

Result<PrivateKey> PrivateKey::fromPkcs8Der(ByteView der) {
  if (der.empty()) return makeError(ErrorCategory::kParse, "private key DER is empty");
  if (der.size() > detail::kMaxKeyBytes) {
    return makeError(ErrorCategory::kLimit, "private key DER larger than " + std::to_string(detail::kMaxKeyBytes) + " bytes");
  }
  if (startsWith(der, kEd25519Pkcs8Prefix) || detail::containsEd25519Oid(der.first(std::min<std::size_t>(der.size(), 16)))) {
    if (der.size() != kEd25519Pkcs8Prefix.size() + crypto_sign_SEEDBYTES || !startsWith(der, kEd25519Pkcs8Prefix)) {
      return makeError(ErrorCategory::kParse,
                       "Ed25519 PKCS#8 must be 48 bytes: 302e020100300506032b657004220420 || seed");
    }
    return fromEd25519Seed(der.subspan(kEd25519Pkcs8Prefix.size()));
  }
  return detail::backendPrivateFromPkcs8(der);
}

Result<PrivateKey> PrivateKey::fromEd25519Seed(ByteView seed32) {
  if (seed32.size() != crypto_sign_SEEDBYTES) {
    return makeError(ErrorCategory::kParse, "Ed25519 seed must be 32 bytes, got " + std::to_string(seed32.size()));
  }
  detail::ensureSodium();
  Bytes pk(crypto_sign_PUBLICKEYBYTES);
  Bytes sk(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(pk.data(), sk.data(), seed32.data());
  PrivateKey key = detail::makeEd25519Private(sk);
  detail::wipe(sk);
  return key;
}

std::string PrivateKey::pkcs8Pem() const {
  Bytes der = pkcs8Der();
  std::string pem = detail::pemEncode(der, "PRIVATE KEY");
  detail::wipe(der);
  return pem;
}

// ---- Ed25519 signatures ---------------------------------------------------
bool verifyEd25519(const PublicKey& key, ByteView message, ByteView signature) {
  if (key.type() != KeyType::kEd25519 || signature.size() != crypto_sign_BYTES) return false;
  detail::ensureSodium();
  const Bytes pk = key.ed25519Raw();
  // libsodium rejects non-canonical S (S >= L), small-order and non-canonical keys/R.
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), pk.data()) == 0;
}

Result<Bytes> signEd25519(const PrivateKey& key, ByteView message) {
  const ByteView sk = detail::ed25519Secret(key);
  if (key.type() != KeyType::kEd25519 || sk.size() != crypto_sign_SECRETKEYBYTES) {
    return makeError(ErrorCategory::kUsage, "signEd25519 needs an Ed25519 key, got " + std::string(toString(key.type())));
  }
  detail::ensureSodium();
  Bytes sig(crypto_sign_BYTES);
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), sk.data());
  return sig;
}

}  // namespace psirt::crypto
