// Key material is normalised (ed25519 raw bytes, SPKI DER otherwise) so that
// the same public key under two key ids is recognised and counted once.
#include "agent/tuf/verify.h"

#include <optional>
#include <set>

#include "platform/crypto/crypto.h"

namespace psirt::tuf {
namespace {

enum class Scheme { kEd25519, kEcdsaP256, kRsaPss };

std::optional<Scheme> schemeOf(const Key& key) {
  if (key.keytype == "ed25519" && key.scheme == "ed25519") return Scheme::kEd25519;
  if ((key.keytype == "ecdsa" || key.keytype == "ecdsa-sha2-nistp256") &&
      key.scheme == "ecdsa-sha2-nistp256") {
    return Scheme::kEcdsaP256;
  }
  if (key.keytype == "rsa" && key.scheme == "rsassa-pss-sha256") return Scheme::kRsaPss;
  return std::nullopt;
}

struct LoadedKey {
  Scheme scheme;
  crypto::PublicKey key;
  crypto::Bytes identity;  // normalised public key bytes
};

std::optional<LoadedKey> loadKey(const Key& k) {
  auto scheme = schemeOf(k);
  if (!scheme) return std::nullopt;
  if (*scheme == Scheme::kEd25519) {
    auto raw = crypto::fromHex(k.public_value);
    if (!raw || raw->size() != 32) return std::nullopt;
    auto pk = crypto::PublicKey::fromEd25519Raw(*raw);
    if (!pk) return std::nullopt;
    crypto::Bytes id = *raw;
    id.insert(id.begin(), 'E');
    return LoadedKey{*scheme, *pk, std::move(id)};
  }
  // PEM SubjectPublicKeyInfo; early ecdsa keys (sigstore root v1..v4) carry
  // the uncompressed P-256 point 04||X||Y as hex instead.
  auto pk = k.public_value.rfind("-----BEGIN", 0) == 0
                ? crypto::PublicKey::fromPem(k.public_value)
                : Result<crypto::PublicKey>(makeError(ErrorCategory::kParse, "not PEM"));
  if (!pk && *scheme == Scheme::kEcdsaP256) {
    if (auto point = crypto::fromHex(k.public_value); point)
      pk = crypto::PublicKey::fromP256Uncompressed(*point);
  }
  if (!pk) return std::nullopt;
  const crypto::KeyType expected =
      *scheme == Scheme::kEcdsaP256 ? crypto::KeyType::kEcdsaP256 : crypto::KeyType::kRsa;
  if (pk->type() != expected) return std::nullopt;
  return LoadedKey{*scheme, *pk, pk->spkiDer()};
}

bool verifyLoaded(const LoadedKey& k, std::string_view message, std::string_view sig_hex) {
  if (sig_hex.empty()) return false;
  auto sig = crypto::fromHex(sig_hex);
  if (!sig) return false;
  const auto msg = crypto::asBytes(message);
  switch (k.scheme) {
    case Scheme::kEd25519:
      return crypto::verifyEd25519(k.key, msg, *sig);
    case Scheme::kEcdsaP256:
      return crypto::verifyEcdsaP256Der(k.key, msg, *sig);
    case Scheme::kRsaPss:
      return crypto::verifyRsaPssSha256(k.key, msg, *sig);
  }
  return false;
}

}  // namespace

bool verifySignature(const Key& key, std::string_view message, std::string_view sig_hex) {
  auto k = loadKey(key);
  return k && verifyLoaded(*k, message, sig_hex);
}

Status verifyThreshold(const Envelope& envelope, const std::map<std::string, Key>& keys, const RoleKeys& role,
                       std::string_view role_name) {
  // parseEnvelope refuses repeated key ids; an envelope built otherwise is
  // held to the same rule (TUF: keyids in signatures MUST be unique).
  std::set<std::string_view> listed;
  for (const auto& sig : envelope.signatures) {
    if (!listed.insert(sig.keyid).second)
      return securityError(SecurityCode::kBadSignature, "duplicate keyid in signatures",
                           std::string(role_name));
  }
  std::set<crypto::Bytes> counted;
  for (const auto& keyid : role.keyids) {
    auto kit = keys.find(keyid);
    if (kit == keys.end()) continue;
    std::optional<LoadedKey> key;
    for (const auto& sig : envelope.signatures) {
      if (sig.keyid != keyid || sig.sig_hex.empty()) continue;
      if (!key) key = loadKey(kit->second);
      if (!key) break;
      if (counted.count(key->identity) != 0) break;
      if (verifyLoaded(*key, envelope.canonical_signed, sig.sig_hex)) {
        counted.insert(key->identity);
        break;
      }
    }
  }
  const auto have = static_cast<std::int64_t>(counted.size());
  if (have >= role.threshold) return okStatus();
  const std::string what = std::to_string(have) + " valid signature(s) from distinct keys, threshold " +
                           std::to_string(role.threshold);
  return securityError(have == 0 ? SecurityCode::kBadSignature : SecurityCode::kThresholdNotMet, what,
                       std::string(role_name));
}

}  // namespace psirt::tuf
