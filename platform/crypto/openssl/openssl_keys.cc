// Key parsing, encoding and generation for EC P-256 and RSA through OpenSSL 3
// EVP; Ed25519 keys only carry libsodium bytes (see sodium/sodium_keys.cc).
#include "platform/crypto/openssl/openssl_keys.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include <cstdlib>
#include <cstring>

#include "platform/crypto/detail/key_common.h"

namespace psirt::crypto {

PrivateKey::Impl::~Impl() {
  if (!ed25519_secret.empty()) OPENSSL_cleanse(ed25519_secret.data(), ed25519_secret.size());
  EVP_PKEY_free(pkey);
}

namespace openssl {
std::string lastError() {
  unsigned long code = 0;
  unsigned long last = 0;
  while ((code = ERR_get_error()) != 0) last = code;
  if (last == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(last, buf, sizeof buf);
  return buf;
}
}  // namespace openssl

namespace {
using EvpPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

bool isP256(EVP_PKEY* pkey) {
  char name[64] = {};
  std::size_t len = 0;
  return EVP_PKEY_get_group_name(pkey, name, sizeof name, &len) == 1 && std::strcmp(name, "prime256v1") == 0;
}

Bytes encodeSpki(EVP_PKEY* pkey) {
  unsigned char* buf = nullptr;
  const int len = i2d_PUBKEY(pkey, &buf);
  if (len <= 0) return {};
  Bytes out(buf, buf + len);
  OPENSSL_free(buf);
  return out;
}

// Checks the key is a supported EC/RSA key; returns its type and size.
Result<std::pair<KeyType, std::size_t>> classify(EVP_PKEY* pkey) {
  const int id = EVP_PKEY_get_base_id(pkey);
  const auto bits = static_cast<std::size_t>(EVP_PKEY_get_bits(pkey));
  if (id == EVP_PKEY_EC) {
    if (!isP256(pkey)) return makeError(ErrorCategory::kUnsupported, "EC key is not on curve P-256");
    return std::pair{KeyType::kEcdsaP256, std::size_t{256}};
  }
  if (id == EVP_PKEY_RSA) {
    if (bits < detail::kRsaMinBits || bits > detail::kRsaMaxBits) {
      return makeError(ErrorCategory::kUnsupported,
                       "RSA key of " + std::to_string(bits) + " bits (accepted: 2048..8192)");
    }
    return std::pair{KeyType::kRsa, bits};
  }
  if (id == EVP_PKEY_RSA_PSS) {
    return makeError(ErrorCategory::kUnsupported, "RSA-PSS-restricted key (id-RSASSA-PSS); use rsaEncryption");
  }
  return makeError(ErrorCategory::kUnsupported, std::string("key algorithm not supported: ") +
                                                    (OBJ_nid2sn(id) != nullptr ? OBJ_nid2sn(id) : "unknown"));
}

std::shared_ptr<PublicKey::Impl> publicImplFrom(EVP_PKEY* owned, KeyType type, std::size_t bits, Bytes spki) {
  auto impl = std::make_shared<PublicKey::Impl>();
  impl->type = type;
  impl->bits = bits;
  impl->spki = std::move(spki);
  impl->pkey = owned;
  return impl;
}
}  // namespace

// ---- PublicKey ------------------------------------------------------------
PublicKey::PublicKey(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
KeyType PublicKey::type() const { return impl_->type; }
std::size_t PublicKey::bits() const { return impl_->bits; }
Bytes PublicKey::spkiDer() const { return impl_->spki; }
Bytes PublicKey::ed25519Raw() const { return impl_->ed25519; }

namespace detail {

Result<PublicKey> backendPublicFromDer(ByteView spki) {
  const unsigned char* p = spki.data();
  EvpPtr pkey(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki.size())), EVP_PKEY_free);
  if (!pkey) return makeError(ErrorCategory::kParse, "not a SubjectPublicKeyInfo: " + openssl::lastError());
  if (p != spki.data() + spki.size()) {
    return makeError(ErrorCategory::kParse, "SubjectPublicKeyInfo has " + std::to_string(spki.data() + spki.size() - p) +
                                                " trailing bytes");
  }
  PSIRT_ASSIGN_OR_RETURN(kind, classify(pkey.get()));
  if (kind.first == KeyType::kEcdsaP256 && (spki.size() != kP256SpkiSize || !startsWith(spki, kP256SpkiPrefix))) {
    return makeError(ErrorCategory::kParse, "EC public key must use namedCurve prime256v1 and an uncompressed point");
  }
  Bytes canonical = encodeSpki(pkey.get());
  if (canonical.size() != spki.size() || !std::equal(canonical.begin(), canonical.end(), spki.begin())) {
    return makeError(ErrorCategory::kParse, "SubjectPublicKeyInfo is not canonical DER");
  }
  return PublicKey(publicImplFrom(pkey.release(), kind.first, kind.second, std::move(canonical)));
}

namespace {
std::shared_ptr<PublicKey::Impl> ed25519PublicImpl(ByteView raw32) {
  auto impl = std::make_shared<PublicKey::Impl>();
  impl->type = KeyType::kEd25519;
  impl->bits = 256;
  impl->ed25519.assign(raw32.begin(), raw32.end());
  impl->spki.assign(kEd25519SpkiPrefix.begin(), kEd25519SpkiPrefix.end());
  impl->spki.insert(impl->spki.end(), raw32.begin(), raw32.end());
  return impl;
}
}  // namespace

PublicKey makeEd25519Public(ByteView raw32) { return PublicKey(ed25519PublicImpl(raw32)); }

namespace {
Result<PrivateKey> privateFromEvp(EvpPtr pkey) {
  PSIRT_ASSIGN_OR_RETURN(kind, classify(pkey.get()));
  Bytes spki = encodeSpki(pkey.get());
  if (spki.empty()) return makeError(ErrorCategory::kInternal, "cannot encode public key: " + openssl::lastError());
  const unsigned char* p = spki.data();
  EVP_PKEY* pub = d2i_PUBKEY(nullptr, &p, static_cast<long>(spki.size()));
  if (pub == nullptr) return makeError(ErrorCategory::kInternal, "cannot decode own public key: " + openssl::lastError());
  auto impl = std::make_shared<PrivateKey::Impl>();
  impl->type = kind.first;
  impl->pub = publicImplFrom(pub, kind.first, kind.second, std::move(spki));
  impl->pkey = pkey.release();
  return PrivateKey(impl);
}
}  // namespace

Result<PrivateKey> backendPrivateFromPkcs8(ByteView der) {
  const unsigned char* p = der.data();
  std::unique_ptr<PKCS8_PRIV_KEY_INFO, decltype(&PKCS8_PRIV_KEY_INFO_free)> p8(
      d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size())), PKCS8_PRIV_KEY_INFO_free);
  if (!p8) return makeError(ErrorCategory::kParse, "not an unencrypted PKCS#8 PrivateKeyInfo: " + openssl::lastError());
  if (p != der.data() + der.size()) return makeError(ErrorCategory::kParse, "PKCS#8 key has trailing bytes");
  EvpPtr pkey(EVP_PKCS82PKEY(p8.get()), EVP_PKEY_free);
  if (!pkey) return makeError(ErrorCategory::kParse, "PKCS#8 key is malformed: " + openssl::lastError());
  return privateFromEvp(std::move(pkey));
}

