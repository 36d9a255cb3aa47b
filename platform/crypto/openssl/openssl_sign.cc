// ECDSA P-256 and RSA-PSS signatures through OpenSSL 3 EVP.
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <algorithm>

#include "platform/crypto/detail/key_common.h"
#include "platform/crypto/openssl/openssl_keys.h"

namespace psirt::crypto {

namespace {
using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
using SigPtr = std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)>;

constexpr int kSaltAuto = -1000;  // marker: verify with any salt length

// Sets PSS / MGF1-SHA-256 / salt length on a DigestSign or DigestVerify context.
bool setPss(EVP_PKEY_CTX* pctx, int salt) {
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt) == 1;
}

// SHA-256 then verify; pss_salt is ignored for EC keys.
bool verifyWith(EVP_PKEY* pkey, ByteView message, ByteView signature, bool pss, int pss_salt) {
  MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;
  const bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), &pctx, EVP_sha256(), nullptr, pkey) == 1 &&
                  (!pss || setPss(pctx, pss_salt == kSaltAuto ? RSA_PSS_SALTLEN_AUTO : pss_salt)) &&
                  EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
  ERR_clear_error();  // a failed verification leaves reasons we do not report
  return ok;
}

Result<Bytes> signWith(EVP_PKEY* pkey, ByteView message, bool pss, int pss_salt) {
  MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, pkey) != 1) {
    return makeError(ErrorCategory::kInternal, "sign init: " + openssl::lastError());
  }
  if (pss && !setPss(pctx, pss_salt == kPssSaltMax ? RSA_PSS_SALTLEN_MAX : pss_salt)) {
    return makeError(ErrorCategory::kUsage, "PSS salt length " + std::to_string(pss_salt) + ": " + openssl::lastError());
  }
  std::size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, message.data(), message.size()) != 1) {
    return makeError(ErrorCategory::kInternal, "sign: " + openssl::lastError());
  }
  Bytes sig(len);
  if (EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) != 1) {
    return makeError(ErrorCategory::kUsage, "sign: " + openssl::lastError());
  }
  sig.resize(len);
  return sig;
}

Bytes encodeSig(const ECDSA_SIG* sig) {
  unsigned char* buf = nullptr;
  const int len = i2d_ECDSA_SIG(sig, &buf);
  if (len <= 0) return {};
  Bytes out(buf, buf + len);
  OPENSSL_free(buf);
  return out;
}

bool isEcKey(const PublicKey& key) { return key.type() == KeyType::kEcdsaP256 && key.impl().pkey != nullptr; }
bool isRsaKey(const PublicKey& key) { return key.type() == KeyType::kRsa && key.impl().pkey != nullptr; }

bool verifyPss(const PublicKey& key, ByteView message, ByteView signature, int salt) {
  if (!isRsaKey(key)) return false;
  // The signature must be exactly as long as the modulus (no padding, no truncation).
  if (signature.size() != static_cast<std::size_t>(EVP_PKEY_get_size(key.impl().pkey))) return false;
  return verifyWith(key.impl().pkey, message, signature, true, salt);
}
}  // namespace

bool verifyEcdsaP256Der(const PublicKey& key, ByteView message, ByteView signature) {
  if (!isEcKey(key) || signature.empty() || signature.size() > 128) return false;
  // Strict DER: decode, re-encode, and require the same bytes.
  const unsigned char* p = signature.data();
  SigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(signature.size())), ECDSA_SIG_free);
  if (!sig || p != signature.data() + signature.size()) {
    ERR_clear_error();
    return false;
  }
  const Bytes canonical = encodeSig(sig.get());
  if (canonical.size() != signature.size() || !std::equal(canonical.begin(), canonical.end(), signature.begin())) {
    return false;
  }
  return verifyWith(key.impl().pkey, message, signature, false, 0);
}

bool verifyEcdsaP256Raw(const PublicKey& key, ByteView message, ByteView signature) {
  if (!isEcKey(key) || signature.size() != 64) return false;
  SigPtr sig(ECDSA_SIG_new(), ECDSA_SIG_free);
  BIGNUM* r = BN_bin2bn(signature.data(), 32, nullptr);
  BIGNUM* s = BN_bin2bn(signature.data() + 32, 32, nullptr);
  if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return false;
  }
  const Bytes der = encodeSig(sig.get());
  return !der.empty() && verifyWith(key.impl().pkey, message, der, false, 0);
}

Result<Bytes> signEcdsaP256Der(const PrivateKey& key, ByteView message) {
  if (key.type() != KeyType::kEcdsaP256) {
    return makeError(ErrorCategory::kUsage, "signEcdsaP256Der needs an EC P-256 key, got " + std::string(toString(key.type())));
  }
  return signWith(key.impl().pkey, message, false, 0);
}

bool verifyRsaPssSha256(const PublicKey& key, ByteView message, ByteView signature) {
  return verifyPss(key, message, signature, kSaltAuto);
}

bool verifyRsaPssSha256WithSalt(const PublicKey& key, ByteView message, ByteView signature, int salt_length) {
  return salt_length >= 0 && verifyPss(key, message, signature, salt_length);
}

Result<Bytes> signRsaPssSha256(const PrivateKey& key, ByteView message, int salt_length) {
  if (key.type() != KeyType::kRsa) {
    return makeError(ErrorCategory::kUsage, "signRsaPssSha256 needs an RSA key, got " + std::string(toString(key.type())));
  }
  if (salt_length < 0 && salt_length != kPssSaltMax) {
    return makeError(ErrorCategory::kUsage, "PSS salt length must be >= 0 or kPssSaltMax");
  }
  return signWith(key.impl().pkey, message, true, salt_length);
}

}  // namespace psirt::crypto
