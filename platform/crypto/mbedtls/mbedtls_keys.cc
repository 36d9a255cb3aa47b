// Key parsing, encoding and generation for EC P-256 and RSA through mbedTLS
// 2.28; Ed25519 keys only carry libsodium bytes (see sodium/sodium_keys.cc).
#include "platform/crypto/mbedtls/mbedtls_keys.h"

#include <mbedtls/asn1.h>
#include <mbedtls/asn1write.h>
#include <mbedtls/ecp.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/rsa.h>

#include <cstdlib>

#include "platform/crypto/detail/key_common.h"

namespace psirt::crypto {

PrivateKey::Impl::~Impl() {
  if (!ed25519_secret.empty()) mbedtls_platform_zeroize(ed25519_secret.data(), ed25519_secret.size());
  mbedtls_pk_free(&pk);  // zeroises the key material
}

namespace {
// AlgorithmIdentifier DER of the two key types we write into PKCS#8.
constexpr std::uint8_t kRsaAlgId[] = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                      0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
constexpr std::uint8_t kP256AlgId[] = {0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
                                       0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};

// Checks the parsed key is a supported EC/RSA key; returns its type and size.
Result<std::pair<KeyType, std::size_t>> classify(mbedtls_pk_context& pk) {
  const mbedtls_pk_type_t t = mbedtls_pk_get_type(&pk);
  if (t == MBEDTLS_PK_ECKEY) {
    if (mbedtls_pk_ec(pk)->grp.id != MBEDTLS_ECP_DP_SECP256R1) {
      return makeError(ErrorCategory::kUnsupported, "EC key is not on curve P-256");
    }
    return std::pair{KeyType::kEcdsaP256, std::size_t{256}};
  }
  if (t == MBEDTLS_PK_RSA) {
    // The modulus size (mbedtls_pk_get_bitlen rounds RSA up to whole bytes).
    const std::size_t bits = mbedtls_mpi_bitlen(&mbedtls_pk_rsa(pk)->N);
    if (bits < detail::kRsaMinBits || bits > detail::kRsaMaxBits) {
      return makeError(ErrorCategory::kUnsupported,
                       "RSA key of " + std::to_string(bits) + " bits (accepted: 2048..8192)");
    }
    // PSS with SHA-256 and MGF1-SHA-256 for every operation on this key.
    mbedtls_rsa_set_padding(mbedtls_pk_rsa(pk), MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
    return std::pair{KeyType::kRsa, bits};
  }
  return makeError(ErrorCategory::kUnsupported, std::string("key algorithm not supported: ") + mbedtls_pk_get_name(&pk));
}

Bytes encodeSpki(mbedtls_pk_context& pk) {
  Bytes buf(detail::kMaxKeyBytes);
  const int len = mbedtls_pk_write_pubkey_der(&pk, buf.data(), buf.size());
  if (len <= 0) return {};
  // mbedTLS writes at the end of the buffer.
  return Bytes(buf.end() - len, buf.end());
}

std::shared_ptr<PublicKey::Impl> ed25519PublicImpl(ByteView raw32) {
  auto impl = std::make_shared<PublicKey::Impl>();
  impl->type = KeyType::kEd25519;
  impl->bits = 256;
  impl->ed25519.assign(raw32.begin(), raw32.end());
  impl->spki.assign(detail::kEd25519SpkiPrefix.begin(), detail::kEd25519SpkiPrefix.end());
  impl->spki.insert(impl->spki.end(), raw32.begin(), raw32.end());
  return impl;
}

Result<std::shared_ptr<PublicKey::Impl>> publicImplFromDer(ByteView spki) {
  auto impl = std::make_shared<PublicKey::Impl>();
  const int rc = mbedtls_pk_parse_public_key(&impl->pk, spki.data(), spki.size());
  if (rc != 0) return makeError(ErrorCategory::kParse, "not a SubjectPublicKeyInfo: " + mbedtls::describe(rc));
  PSIRT_ASSIGN_OR_RETURN(kind, classify(impl->pk));
  if (kind.first == KeyType::kEcdsaP256 &&
      (spki.size() != detail::kP256SpkiSize || !detail::startsWith(spki, detail::kP256SpkiPrefix))) {
    return makeError(ErrorCategory::kParse, "EC public key must use namedCurve prime256v1 and an uncompressed point");
  }
  Bytes canonical = encodeSpki(impl->pk);
  if (canonical.size() != spki.size() || !std::equal(canonical.begin(), canonical.end(), spki.begin())) {
    return makeError(ErrorCategory::kParse, "SubjectPublicKeyInfo is not canonical DER (or has trailing bytes)");
  }
  impl->type = kind.first;
  impl->bits = kind.second;
  impl->spki = std::move(canonical);
  return impl;
}

// PKCS#8 v1 PrivateKeyInfo: SEQUENCE { INTEGER 0, SEQUENCE algorithm, OCTET STRING }
// spanning the whole input. mbedtls_pk_parse_key also takes PKCS#1, SEC1 and
// encrypted PKCS#8; this keeps both backends to the same single format.
Status checkPkcs8Shape(ByteView der) {
  auto* p = const_cast<unsigned char*>(der.data());
  const unsigned char* end = der.data() + der.size();
  std::size_t len = 0;
  int version = -1;
  if (mbedtls_asn1_get_tag(&p, end, &len, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0 || p + len != end ||
      mbedtls_asn1_get_int(&p, end, &version) != 0 || version != 0 || p >= end ||
      *p != (MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE)) {
    return makeError(ErrorCategory::kParse, "not an unencrypted PKCS#8 PrivateKeyInfo");
  }
  return okStatus();
}

Result<PrivateKey> privateFromImpl(std::shared_ptr<PrivateKey::Impl> impl) {
  PSIRT_ASSIGN_OR_RETURN(kind, classify(impl->pk));
  const Bytes spki = encodeSpki(impl->pk);
  auto pub = publicImplFromDer(spki);
  if (!pub) return pub.error().within("public half of private key");
  impl->type = kind.first;
  impl->pub = *pub;
  return PrivateKey(impl);
}
}  // namespace

// ---- PublicKey ------------------------------------------------------------
PublicKey::PublicKey(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
KeyType PublicKey::type() const { return impl_->type; }
std::size_t PublicKey::bits() const { return impl_->bits; }
Bytes PublicKey::spkiDer() const { return impl_->spki; }
Bytes PublicKey::ed25519Raw() const { return impl_->ed25519; }

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
  // mbedTLS 2.28 writes PKCS#1 / SEC1; wrap it in a PrivateKeyInfo, writing backwards.
  Bytes buf(detail::kMaxKeyBytes);
  unsigned char* const start = buf.data();
  int inner = 0;
  {
    std::lock_guard lock(impl_->mutex);
    inner = mbedtls_pk_write_key_der(&impl_->pk, buf.data(), buf.size());
  }
  if (inner <= 0) std::abort();  // the buffer fits an 8192-bit key: only a bug gets here
  unsigned char* p = start + buf.size() - inner;
  std::size_t total = static_cast<std::size_t>(inner);
  const bool rsa = impl_->type == KeyType::kRsa;
  int rc = 0;
  auto add = [&](int r) {
    if (r < 0) rc = r; else total += static_cast<std::size_t>(r);
  };
  add(mbedtls_asn1_write_len(&p, start, static_cast<std::size_t>(inner)));
  add(mbedtls_asn1_write_tag(&p, start, MBEDTLS_ASN1_OCTET_STRING));
  add(rsa ? mbedtls_asn1_write_raw_buffer(&p, start, kRsaAlgId, sizeof kRsaAlgId)
          : mbedtls_asn1_write_raw_buffer(&p, start, kP256AlgId, sizeof kP256AlgId));
  add(mbedtls_asn1_write_int(&p, start, 0));
  add(mbedtls_asn1_write_len(&p, start, total));
  add(mbedtls_asn1_write_tag(&p, start, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE));
  if (rc != 0) std::abort();
  Bytes out(p, start + buf.size());
  mbedtls_platform_zeroize(buf.data(), buf.size());
  return out;
}

namespace detail {

Result<PublicKey> backendPublicFromDer(ByteView spki) {
  PSIRT_ASSIGN_OR_RETURN(impl, publicImplFromDer(spki));
  return PublicKey(impl);
}

PublicKey makeEd25519Public(ByteView raw32) { return PublicKey(ed25519PublicImpl(raw32)); }

Result<PrivateKey> backendPrivateFromPkcs8(ByteView der) {
  PSIRT_TRY(checkPkcs8Shape(der));
  auto impl = std::make_shared<PrivateKey::Impl>();
  const int rc = mbedtls_pk_parse_key(&impl->pk, der.data(), der.size(), nullptr, 0);
  if (rc != 0) return makeError(ErrorCategory::kParse, "PKCS#8 key is malformed: " + mbedtls::describe(rc));
  return privateFromImpl(std::move(impl));
}

Result<PrivateKey> backendGenerate(KeyType type, std::size_t rsa_bits) {
  auto impl = std::make_shared<PrivateKey::Impl>();
  mbedtls::Rng rng;
  int rc = 0;
  if (type == KeyType::kEcdsaP256) {
    rc = mbedtls_pk_setup(&impl->pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
    if (rc == 0) rc = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(impl->pk), mbedtls::Rng::generate, &rng);
  } else {
    if (rsa_bits < kRsaMinBits || rsa_bits > kRsaMaxBits) {
      return makeError(ErrorCategory::kUsage, "RSA key size " + std::to_string(rsa_bits) + " (accepted: 2048..8192)");
    }
    rc = mbedtls_pk_setup(&impl->pk, mbedtls_pk_info_from_type(MBEDTLS_PK_RSA));
    if (rc == 0) {
      rc = mbedtls_rsa_gen_key(mbedtls_pk_rsa(impl->pk), mbedtls::Rng::generate, &rng,
                               static_cast<unsigned int>(rsa_bits), 65537);
    }
  }
  if (rc != 0) return makeError(ErrorCategory::kInternal, "key generation failed: " + mbedtls::describe(rc));
  return privateFromImpl(std::move(impl));
}

PrivateKey makeEd25519Private(ByteView secret64) {
  auto impl = std::make_shared<PrivateKey::Impl>();
  impl->type = KeyType::kEd25519;
  impl->ed25519_secret.assign(secret64.begin(), secret64.end());
  impl->pub = ed25519PublicImpl(secret64.subspan(32));  // libsodium: seed || public key
  return PrivateKey(impl);
}

ByteView ed25519Secret(const PrivateKey& key) { return key.impl().ed25519_secret; }

}  // namespace detail
}  // namespace psirt::crypto
