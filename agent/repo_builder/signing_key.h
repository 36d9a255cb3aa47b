// A TUF signing key for building repositories: the private key, its TUF
// public-key form (keytype, scheme, keyval) and its key id (SHA-256 of the
// canonical JSON of that form). Pairs as docs/design.md#keys-and-signatures:
//   ed25519 / ed25519 (keyval: 64 hex chars)
//   ecdsa   / ecdsa-sha2-nistp256 (keyval: PEM SPKI; DER signatures)
//   rsa     / rsassa-pss-sha256 (keyval: PEM SPKI; salt length 32)
#pragma once

#include <string>
#include <string_view>

#include "platform/crypto/crypto.h"
#include "platform/error/result.h"

namespace psirt::repo {

// A key as metadata lists it, without the private part: what a role may be
// authorised with when the private key lives in someone else's key store.
struct PublicKeyInfo {
  std::string keytype, scheme, public_value;
  std::string keyid;  // SHA-256 of the canonical JSON of the three fields above
  // Computes the key id; kParse if the canonical form cannot be built.
  static Result<PublicKeyInfo> make(std::string keytype, std::string scheme, std::string public_value);
};

class SigningKey {
 public:
  // Deterministic Ed25519 key from a 32-byte seed (tests: fixed seeds).
  static Result<SigningKey> ed25519FromSeed(crypto::ByteView seed32);
  // Ed25519 from a label: seed = SHA-256(label). Same label, same key.
  static Result<SigningKey> ed25519FromLabel(std::string_view label);
  // Unencrypted PKCS#8 PEM (EC P-256, RSA or Ed25519).
  static Result<SigningKey> fromPkcs8Pem(std::string_view pem);
  static Result<SigningKey> fromPrivateKey(crypto::PrivateKey key);

  const std::string& keyid() const { return keyid_; }
  const std::string& keytype() const { return keytype_; }
  const std::string& scheme() const { return scheme_; }
  const std::string& publicValue() const { return public_; }  // keyval.public
  // Canonical JSON of {"keytype","keyval":{"public"},"scheme"} (what keyid hashes).
  const std::string& publicKeyJson() const { return public_json_; }
  PublicKeyInfo publicInfo() const { return {keytype_, scheme_, public_, keyid_}; }

  // Hex signature over message (the canonical bytes of "signed").
  Result<std::string> signHex(std::string_view message) const;

 private:
  explicit SigningKey(crypto::PrivateKey key) : key_(std::move(key)) {}
  crypto::PrivateKey key_;
  std::string keytype_, scheme_, public_, public_json_, keyid_;
};

}  // namespace psirt::repo
