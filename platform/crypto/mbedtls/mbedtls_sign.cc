// ECDSA P-256 and RSA-PSS signatures through mbedTLS 2.28.
#include <mbedtls/asn1.h>
#include <mbedtls/asn1write.h>
#include <mbedtls/bignum.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>

#include <algorithm>

#include "platform/crypto/detail/key_common.h"
#include "platform/crypto/mbedtls/mbedtls_keys.h"

namespace psirt::crypto {

namespace {
constexpr std::size_t kSha256Bytes = 32;

struct Mpi {
  mbedtls_mpi v;
  Mpi() { mbedtls_mpi_init(&v); }
  ~Mpi() { mbedtls_mpi_free(&v); }
  Mpi(const Mpi&) = delete;
  Mpi& operator=(const Mpi&) = delete;
};

bool isEcKey(const PublicKey& key) { return key.type() == KeyType::kEcdsaP256; }
bool isRsaKey(const PublicKey& key) { return key.type() == KeyType::kRsa; }

bool verifyRs(const PublicKey& key, ByteView message, const mbedtls_mpi& r, const mbedtls_mpi& s) {
  const Bytes hash = sha256(message);
  const auto& impl = key.impl();
  std::lock_guard lock(impl.mutex);
  mbedtls_ecp_keypair* ec = mbedtls_pk_ec(impl.pk);
  // mbedtls_ecdsa_verify checks 1 <= r, s < n.
  return mbedtls_ecdsa_verify(&ec->grp, hash.data(), hash.size(), &ec->Q, &r, &s) == 0;
}

// DER SEQUENCE { INTEGER r, INTEGER s } written by mbedTLS (minimal integers).
Bytes encodeRs(const mbedtls_mpi& r, const mbedtls_mpi& s) {
  unsigned char buf[80];
  unsigned char* p = buf + sizeof buf;
  std::size_t total = 0;
  for (const mbedtls_mpi* x : {&s, &r}) {
    const int n = mbedtls_asn1_write_mpi(&p, buf, x);
    if (n < 0) return {};
    total += static_cast<std::size_t>(n);
  }
  const int l = mbedtls_asn1_write_len(&p, buf, total);
  const int t = mbedtls_asn1_write_tag(&p, buf, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE);
  if (l < 0 || t < 0) return {};
  return Bytes(p, buf + sizeof buf);
}

bool verifyPss(const PublicKey& key, ByteView message, ByteView signature, int salt) {
  if (!isRsaKey(key)) return false;
  const auto& impl = key.impl();
  std::lock_guard lock(impl.mutex);
  mbedtls_rsa_context* rsa = mbedtls_pk_rsa(impl.pk);
  // mbedTLS reads exactly ctx->len bytes: the length must match the modulus.
  if (signature.size() != mbedtls_rsa_get_len(rsa)) return false;
  const Bytes hash = sha256(message);
  return mbedtls_rsa_rsassa_pss_verify_ext(rsa, nullptr, nullptr, MBEDTLS_RSA_PUBLIC, MBEDTLS_MD_SHA256,
                                           static_cast<unsigned int>(hash.size()), hash.data(), MBEDTLS_MD_SHA256,
                                           salt, signature.data()) == 0;
}
}  // namespace

bool verifyEcdsaP256Der(const PublicKey& key, ByteView message, ByteView signature) {
  if (!isEcKey(key) || signature.empty() || signature.size() > 128) return false;
  auto* p = const_cast<unsigned char*>(signature.data());
  const unsigned char* end = signature.data() + signature.size();
  std::size_t len = 0;
  Mpi r;
  Mpi s;
  if (mbedtls_asn1_get_tag(&p, end, &len, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0 || p + len != end ||
      mbedtls_asn1_get_mpi(&p, end, &r.v) != 0 || mbedtls_asn1_get_mpi(&p, end, &s.v) != 0 || p != end) {
    return false;
  }
  // Zero is out of range anyway, and mbedtls_asn1_write_mpi mishandles it.
  if (mbedtls_mpi_cmp_int(&r.v, 0) <= 0 || mbedtls_mpi_cmp_int(&s.v, 0) <= 0) return false;
  // Strict DER: the canonical re-encoding must be the input, byte for byte.
  const Bytes canonical = encodeRs(r.v, s.v);
  if (canonical.size() != signature.size() || !std::equal(canonical.begin(), canonical.end(), signature.begin())) {
    return false;
  }
  return verifyRs(key, message, r.v, s.v);
}

bool verifyEcdsaP256Raw(const PublicKey& key, ByteView message, ByteView signature) {
  if (!isEcKey(key) || signature.size() != 64) return false;
  Mpi r;
  Mpi s;
  if (mbedtls_mpi_read_binary(&r.v, signature.data(), 32) != 0 ||
      mbedtls_mpi_read_binary(&s.v, signature.data() + 32, 32) != 0) {
    return false;
  }
  return verifyRs(key, message, r.v, s.v);
}

Result<Bytes> signEcdsaP256Der(const PrivateKey& key, ByteView message) {
  if (key.type() != KeyType::kEcdsaP256) {
    return makeError(ErrorCategory::kUsage, "signEcdsaP256Der needs an EC P-256 key, got " + std::string(toString(key.type())));
  }
  const Bytes hash = sha256(message);
  Bytes sig(MBEDTLS_ECDSA_MAX_LEN);
  std::size_t len = 0;
  mbedtls::Rng rng;
  const auto& impl = key.impl();
  std::lock_guard lock(impl.mutex);
  const int rc = mbedtls_pk_sign(&impl.pk, MBEDTLS_MD_SHA256, hash.data(), hash.size(), sig.data(), &len,
                                 mbedtls::Rng::generate, &rng);
  if (rc != 0) return makeError(ErrorCategory::kInternal, "ECDSA sign: " + mbedtls::describe(rc));
  sig.resize(len);
  return sig;
}

bool verifyRsaPssSha256(const PublicKey& key, ByteView message, ByteView signature) {
  return verifyPss(key, message, signature, MBEDTLS_RSA_SALT_LEN_ANY);
}

bool verifyRsaPssSha256WithSalt(const PublicKey& key, ByteView message, ByteView signature, int salt_length) {
  return salt_length >= 0 && verifyPss(key, message, signature, salt_length);
}

Result<Bytes> signRsaPssSha256(const PrivateKey& key, ByteView message, int salt_length) {
  if (key.type() != KeyType::kRsa) {
    return makeError(ErrorCategory::kUsage, "signRsaPssSha256 needs an RSA key, got " + std::string(toString(key.type())));
  }
  const auto& impl = key.impl();
  std::lock_guard lock(impl.mutex);
  mbedtls_rsa_context* rsa = mbedtls_pk_rsa(impl.pk);
  // RFC 8017 9.1.1: emLen = ceil((modBits - 1) / 8), salt <= emLen - hLen - 2.
  // (mbedtls_pk_get_bitlen rounds RSA up to whole bytes: use the modulus. A
  // 2049-bit key otherwise allows a salt one byte too long, and mbedTLS then
  // signs garbage: found by the cross-check test.)
  const std::size_t em_len = (mbedtls_mpi_bitlen(&rsa->N) - 1 + 7) / 8;
  const int max_salt = static_cast<int>(em_len - kSha256Bytes - 2);
  const int salt = salt_length == kPssSaltMax ? max_salt : salt_length;
  if (salt < 0 || salt > max_salt) {
    return makeError(ErrorCategory::kUsage, "PSS salt length " + std::to_string(salt_length) + " (accepted: 0.." +
                                                std::to_string(max_salt) + " or kPssSaltMax)");
  }
  const Bytes hash = sha256(message);
  Bytes sig(mbedtls_rsa_get_len(rsa));
  mbedtls::Rng rng;
  const int rc = mbedtls_rsa_rsassa_pss_sign_ext(rsa, mbedtls::Rng::generate, &rng, MBEDTLS_MD_SHA256,
                                                 static_cast<unsigned int>(hash.size()), hash.data(), salt, sig.data());
  if (rc != 0) return makeError(ErrorCategory::kInternal, "RSA-PSS sign: " + mbedtls::describe(rc));
  return sig;
}

}  // namespace psirt::crypto
