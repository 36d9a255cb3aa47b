// Private to platform/crypto: what the common code (PEM armour, Ed25519 on
// libsodium) and a backend (OpenSSL or mbedTLS) provide to each other.
// No backend type appears here either; each backend defines PublicKey::Impl
// and PrivateKey::Impl in its own folder.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "platform/crypto/crypto.h"

namespace psirt::crypto::detail {

// Upper bound on any key encoding we accept (an 8192-bit RSA PKCS#8 key is ~4.9 KB).
inline constexpr std::size_t kMaxKeyBytes = 16 * 1024;

// Ed25519 SubjectPublicKeyInfo = this prefix + 32-byte key (RFC 8410).
inline constexpr std::array<std::uint8_t, 12> kEd25519SpkiPrefix = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
// Ed25519 PKCS#8 v1 PrivateKeyInfo = this prefix + 32-byte seed (RFC 8410).
inline constexpr std::array<std::uint8_t, 16> kEd25519Pkcs8Prefix = {
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
// EC P-256 SubjectPublicKeyInfo = this prefix (id-ecPublicKey, namedCurve
// prime256v1, BIT STRING, uncompressed point 04) + X + Y: 91 bytes. Explicit
// curve parameters and compressed points are refused on both backends.
inline constexpr std::array<std::uint8_t, 27> kP256SpkiPrefix = {
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06,
    0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04};
inline constexpr std::size_t kP256SpkiSize = 91;
inline constexpr std::size_t kRsaMinBits = 2048;
inline constexpr std::size_t kRsaMaxBits = 8192;

// DER of the Ed25519 OID 1.3.101.112, used to recognise other Ed25519 encodings.
inline constexpr std::array<std::uint8_t, 5> kEd25519Oid = {0x06, 0x03, 0x2b, 0x65, 0x70};

bool containsEd25519Oid(ByteView der);

// Refusals decided from the algorithm identifier alone, so that both backends
// give the same message: non-P-256 or non-canonical EC keys and the
// id-RSASSA-PSS key OID. Ok means "let the backend parse it".
Status precheckSpkiAlgorithm(ByteView spki);

template <std::size_t N>
bool startsWith(ByteView data, const std::array<std::uint8_t, N>& prefix) {
  return data.size() >= N && std::equal(prefix.begin(), prefix.end(), data.begin());
}

// PEM armour: exactly one "-----BEGIN <label>-----" block, only whitespace around it.
Result<Bytes> pemDecode(std::string_view pem, std::string_view label);
std::string pemEncode(ByteView der, std::string_view label);

// libsodium must be initialised once before use.
void ensureSodium();

// Wipes a buffer that held secret material (sodium_memzero).
void wipe(Bytes& secret);

// ---- provided by the backend --------------------------------------------
// SPKI DER of an EC P-256 or RSA key (Ed25519 is handled before this is called).
Result<PublicKey> backendPublicFromDer(ByteView spki);
// PKCS#8 DER of an EC P-256 or RSA key.
Result<PrivateKey> backendPrivateFromPkcs8(ByteView der);
Result<PrivateKey> backendGenerate(KeyType type, std::size_t rsa_bits);
PublicKey makeEd25519Public(ByteView raw32);
// secret64 = libsodium's secret key (seed || public key).
PrivateKey makeEd25519Private(ByteView secret64);
// The 64-byte libsodium secret key of an Ed25519 private key, else empty.
ByteView ed25519Secret(const PrivateKey& key);

}  // namespace psirt::crypto::detail
