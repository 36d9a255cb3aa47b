// Every Wycheproof vector for an algorithm we support, run on the backend this
// preset selected. Per file: vectors run == numberOfTests, each with its
// expected answer. Policy for `acceptable` and refused parameters:
// docs/components/crypto.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iterator>
#include <optional>
#include <set>
#include <string>

#include "platform/crypto/crypto.h"
#include "tests/support/json_file.h"
#include "tests/support/test_paths.h"

namespace psirt::crypto {
namespace {

using json::View;
using test::at;
using test::str;

json::Document loadVectors(const std::string& name) {
  return test::loadJson(test::conformanceDir() + "/crypto/wycheproof/testvectors_v1/" + name);
}

// The hex string member `key` as bytes.
Bytes hex(const View& v, std::string_view key) {
  const View s = at(v, key);
  auto r = fromHex(str(s));
  EXPECT_TRUE(r) << s.where() << ": " << s.dump();
  return r ? *r : Bytes{};
}

int number(const View& v, std::string_view key) { return static_cast<int>(test::integer(at(v, key))); }

bool hasFlag(const View& test, const std::string& flag) {
  for (const std::string& f : test::strings(at(test, "flags"))) {
    if (f == flag) return true;
  }
  return false;
}

// Runs `check` on every test of every group and asserts that the number run
// equals the file's numberOfTests.
void runFile(const std::string& name, const std::function<void(const View& group, const View& test)>& check) {
  const json::Document doc = loadVectors(name);
  int run = 0;
  for (const View& group : at(doc.root(), "testGroups").elements()) {
    for (const View& t : at(group, "tests").elements()) {
      SCOPED_TRACE(name + " tcId " + std::to_string(number(t, "tcId")) + ": " + str(at(t, "comment")));
      check(group, t);
      ++run;
    }
  }
  EXPECT_EQ(run, number(doc.root(), "numberOfTests")) << name;
  std::printf("[wycheproof] %s: %d of %d vectors run on %s\n", name.c_str(), run, number(doc.root(), "numberOfTests"),
              backendName().c_str());
}

// Signature files hold only valid/invalid; an `acceptable` vector would be
// refused under our strict policy.
bool expectAccept(const View& t) { return str(at(t, "result")) == "valid"; }

// The group's key from publicKeyDer; publicKeyPem must give the same key.
std::optional<PublicKey> groupKey(const View& group) {
  auto der = PublicKey::fromDer(hex(group, "publicKeyDer"));
  EXPECT_TRUE(der) << (der ? "" : der.error().describe());
  auto pem = PublicKey::fromPem(str(at(group, "publicKeyPem")));
  EXPECT_TRUE(pem) << (pem ? "" : pem.error().describe());
  if (!der || !pem) return std::nullopt;
  EXPECT_EQ(der->spkiDer(), pem->spkiDer());
  return *der;
}

// ECDSA groups also give the point: the SPKI must end with it.
void expectPoint(const PublicKey& key, const View& group) {
  const Bytes point = hex(at(group, "publicKey"), "uncompressed");
  const Bytes spki = key.spkiDer();
  ASSERT_GE(spki.size(), point.size());
  EXPECT_TRUE(std::equal(point.begin(), point.end(), spki.end() - static_cast<std::ptrdiff_t>(point.size())));
}

const char* const kVectorFiles[] = {
    "ecdsa_secp256r1_sha256_test.json",     "ecdsa_secp256r1_sha256_p1363_test.json",
    "ed25519_test.json",                    "rsa_pss_2048_sha256_mgf1_32_test.json",
    "rsa_pss_2048_sha256_mgf1_0_test.json", "rsa_pss_3072_sha256_mgf1_32_test.json",
    "x25519_test.json"};

// A vector file added to shared/conformance must get a test here (or a
// written-down reason to skip it): fail if one is not in the list above.
TEST(Wycheproof, EveryVectorFileInConformanceIsRun) {
  const std::filesystem::path dir = test::conformanceDir() + "/crypto/wycheproof/testvectors_v1";
  std::set<std::string> present;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") present.insert(entry.path().filename().string());
  }
  const std::set<std::string> covered(std::begin(kVectorFiles), std::end(kVectorFiles));
  EXPECT_EQ(present, covered);
}

TEST(Wycheproof, EcdsaP256Sha256DerStrict) {
  runFile("ecdsa_secp256r1_sha256_test.json", [](const View& group, const View& t) {
    const auto key = groupKey(group);
    ASSERT_TRUE(key);
    ASSERT_EQ(key->type(), KeyType::kEcdsaP256);
    ASSERT_EQ(str(at(group, "sha")), "SHA-256");
    expectPoint(*key, group);
    EXPECT_EQ(verifyEcdsaP256Der(*key, hex(t, "msg"), hex(t, "sig")), expectAccept(t));
  });
}

TEST(Wycheproof, EcdsaP256Sha256P1363Raw) {
  runFile("ecdsa_secp256r1_sha256_p1363_test.json", [](const View& group, const View& t) {
    const auto key = groupKey(group);
    ASSERT_TRUE(key);
    ASSERT_EQ(key->type(), KeyType::kEcdsaP256);
    ASSERT_EQ(str(at(group, "sha")), "SHA-256");
    expectPoint(*key, group);
    EXPECT_EQ(verifyEcdsaP256Raw(*key, hex(t, "msg"), hex(t, "sig")), expectAccept(t));
  });
}

TEST(Wycheproof, Ed25519) {
  runFile("ed25519_test.json", [](const View& group, const View& t) {
    const auto key = groupKey(group);
    ASSERT_TRUE(key);
    auto raw = PublicKey::fromEd25519Raw(hex(at(group, "publicKey"), "pk"));
    ASSERT_TRUE(raw);
    EXPECT_EQ(raw->spkiDer(), key->spkiDer());
    EXPECT_EQ(verifyEd25519(*raw, hex(t, "msg"), hex(t, "sig")), expectAccept(t));
  });
}

// RSA-PSS files fix sLen. Two modes: exact salt (the file's expectation) and
// any salt (TUF's mode), where exactly the "s_len changed to N" vectors become
// valid — they are well-formed PSS signatures with another salt length
// (cross-checked with OpenSSL's RSA_PSS_SALTLEN_AUTO via Python cryptography).
void runPssFile(const std::string& name) {
  runFile(name, [](const View& group, const View& t) {
    const bool supported =
        str(at(group, "sha")) == "SHA-256" && str(at(group, "mgf")) == "MGF1" && str(at(group, "mgfSha")) == "SHA-256";
    const int key_bits = number(group, "keySize");
    auto key = PublicKey::fromDer(hex(group, "publicKeyDer"));
    if (!supported || key_bits < 2048 || key_bits > 8192) {
      // Policy refusal: the key is rejected at parse time or the vector cannot verify.
      EXPECT_TRUE(!key || !verifyRsaPssSha256(*key, hex(t, "msg"), hex(t, "sig")));
      return;
    }
    ASSERT_TRUE(key) << key.error().describe();
    ASSERT_EQ(key->type(), KeyType::kRsa);
    ASSERT_EQ(key->bits(), static_cast<std::size_t>(key_bits));
    const Bytes msg = hex(t, "msg");
    const Bytes sig = hex(t, "sig");
    const int slen = number(group, "sLen");
    EXPECT_EQ(verifyRsaPssSha256WithSalt(*key, msg, sig, slen), expectAccept(t)) << "exact-salt mode";
    const bool other_salt = str(at(t, "comment")).rfind("s_len changed to", 0) == 0;
    EXPECT_EQ(verifyRsaPssSha256(*key, msg, sig), expectAccept(t) || other_salt) << "any-salt mode";
  });
}

TEST(Wycheproof, RsaPss2048Sha256Salt32) { runPssFile("rsa_pss_2048_sha256_mgf1_32_test.json"); }
TEST(Wycheproof, RsaPss2048Sha256Salt0) { runPssFile("rsa_pss_2048_sha256_mgf1_0_test.json"); }
TEST(Wycheproof, RsaPss3072Sha256Salt32) { runPssFile("rsa_pss_3072_sha256_mgf1_32_test.json"); }

// X25519 (the key agreement inside sealed boxes). `acceptable` vectors: we
// refuse exactly those whose shared secret is all zero (libsodium's
// crypto_scalarmult check); any other result must equal `shared`.
TEST(Wycheproof, X25519) {
  runFile("x25519_test.json", [](const View& group, const View& t) {
    ASSERT_EQ(str(at(group, "curve")), "curve25519");
    const Bytes expected = hex(t, "shared");
    const bool zero = expected == Bytes(32, 0);
    auto shared = x25519SharedSecret(hex(t, "private"), hex(t, "public"));
    const std::string result = str(at(t, "result"));
    if (result == "invalid" || (result == "acceptable" && zero)) {
      EXPECT_FALSE(shared);
      if (result == "acceptable") {
        EXPECT_TRUE(hasFlag(t, "ZeroSharedSecret") || hasFlag(t, "LowOrderPublic"));
      }
    } else {
      ASSERT_TRUE(shared) << shared.error().describe();
      EXPECT_EQ(*shared, expected);
    }
  });
}

}  // namespace
}  // namespace psirt::crypto
