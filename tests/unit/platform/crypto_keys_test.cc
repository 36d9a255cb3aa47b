// Key parsing and encoding: supported keys round-trip, refused keys and
// hostile bytes give a clear error (never a crash), on the preset's backend.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include "platform/crypto/crypto.h"
#include "tests/support/json_file.h"
#include "tests/support/test_paths.h"
#include "tests/unit/platform/crypto_test_keys.h"

namespace psirt::crypto {
namespace {

using testing::keyText;
using testing::privateKey;
using testing::publicKey;

struct KeyCase {
  const char* name;
  KeyType type;
  std::size_t bits;
};
constexpr KeyCase kKeys[] = {{"ec_p256", KeyType::kEcdsaP256, 256},
                             {"rsa_2048", KeyType::kRsa, 2048},
                             {"rsa_2049", KeyType::kRsa, 2049},
                             {"rsa_3072", KeyType::kRsa, 3072},
                             {"ed25519", KeyType::kEd25519, 256}};

TEST(CryptoKeys, BackendNameNamesBackendAndSodium) {
  const std::string name = backendName();
  EXPECT_TRUE(name.rfind("openssl 3.", 0) == 0 || name.rfind("mbedtls 2.28", 0) == 0) << name;
  EXPECT_NE(name.find("libsodium 1.0."), std::string::npos) << name;
}

TEST(CryptoKeys, PublicKeysParseWithTypeAndSizeAndPemRoundTripsByteExact) {
  for (const auto& c : kKeys) {
    SCOPED_TRACE(c.name);
    const std::string pem = keyText(std::string(c.name) + ".pub.pem");
    const PublicKey key = publicKey(std::string(c.name) + ".pub.pem");
    EXPECT_EQ(key.type(), c.type);
    EXPECT_EQ(key.bits(), c.bits);
    EXPECT_EQ(key.spkiPem(), pem);  // OpenSSL's PEM is canonical: 64-column base64
    auto again = PublicKey::fromDer(key.spkiDer());
    ASSERT_TRUE(again) << again.error().describe();
    EXPECT_EQ(again->spkiDer(), key.spkiDer());
    EXPECT_EQ(key.ed25519Raw().size(), c.type == KeyType::kEd25519 ? 32u : 0u);
  }
}

TEST(CryptoKeys, PrivateKeysParseAndMatchTheirPublicKeys) {
  for (const auto& c : kKeys) {
    SCOPED_TRACE(c.name);
    const PrivateKey key = privateKey(std::string(c.name) + ".key.pem");
    EXPECT_EQ(key.type(), c.type);
    EXPECT_EQ(key.publicKey().spkiDer(), publicKey(std::string(c.name) + ".pub.pem").spkiDer());
    // PKCS#8 out and back in gives the same key.
    auto again = PrivateKey::fromPkcs8Pem(key.pkcs8Pem());
    ASSERT_TRUE(again) << again.error().describe();
    EXPECT_EQ(again->publicKey().spkiDer(), key.publicKey().spkiDer());
    auto from_der = PrivateKey::fromPkcs8Der(key.pkcs8Der());
    ASSERT_TRUE(from_der) << from_der.error().describe();
    EXPECT_EQ(from_der->type(), c.type);
  }
  // Ed25519 PKCS#8 is a fixed layout: our encoding equals OpenSSL's file.
  EXPECT_EQ(privateKey("ed25519.key.pem").pkcs8Pem(), keyText("ed25519.key.pem"));
}

TEST(CryptoKeys, Ed25519RawAndSpkiAgreeAndSeedGivesRfc8032Key) {
  // RFC 8032 section 7.1, test 1.
  auto key = PrivateKey::fromEd25519Seed(
      testing::fromHexOrDie("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  ASSERT_TRUE(key);
  EXPECT_EQ(toHex(key->publicKey().ed25519Raw()), "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  EXPECT_EQ(toHex(key->publicKey().spkiDer()),
            "302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  auto raw = PublicKey::fromEd25519Raw(key->publicKey().ed25519Raw());
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->spkiDer(), key->publicKey().spkiDer());
}

TEST(CryptoKeys, P256UncompressedPointMatchesSpkiAndOffCurvePointsAreRefused) {
  const PublicKey pem = publicKey("ec_p256.pub.pem");
  const Bytes spki = pem.spkiDer();
  const Bytes point(spki.end() - 65, spki.end());
  auto key = PublicKey::fromP256Uncompressed(point);
  ASSERT_TRUE(key) << key.error().describe();
  EXPECT_EQ(key->spkiDer(), spki);
  Bytes off_curve = point;
  off_curve[64] ^= 0x01;
  EXPECT_FALSE(PublicKey::fromP256Uncompressed(off_curve));
  EXPECT_FALSE(PublicKey::fromP256Uncompressed(ByteView(point).first(33)));
  Bytes compressed(point.begin(), point.begin() + 33);
  compressed[0] = 0x02;
  EXPECT_FALSE(PublicKey::fromP256Uncompressed(compressed));
}

// Every key (root and delegations) in the real TUF metadata under
// shared/conformance/tuf parses with
// the type its keytype names (PEM, hex Ed25519, hex P-256 point).
TEST(CryptoKeys, EveryKeyInConformanceTufMetadataParses) {
  int parsed = 0;
  const std::string root = test::conformanceDir() + "/tuf";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    // Files that are not metadata (or not JSON) hold no keys.
    const auto doc = json::Document::parse(test::readTextFile(entry.path().string()), test::vectorFileOptions());
    if (!doc) continue;
    const auto signed_part = doc->root().find("signed");
    if (!signed_part || !signed_part->isObject()) continue;
    std::map<std::string, json::View> keys;  // root keys, then delegation keys (same id: the delegation's)
    if (auto k = signed_part->find("keys")) {
      for (const auto& [id, key] : k->members()) keys.insert_or_assign(std::string(id), key);
    }
    if (auto d = signed_part->find("delegations"); d && d->has("keys")) {
      for (const auto& [id, key] : test::at(*d, "keys").members()) keys.insert_or_assign(std::string(id), key);
    }
    for (const auto& [id, k] : keys) {
      SCOPED_TRACE(entry.path().string() + " key " + id);
      const std::string type = test::str(test::at(k, "keytype"));
      const std::string pub = test::str(test::at(test::at(k, "keyval"), "public"));
      Result<PublicKey> key = makeError(ErrorCategory::kParse, "unparsed");
      if (pub.rfind("-----BEGIN", 0) == 0) {
        key = PublicKey::fromPem(pub);
      } else if (type == "ed25519") {
        key = PublicKey::fromEd25519Raw(testing::fromHexOrDie(pub));
      } else {
        key = PublicKey::fromP256Uncompressed(testing::fromHexOrDie(pub));
      }
      ASSERT_TRUE(key) << key.error().describe();
      const KeyType want = type == "rsa" ? KeyType::kRsa : type == "ed25519" ? KeyType::kEd25519 : KeyType::kEcdsaP256;
      EXPECT_EQ(key->type(), want);
      ++parsed;
    }
  }
  EXPECT_GE(parsed, 100);
  std::printf("[tuf keys] %d keys parsed on %s\n", parsed, backendName().c_str());
}

struct Refusal {
  const char* file;
  const char* reason;  // substring of the error message
};

TEST(CryptoKeys, PolicyRefusedPublicKeysNameTheReason) {
  const Refusal refusals[] = {
      {"refused_rsa_1024.pub.pem", "RSA key of 1024 bits"},
      {"refused_ec_p384.pub.pem", "not on named curve P-256"},
      {"refused_ed448.pub.pem", "upported"},  // wording is the backend's
      {"refused_rsa_pss_oid.pub.pem", "id-RSASSA-PSS"},
      {"refused_ec_p256_compressed.pub.pem", "uncompressed point"},
      {"refused_ec_p256_explicit.pub.pem", "explicit parameters"},
  };
  for (const auto& r : refusals) {
    SCOPED_TRACE(r.file);
    auto key = PublicKey::fromPem(keyText(r.file));
    ASSERT_FALSE(key);
    EXPECT_NE(key.error().describe().find(r.reason), std::string::npos) << key.error().describe();
    EXPECT_FALSE(key.error().message.empty());
  }
}

TEST(CryptoKeys, PrivateKeysOtherThanUnencryptedPkcs8AreRefused) {
  auto pkcs1 = PrivateKey::fromPkcs8Pem(keyText("refused_rsa_2048_pkcs1.key.pem"));
  ASSERT_FALSE(pkcs1);
  EXPECT_NE(pkcs1.error().describe().find("\"RSA PRIVATE KEY\""), std::string::npos) << pkcs1.error().describe();
  auto sec1 = PrivateKey::fromPkcs8Pem(keyText("refused_ec_p256_sec1.key.pem"));
  ASSERT_FALSE(sec1);
  EXPECT_NE(sec1.error().describe().find("\"EC PRIVATE KEY\""), std::string::npos);
  auto enc = PrivateKey::fromPkcs8Pem(keyText("refused_ec_p256_encrypted.key.pem"));
  ASSERT_FALSE(enc);
  EXPECT_NE(enc.error().describe().find("\"ENCRYPTED PRIVATE KEY\""), std::string::npos);
  EXPECT_EQ(enc.error().category, ErrorCategory::kParse);
  // The same bodies under a PRIVATE KEY label: the DER shape is checked too.
  for (const char* f : {"refused_rsa_2048_pkcs1.key.pem", "refused_ec_p256_sec1.key.pem", "refused_ec_p256_encrypted.key.pem"}) {
    SCOPED_TRACE(f);
    std::string text = keyText(f);
    const auto body_start = text.find('\n') + 1;
    const auto body_end = text.find("-----END");
    const std::string relabelled = "-----BEGIN PRIVATE KEY-----\n" + text.substr(body_start, body_end - body_start) +
                                   "-----END PRIVATE KEY-----\n";
    auto key = PrivateKey::fromPkcs8Pem(relabelled);
    ASSERT_FALSE(key);
    EXPECT_NE(key.error().describe().find("PKCS#8"), std::string::npos) << key.error().describe();
  }
}

TEST(CryptoKeys, MalformedPemGivesOneClearError) {
  const std::string good = keyText("ec_p256.pub.pem");
  const struct {
    std::string text;
    const char* reason;
  } cases[] = {
      {"", "not PEM"},
      {"hello", "not PEM"},
      {"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "\"CERTIFICATE\""},
      {good.substr(0, good.size() - 10), "END PUBLIC KEY"},
      {good + "trailing", "data after"},
      {"-----BEGIN PUBLIC KEY-----\nAA*A\n-----END PUBLIC KEY-----\n", "base64"},
      {"-----BEGIN PUBLIC KEY-----\n\n-----END PUBLIC KEY-----\n", "empty"},
      {"-----BEGIN PUBLIC KEY-----\nProc-Type: 4,ENCRYPTED\nAAAA\n-----END PUBLIC KEY-----\n", "headers"},
      {"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "SubjectPublicKeyInfo"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto key = PublicKey::fromPem(c.text);
    ASSERT_FALSE(key);
    EXPECT_NE(key.error().describe().find(c.reason), std::string::npos) << key.error().describe();
    EXPECT_EQ(key.error().describe().find('\n'), std::string::npos) << "one line";
  }
  auto huge = PublicKey::fromPem(std::string(1 << 20, 'A'));
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().category, ErrorCategory::kLimit);
}

TEST(CryptoKeys, Ed25519EncodingsOfWrongSizeAreRefused) {
  EXPECT_FALSE(PublicKey::fromEd25519Raw(Bytes(31, 1)));
  EXPECT_FALSE(PublicKey::fromEd25519Raw(Bytes(33, 1)));
  Bytes spki = publicKey("ed25519.pub.pem").spkiDer();
  spki.push_back(0);
  auto longer = PublicKey::fromDer(spki);
  ASSERT_FALSE(longer);
  EXPECT_NE(longer.error().message.find("Ed25519"), std::string::npos);
  EXPECT_FALSE(PrivateKey::fromEd25519Seed(Bytes(16, 1)));
  Bytes p8 = privateKey("ed25519.key.pem").pkcs8Der();
  p8.pop_back();
  EXPECT_FALSE(PrivateKey::fromPkcs8Der(p8));
}

// Every truncation of a real key is refused, and flipping any single byte
// either is refused or yields a key that re-encodes to exactly those bytes
// (never a crash, never a silently different key).
TEST(CryptoKeys, TruncatedAndBitFlippedDerNeverCrashesAndNeverMisparses) {
  for (const char* name : {"ec_p256.pub.pem", "rsa_2048.pub.pem", "ed25519.pub.pem"}) {
    SCOPED_TRACE(name);
    const Bytes der = publicKey(name).spkiDer();
    for (std::size_t n = 0; n < der.size(); ++n) {
      EXPECT_FALSE(PublicKey::fromDer(ByteView(der).first(n))) << "prefix " << n;
    }
    for (std::size_t i = 0; i < der.size(); ++i) {
      Bytes bad = der;
      bad[i] ^= 0x41;
      auto key = PublicKey::fromDer(bad);
      if (key) {
        EXPECT_EQ(key->spkiDer(), bad) << "byte " << i;
      }
    }
  }
  for (const char* name : {"ec_p256.key.pem", "rsa_2048.key.pem"}) {
    SCOPED_TRACE(name);
    const Bytes der = privateKey(name).pkcs8Der();
    for (std::size_t n = 0; n < der.size(); n += 7) {
      EXPECT_FALSE(PrivateKey::fromPkcs8Der(ByteView(der).first(n))) << "prefix " << n;
    }
  }
  EXPECT_FALSE(PublicKey::fromDer(Bytes{}));
  EXPECT_FALSE(PrivateKey::fromPkcs8Der(Bytes{}));
  auto big = PublicKey::fromDer(Bytes(100000, 0x30));
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().category, ErrorCategory::kLimit);
}

TEST(CryptoKeys, GeneratedKeysHaveTheRequestedTypeAndRoundTrip) {
  for (KeyType t : {KeyType::kEd25519, KeyType::kEcdsaP256, KeyType::kRsa}) {
    SCOPED_TRACE(std::string(toString(t)));
    auto key = PrivateKey::generate(t, 2048);
    ASSERT_TRUE(key) << key.error().describe();
    EXPECT_EQ(key->type(), t);
    auto again = PrivateKey::fromPkcs8Der(key->pkcs8Der());
    ASSERT_TRUE(again) << again.error().describe();
    EXPECT_EQ(again->publicKey().spkiDer(), key->publicKey().spkiDer());
  }
  EXPECT_NE(PrivateKey::generate(KeyType::kEcdsaP256)->publicKey().spkiDer(),
            PrivateKey::generate(KeyType::kEcdsaP256)->publicKey().spkiDer());
  auto small = PrivateKey::generate(KeyType::kRsa, 1024);
  ASSERT_FALSE(small);
  EXPECT_NE(small.error().message.find("2048..8192"), std::string::npos);
}

}  // namespace
}  // namespace psirt::crypto
