#include "agent/repo_builder/signing_key.h"

#include "agent/json/value.h"

namespace psirt::repo {

namespace {

Result<std::string> canonicalPublic(const std::string& keytype, const std::string& scheme, const std::string& value) {
  json::Value j = json::Value::object(
      {{"keytype", keytype}, {"scheme", scheme}, {"keyval", json::Value::object({{"public", value}})}});
  return j.canonical();
}

}  // namespace

Result<PublicKeyInfo> PublicKeyInfo::make(std::string keytype, std::string scheme, std::string public_value) {
  PSIRT_ASSIGN_OR_RETURN(canon, canonicalPublic(keytype, scheme, public_value));
  std::string keyid = crypto::toHex(crypto::sha256(crypto::asBytes(canon)));
  return PublicKeyInfo{std::move(keytype), std::move(scheme), std::move(public_value), std::move(keyid)};
}

Result<SigningKey> SigningKey::ed25519FromSeed(crypto::ByteView seed32) {
  PSIRT_ASSIGN_OR_RETURN(key, crypto::PrivateKey::fromEd25519Seed(seed32));
  return fromPrivateKey(std::move(key));
}

Result<SigningKey> SigningKey::ed25519FromLabel(std::string_view label) {
  crypto::Bytes seed = crypto::sha256(crypto::asBytes(label));
  return ed25519FromSeed(seed);
}

Result<SigningKey> SigningKey::fromPkcs8Pem(std::string_view pem) {
  PSIRT_ASSIGN_OR_RETURN(key, crypto::PrivateKey::fromPkcs8Pem(pem));
  return fromPrivateKey(std::move(key));
}

Result<SigningKey> SigningKey::fromPrivateKey(crypto::PrivateKey key) {
  SigningKey k(std::move(key));
  crypto::PublicKey pub = k.key_.publicKey();
  switch (k.key_.type()) {
    case crypto::KeyType::kEd25519:
      k.keytype_ = "ed25519";
      k.scheme_ = "ed25519";
      k.public_ = crypto::toHex(pub.ed25519Raw());
      break;
    case crypto::KeyType::kEcdsaP256:
      k.keytype_ = "ecdsa";
      k.scheme_ = "ecdsa-sha2-nistp256";
      k.public_ = pub.spkiPem();
      break;
    case crypto::KeyType::kRsa:
      k.keytype_ = "rsa";
      k.scheme_ = "rsassa-pss-sha256";
      k.public_ = pub.spkiPem();
      break;
  }
  PSIRT_ASSIGN_OR_RETURN(canon, canonicalPublic(k.keytype_, k.scheme_, k.public_));
  k.public_json_ = canon;
  k.keyid_ = crypto::toHex(crypto::sha256(crypto::asBytes(canon)));
  return k;
}

Result<std::string> SigningKey::signHex(std::string_view message) const {
  auto bytes = crypto::asBytes(message);
  Result<crypto::Bytes> sig = makeError(ErrorCategory::kInternal, "no key type");
  switch (key_.type()) {
    case crypto::KeyType::kEd25519: sig = crypto::signEd25519(key_, bytes); break;
    case crypto::KeyType::kEcdsaP256: sig = crypto::signEcdsaP256Der(key_, bytes); break;
    case crypto::KeyType::kRsa: sig = crypto::signRsaPssSha256(key_, bytes, 32); break;
  }
  if (!sig) return sig.error().within("signing with key " + keyid_.substr(0, 8));
  return crypto::toHex(*sig);
}

}  // namespace psirt::repo