Result<PrivateKey> backendGenerate(KeyType type, std::size_t rsa_bits) {
  EVP_PKEY* raw = nullptr;
  if (type == KeyType::kEcdsaP256) {
    raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  } else {
    if (rsa_bits < kRsaMinBits || rsa_bits > kRsaMaxBits) {
      return makeError(ErrorCategory::kUsage, "RSA key size " + std::to_string(rsa_bits) + " (accepted: 2048..8192)");
    }
    raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", rsa_bits);
  }
  if (raw == nullptr) return makeError(ErrorCategory::kInternal, "key generation failed: " + openssl::lastError());
  return privateFromEvp(EvpPtr(raw, EVP_PKEY_free));
}

PrivateKey makeEd25519Private(ByteView secret64) {
  auto impl = std::make_shared<PrivateKey::Impl>();
  impl->type = KeyType::kEd25519;
  impl->ed25519_secret.assign(secret64.begin(), secret64.end());
  // libsodium's secret key is seed || public key.
  impl->pub = ed25519PublicImpl(secret64.subspan(32));
  return PrivateKey(impl);
}

ByteView ed25519Secret(const PrivateKey& key) { return key.impl().ed25519_secret; }

}  // namespace detail

// ---- PrivateKey -----------------------------------------------------------
PrivateKey::PrivateKey(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
KeyType PrivateKey::type() const { return impl_->type; }
PublicKey PrivateKey::publicKey() const { return PublicKey(impl_->pub); }

Bytes PrivateKey::pkcs8Der() const {
  if (impl_->type == KeyType::kEd25519) {
    Bytes out(detail::kEd25519Pkcs8Prefix.begin(), detail::kEd25519Pkcs8Prefix.end());
    out.insert(out.end(), impl_->ed25519_secret.begin(), impl_->ed25519_secret.begin() + 32);
    return out;
  }
  std::unique_ptr<PKCS8_PRIV_KEY_INFO, decltype(&PKCS8_PRIV_KEY_INFO_free)> p8(EVP_PKEY2PKCS8(impl_->pkey),
                                                                                PKCS8_PRIV_KEY_INFO_free);
  unsigned char* buf = nullptr;
  const int len = p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8.get(), &buf) : -1;
  if (len <= 0) std::abort();  // only on allocation failure: nothing sensible to return
  Bytes out(buf, buf + len);
  OPENSSL_clear_free(buf, static_cast<std::size_t>(len));
  return out;
}

}  // namespace psirt::crypto
