// Signatures on the preset's backend: round trips for all three key types,
// tampering, wrong key types, RSA-PSS salt lengths, strict DER, RFC 8032.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "platform/crypto/crypto.h"
#include "tests/unit/platform/crypto_test_keys.h"

namespace psirt::crypto {
namespace {

using testing::fromHexOrDie;
using testing::privateKey;
using testing::publicKey;

const Bytes kMessage = [] {
  const std::string m = "{\"signed\":{\"_type\":\"timestamp\",\"version\":7}}";
  return Bytes(m.begin(), m.end());
}();

// The r and s of a DER ECDSA signature as 32-byte big-endian numbers (test
// helper: the input is our own well-formed signature).
Bytes derToRaw(const Bytes& der) {
  Bytes raw;
  std::size_t pos = 2;
  for (int i = 0; i < 2; ++i) {
    const std::size_t len = der.at(pos + 1);
    Bytes v(der.begin() + static_cast<std::ptrdiff_t>(pos + 2), der.begin() + static_cast<std::ptrdiff_t>(pos + 2 + len));
    while (v.size() > 32) v.erase(v.begin());
    raw.insert(raw.end(), 32 - v.size(), 0);
    raw.insert(raw.end(), v.begin(), v.end());
    pos += 2 + len;
  }
  return raw;
}

Bytes flipped(Bytes b, std::size_t i) {
  b.at(i) ^= 0x01;
  return b;
}

TEST(CryptoSign, EcdsaSignsDerThatVerifiesAsDerAndRaw) {
  const PrivateKey key = privateKey("ec_p256.key.pem");
  const PublicKey pub = publicKey("ec_p256.pub.pem");
  auto sig = signEcdsaP256Der(key, kMessage);
  ASSERT_TRUE(sig) << sig.error().describe();
  EXPECT_EQ(sig->at(0), 0x30);
  EXPECT_TRUE(verifyEcdsaP256Der(pub, kMessage, *sig));
  EXPECT_TRUE(verifyEcdsaP256Raw(pub, kMessage, derToRaw(*sig)));
  EXPECT_FALSE(verifyEcdsaP256Der(pub, flipped(kMessage, 3), *sig));
  EXPECT_FALSE(verifyEcdsaP256Der(pub, kMessage, flipped(*sig, sig->size() - 1)));
  EXPECT_FALSE(verifyEcdsaP256Raw(pub, kMessage, flipped(derToRaw(*sig), 63)));
  EXPECT_FALSE(verifyEcdsaP256Raw(pub, kMessage, *sig)) << "DER is not raw";
  EXPECT_FALSE(verifyEcdsaP256Der(pub, kMessage, derToRaw(*sig))) << "raw is not DER";
  EXPECT_FALSE(verifyEcdsaP256Der(PrivateKey::generate(KeyType::kEcdsaP256)->publicKey(), kMessage, *sig));
}

// Strict DER: the same (r, s) in BER-ish encodings is refused.
TEST(CryptoSign, EcdsaDerRefusesNonCanonicalEncodingsOfAValidSignature) {
  const PublicKey pub = publicKey("ec_p256.pub.pem");
  const Bytes sig = *signEcdsaP256Der(privateKey("ec_p256.key.pem"), kMessage);
  ASSERT_TRUE(verifyEcdsaP256Der(pub, kMessage, sig));
  Bytes long_form = {0x30, 0x81, sig[1]};  // length in long form
  long_form.insert(long_form.end(), sig.begin() + 2, sig.end());
  EXPECT_FALSE(verifyEcdsaP256Der(pub, kMessage, long_form));
  Bytes trailing = sig;
  trailing.push_back(0);
  EXPECT_FALSE(verifyEcdsaP256Der(pub, kMessage, trailing));
  // A redundant leading zero on r.
  const std::size_t rlen = sig[3];
  Bytes padded = {0x30, static_cast<std::uint8_t>(sig[1] + 1), 0x02, static_cast<std::uint8_t>(rlen + 1), 0x00};
  padded.insert(padded.end(), sig.begin() + 4, sig.end());
  EXPECT_FALSE(verifyEcdsaP256Der(pub, kMessage, padded));
  EXPECT_FALSE(verifyEcdsaP256Der(pub, kMessage, Bytes{}));
  EXPECT_FALSE(verifyEcdsaP256Der(pub, kMessage, Bytes{0x30, 0x00}));
}

TEST(CryptoSign, RsaPssSaltLengthsZero32AndMaxVerifyInBothModes) {
  for (const char* name : {"rsa_2048", "rsa_2049", "rsa_3072"}) {
    SCOPED_TRACE(name);
    const PrivateKey key = privateKey(std::string(name) + ".key.pem");
    const PublicKey pub = publicKey(std::string(name) + ".pub.pem");
    // RFC 8017: max salt = ceil((modBits - 1) / 8) - 32 - 2.
    const int max_salt = static_cast<int>((pub.bits() - 1 + 7) / 8) - 34;
    for (int salt : {0, 32, max_salt, kPssSaltMax}) {
      SCOPED_TRACE(salt);
      auto sig = signRsaPssSha256(key, kMessage, salt);
      ASSERT_TRUE(sig) << sig.error().describe();
      EXPECT_EQ(sig->size(), (pub.bits() + 7) / 8);
      const int used = salt == kPssSaltMax ? max_salt : salt;
      EXPECT_TRUE(verifyRsaPssSha256(pub, kMessage, *sig));
      EXPECT_TRUE(verifyRsaPssSha256WithSalt(pub, kMessage, *sig, used));
      EXPECT_FALSE(verifyRsaPssSha256WithSalt(pub, kMessage, *sig, used == 0 ? 1 : used - 1));
      EXPECT_FALSE(verifyRsaPssSha256(pub, flipped(kMessage, 0), *sig));
      EXPECT_FALSE(verifyRsaPssSha256(pub, kMessage, flipped(*sig, 10)));
    }
    auto too_long = signRsaPssSha256(key, kMessage, max_salt + 1);
    EXPECT_FALSE(too_long);
    EXPECT_FALSE(signRsaPssSha256(key, kMessage, -5));
  }
}

TEST(CryptoSign, RsaPssRefusesSignaturesOfTheWrongLength) {
  const PublicKey pub = publicKey("rsa_2048.pub.pem");
  const Bytes sig = *signRsaPssSha256(privateKey("rsa_2048.key.pem"), kMessage);
  Bytes longer = {0};
  longer.insert(longer.end(), sig.begin(), sig.end());
  EXPECT_FALSE(verifyRsaPssSha256(pub, kMessage, longer));
  EXPECT_FALSE(verifyRsaPssSha256(pub, kMessage, ByteView(sig).first(sig.size() - 1)));
  EXPECT_FALSE(verifyRsaPssSha256(pub, kMessage, Bytes{}));
}

TEST(CryptoSign, Ed25519MatchesRfc8032AndDetectsTampering) {
  // RFC 8032 section 7.1, test 2 (one-byte message 0x72).
  auto key = PrivateKey::fromEd25519Seed(
      fromHexOrDie("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
  ASSERT_TRUE(key);
  const Bytes msg = {0x72};
  auto sig = signEd25519(*key, msg);
  ASSERT_TRUE(sig);
  EXPECT_EQ(toHex(*sig),
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
  const PublicKey pub = key->publicKey();
  EXPECT_TRUE(verifyEd25519(pub, msg, *sig));
  EXPECT_FALSE(verifyEd25519(pub, Bytes{0x73}, *sig));
  EXPECT_FALSE(verifyEd25519(pub, msg, flipped(*sig, 5)));
  EXPECT_FALSE(verifyEd25519(pub, msg, ByteView(*sig).first(63)));
  // The checked-in OpenSSL-made key signs and verifies too.
  const Bytes sig2 = *signEd25519(privateKey("ed25519.key.pem"), kMessage);
  EXPECT_TRUE(verifyEd25519(publicKey("ed25519.pub.pem"), kMessage, sig2));
}

TEST(CryptoSign, WrongKeyTypeNeverVerifiesAndCannotSign) {
  const PublicKey ec = publicKey("ec_p256.pub.pem");
  const PublicKey rsa = publicKey("rsa_2048.pub.pem");
  const PublicKey ed = publicKey("ed25519.pub.pem");
  const Bytes ec_sig = *signEcdsaP256Der(privateKey("ec_p256.key.pem"), kMessage);
  const Bytes rsa_sig = *signRsaPssSha256(privateKey("rsa_2048.key.pem"), kMessage);
  const Bytes ed_sig = *signEd25519(privateKey("ed25519.key.pem"), kMessage);
  EXPECT_FALSE(verifyEcdsaP256Der(rsa, kMessage, ec_sig));
  EXPECT_FALSE(verifyEcdsaP256Der(ed, kMessage, ec_sig));
  EXPECT_FALSE(verifyEcdsaP256Raw(ed, kMessage, ed_sig));
  EXPECT_FALSE(verifyRsaPssSha256(ec, kMessage, rsa_sig));
  EXPECT_FALSE(verifyRsaPssSha256(ed, kMessage, rsa_sig));
  EXPECT_FALSE(verifyEd25519(ec, kMessage, ed_sig));
  EXPECT_FALSE(verifyEd25519(rsa, kMessage, ed_sig));
  auto a = signEcdsaP256Der(privateKey("rsa_2048.key.pem"), kMessage);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().category, ErrorCategory::kUsage);
  EXPECT_FALSE(signRsaPssSha256(privateKey("ed25519.key.pem"), kMessage));
  EXPECT_FALSE(signEd25519(privateKey("ec_p256.key.pem"), kMessage));
}

TEST(CryptoSign, GeneratedKeysSignAndVerify) {
  auto ec = PrivateKey::generate(KeyType::kEcdsaP256);
  ASSERT_TRUE(ec);
  EXPECT_TRUE(verifyEcdsaP256Der(ec->publicKey(), kMessage, *signEcdsaP256Der(*ec, kMessage)));
  auto ed = PrivateKey::generate(KeyType::kEd25519);
  ASSERT_TRUE(ed);
  EXPECT_TRUE(verifyEd25519(ed->publicKey(), kMessage, *signEd25519(*ed, kMessage)));
  EXPECT_TRUE(verifyEcdsaP256Der(ec->publicKey(), Bytes{}, *signEcdsaP256Der(*ec, Bytes{}))) << "empty message";
}

// Keys are shared between threads (TUF verifies in parallel later): one key
// used concurrently gives the same answers (mbedTLS keys serialise internally).
TEST(CryptoSign, OneKeyVerifiesAndSignsFromSeveralThreads) {
  const PrivateKey ec = privateKey("ec_p256.key.pem");
  const PrivateKey rsa = privateKey("rsa_2048.key.pem");
  const Bytes ec_sig = *signEcdsaP256Der(ec, kMessage);
  const Bytes rsa_sig = *signRsaPssSha256(rsa, kMessage);
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        const bool ok = verifyEcdsaP256Der(ec.publicKey(), kMessage, ec_sig) &&
                        verifyRsaPssSha256(rsa.publicKey(), kMessage, rsa_sig) &&
                        !verifyRsaPssSha256(rsa.publicKey(), flipped(kMessage, 1), rsa_sig) &&
                        verifyEcdsaP256Der(ec.publicKey(), kMessage, *signEcdsaP256Der(ec, kMessage));
        if (ok) ++good;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(good.load(), 40);
}

}  // namespace
}  // namespace psirt::crypto
