// Cryptography behind one interface; the backend (OpenSSL or mbedTLS) is chosen
// at configure time (PSIRT_CRYPTO_BACKEND). Ed25519, X25519 sealed boxes,
// argon2id and random bytes come from libsodium in both builds.
//
// No backend type appears here. Verification functions answer only ok / fail
// (bool): the caller maps a failure to its own closed list of security errors.
// Parsing functions return Result with a reason, never crash on hostile bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/error/result.h"

namespace psirt::crypto {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline ByteView asBytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// "openssl 3.0.19" or "mbedtls 2.28.3" (+ "libsodium 1.0.18").
std::string backendName();

// ---- hashes -------------------------------------------------------------
enum class HashAlgorithm { kSha256, kSha512 };

Bytes sha256(ByteView data);
Bytes sha512(ByteView data);

// Incremental hashing for files too large to hold in memory.
class Hasher {
 public:
  explicit Hasher(HashAlgorithm algorithm);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  void update(ByteView data);
  Bytes finish();  // the hasher must not be used afterwards
 private:
  struct State;
  std::unique_ptr<State> state_;
};

std::string toHex(ByteView data);                 // lower case
Result<Bytes> fromHex(std::string_view hex);      // even length, [0-9a-fA-F] only

// Constant-time comparison of equal-length buffers (false if lengths differ).
bool equalConstantTime(ByteView a, ByteView b);

// ---- keys ---------------------------------------------------------------
enum class KeyType { kEd25519, kEcdsaP256, kRsa };
std::string_view toString(KeyType t);

// An immutable public key; cheap to copy.
class PublicKey {
 public:
  // SubjectPublicKeyInfo, PEM ("-----BEGIN PUBLIC KEY-----") or DER.
  // Accepts EC P-256, RSA (2048..8192 bits) and Ed25519; anything else is an error.
  static Result<PublicKey> fromPem(std::string_view pem);
  static Result<PublicKey> fromDer(ByteView spki);
  // Raw 32-byte Ed25519 public key (TUF's "ed25519" keyval).
  static Result<PublicKey> fromEd25519Raw(ByteView raw);
  // Uncompressed P-256 point 04||X||Y, 65 bytes (hex keyvals of early
  // "ecdsa-sha2-nistp256" TUF keys, e.g. sigstore's root v1..v4).
  static Result<PublicKey> fromP256Uncompressed(ByteView point);

  KeyType type() const;
  std::size_t bits() const;          // 256 for P-256 and Ed25519, modulus size for RSA
  Bytes spkiDer() const;             // canonical DER encoding
  std::string spkiPem() const;
  Bytes ed25519Raw() const;          // only for kEd25519, else empty

  struct Impl;                       // defined by the backend
  explicit PublicKey(std::shared_ptr<const Impl> impl);
  const Impl& impl() const { return *impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

// A private key. Never logged; its memory is wiped on destruction.
class PrivateKey {
 public:
  static Result<PrivateKey> generate(KeyType type, std::size_t rsa_bits = 3072);
  // Unencrypted PKCS#8, PEM ("-----BEGIN PRIVATE KEY-----") or DER.
  static Result<PrivateKey> fromPkcs8Pem(std::string_view pem);
  static Result<PrivateKey> fromPkcs8Der(ByteView der);
  // Ed25519 from its 32-byte seed (libsodium's crypto_sign_seed_keypair).
  static Result<PrivateKey> fromEd25519Seed(ByteView seed32);

  KeyType type() const;
  PublicKey publicKey() const;
  Bytes pkcs8Der() const;            // secret material: caller must protect it
  std::string pkcs8Pem() const;

  struct Impl;
  explicit PrivateKey(std::shared_ptr<const Impl> impl);
  const Impl& impl() const { return *impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

// ---- signatures ---------------------------------------------------------
// ECDSA P-256 with SHA-256. DER = ASN.1 SEQUENCE{r,s}, strict DER only (BER,
// extra bytes, non-minimal integers are failures). Raw = r||s, 64 bytes.
bool verifyEcdsaP256Der(const PublicKey& key, ByteView message, ByteView signature);
bool verifyEcdsaP256Raw(const PublicKey& key, ByteView message, ByteView signature);
Result<Bytes> signEcdsaP256Der(const PrivateKey& key, ByteView message);

// RSASSA-PSS, SHA-256, MGF1-SHA-256. Verification accepts any salt length;
// signing uses salt_length (kPssSaltMax = the maximum the key allows).
inline constexpr int kPssSaltMax = -1;
bool verifyRsaPssSha256(const PublicKey& key, ByteView message, ByteView signature);
// As above, but the salt must be exactly salt_length bytes (>= 0).
bool verifyRsaPssSha256WithSalt(const PublicKey& key, ByteView message, ByteView signature,
                                int salt_length);
Result<Bytes> signRsaPssSha256(const PrivateKey& key, ByteView message, int salt_length = 32);

// Ed25519 (libsodium), 64-byte signatures.
bool verifyEd25519(const PublicKey& key, ByteView message, ByteView signature);
Result<Bytes> signEd25519(const PrivateKey& key, ByteView message);

// ---- libsodium: randomness, sealed boxes, password hashing -------------
Bytes randomBytes(std::size_t n);

struct X25519KeyPair {
  Bytes public_key;   // 32 bytes
  Bytes secret_key;   // 32 bytes, secret
};
X25519KeyPair generateX25519();
// X25519 shared secret (crypto_scalarmult); fails on an all-zero result
// (low-order public key) and on wrong sizes.
Result<Bytes> x25519SharedSecret(ByteView secret_key, ByteView peer_public_key);
// Anonymous sealed box (crypto_box_seal): only the holder of the secret key opens it.
Result<Bytes> sealTo(ByteView recipient_public_key, ByteView message);
Result<Bytes> openSealed(const X25519KeyPair& recipient, ByteView sealed);

// argon2id (crypto_pwhash). Salt is 16 bytes. ops/mem limits as libsodium's.
struct Argon2Params {
  unsigned long long ops_limit = 3;
  std::size_t mem_limit = 64u << 20;
};
Result<Bytes> argon2id(std::string_view passphrase, ByteView salt, std::size_t out_len,
                       const Argon2Params& params = {});

// XChaCha20-Poly1305 (IETF), libsodium's crypto_aead_xchacha20poly1305_ietf:
// 32-byte key, 24-byte nonce (random nonces are safe at this size), 16-byte
// tag appended to the ciphertext. `associated` is authenticated, not encrypted.
// aeadOpen fails with kSecurity/kBadSignature when the key is wrong or any
// byte of ciphertext, tag, nonce or associated data changed.
inline constexpr std::size_t kAeadKeyBytes = 32;
inline constexpr std::size_t kAeadNonceBytes = 24;
Result<Bytes> aeadSeal(ByteView key, ByteView nonce, ByteView plaintext, ByteView associated);
Result<Bytes> aeadOpen(ByteView key, ByteView nonce, ByteView ciphertext, ByteView associated);

}  // namespace psirt::crypto
