// libsodium in both builds: X25519, anonymous sealed boxes, argon2id, AEAD.
#include <sodium.h>

#include <limits>

#include "platform/crypto/detail/key_common.h"

namespace psirt::crypto {

X25519KeyPair generateX25519() {
  detail::ensureSodium();
  X25519KeyPair kp{Bytes(crypto_box_PUBLICKEYBYTES), Bytes(crypto_box_SECRETKEYBYTES)};
  crypto_box_keypair(kp.public_key.data(), kp.secret_key.data());
  return kp;
}

Result<Bytes> x25519SharedSecret(ByteView secret_key, ByteView peer_public_key) {
  if (secret_key.size() != crypto_scalarmult_SCALARBYTES || peer_public_key.size() != crypto_scalarmult_BYTES) {
    return makeError(ErrorCategory::kParse, "X25519 keys must be 32 bytes");
  }
  detail::ensureSodium();
  Bytes shared(crypto_scalarmult_BYTES);
  if (crypto_scalarmult(shared.data(), secret_key.data(), peer_public_key.data()) != 0) {
    detail::wipe(shared);
    return makeError(ErrorCategory::kParse, "X25519 shared secret is zero (low-order public key)");
  }
  return shared;
}

Result<Bytes> sealTo(ByteView recipient_public_key, ByteView message) {
  if (recipient_public_key.size() != crypto_box_PUBLICKEYBYTES) {
    return makeError(ErrorCategory::kParse, "sealed box recipient key must be 32 bytes, got " +
                                                std::to_string(recipient_public_key.size()));
  }
  if (message.size() > std::numeric_limits<std::size_t>::max() - crypto_box_SEALBYTES) {
    return makeError(ErrorCategory::kLimit, "sealed box message too large");
  }
  detail::ensureSodium();
  Bytes out(message.size() + crypto_box_SEALBYTES);
  if (crypto_box_seal(out.data(), message.data(), message.size(), recipient_public_key.data()) != 0) {
    return makeError(ErrorCategory::kParse, "sealed box: recipient public key rejected");
  }
  return out;
}

Result<Bytes> openSealed(const X25519KeyPair& recipient, ByteView sealed) {
  if (recipient.public_key.size() != crypto_box_PUBLICKEYBYTES ||
      recipient.secret_key.size() != crypto_box_SECRETKEYBYTES) {
    return makeError(ErrorCategory::kUsage, "sealed box key pair must hold two 32-byte keys");
  }
  if (sealed.size() < crypto_box_SEALBYTES) {
    return makeError(ErrorCategory::kParse, "sealed box shorter than " + std::to_string(crypto_box_SEALBYTES) + " bytes");
  }
  detail::ensureSodium();
  Bytes out(sealed.size() - crypto_box_SEALBYTES);
  if (crypto_box_seal_open(out.data(), sealed.data(), sealed.size(), recipient.public_key.data(),
                           recipient.secret_key.data()) != 0) {
    detail::wipe(out);
    return securityError(SecurityCode::kBadSignature, "sealed box does not open with this key (tampered or wrong key)");
  }
  return out;
}

Result<Bytes> argon2id(std::string_view passphrase, ByteView salt, std::size_t out_len, const Argon2Params& params) {
  if (salt.size() != crypto_pwhash_SALTBYTES) {
    return makeError(ErrorCategory::kUsage, "argon2id salt must be 16 bytes, got " + std::to_string(salt.size()));
  }
  if (out_len < crypto_pwhash_BYTES_MIN || out_len > 1024) {
    return makeError(ErrorCategory::kUsage, "argon2id output length must be 16..1024 bytes");
  }
  // The functions, not the macros: the macros depend on the width of size_t.
  if (params.ops_limit < crypto_pwhash_opslimit_min() || params.ops_limit > crypto_pwhash_opslimit_max() ||
      params.mem_limit < crypto_pwhash_memlimit_min() || params.mem_limit > crypto_pwhash_memlimit_max()) {
    return makeError(ErrorCategory::kUsage, "argon2id ops/mem limits outside libsodium's bounds");
  }
  detail::ensureSodium();
  Bytes out(out_len);
  if (crypto_pwhash(out.data(), out.size(), passphrase.data(), passphrase.size(), salt.data(), params.ops_limit,
                    params.mem_limit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return makeError(ErrorCategory::kLimit, "argon2id failed (out of memory?)");
  }
  return out;
}

namespace {

Status checkAeadSizes(ByteView key, ByteView nonce) {
  if (key.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES) {
    return makeError(ErrorCategory::kUsage, "AEAD key must be 32 bytes, got " + std::to_string(key.size()));
  }
  if (nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES) {
    return makeError(ErrorCategory::kUsage, "AEAD nonce must be 24 bytes, got " + std::to_string(nonce.size()));
  }
  return okStatus();
}

}  // namespace

Result<Bytes> aeadSeal(ByteView key, ByteView nonce, ByteView plaintext, ByteView associated) {
  PSIRT_TRY(checkAeadSizes(key, nonce));
  if (plaintext.size() > crypto_aead_xchacha20poly1305_ietf_MESSAGEBYTES_MAX - crypto_aead_xchacha20poly1305_ietf_ABYTES) {
    return makeError(ErrorCategory::kLimit, "AEAD plaintext too large");
  }
  detail::ensureSodium();
  Bytes out(plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long out_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data(), &out_len, plaintext.data(), plaintext.size(),
                                             associated.data(), associated.size(), nullptr, nonce.data(), key.data());
  out.resize(static_cast<std::size_t>(out_len));
  return out;
}

Result<Bytes> aeadOpen(ByteView key, ByteView nonce, ByteView ciphertext, ByteView associated) {
  PSIRT_TRY(checkAeadSizes(key, nonce));
  if (ciphertext.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES) {
    return securityError(SecurityCode::kBadSignature, "AEAD ciphertext shorter than its tag");
  }
  detail::ensureSodium();
  Bytes out(ciphertext.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long out_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &out_len, nullptr, ciphertext.data(), ciphertext.size(),
                                                 associated.data(), associated.size(), nonce.data(), key.data()) != 0) {
    detail::wipe(out);
    return securityError(SecurityCode::kBadSignature, "AEAD authentication failed (wrong key or altered data)");
  }
  out.resize(static_cast<std::size_t>(out_len));
  return out;
}

}  // namespace psirt::crypto
