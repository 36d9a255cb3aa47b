// Cross-check between backends (dev preset only): what the OpenSSL backend
// signs, the mbedTLS backend (crypto_xcheck tool) verifies, and vice versa.
// RSA-PSS with salt lengths 32 and maximum, ECDSA P-256; tampered inputs fail
// on the other side too.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>

#include "platform/crypto/crypto.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/platform/crypto_test_keys.h"

namespace psirt::crypto {
namespace {

using testing::keyPath;
using testing::privateKey;
using testing::publicKey;

// Runs the tool with arguments (paths from TempDir and the source tree: no
// spaces or shell metacharacters) and returns its exit status.
int tool(const std::string& args) {
  const std::string cmd = std::string(PSIRT_XCHECK_TOOL) + " " + args + " 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void writeBytes(const std::string& path, ByteView data) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

Bytes readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class CryptoXcheck : public ::testing::Test {
 protected:
  void SetUp() override {
    msg_ = dir_.file("msg");
    writeBytes(msg_, asBytes("{\"signed\":{\"_type\":\"targets\",\"version\":3}}"));
    writeBytes(dir_.file("msg.tampered"), asBytes("{\"signed\":{\"_type\":\"targets\",\"version\":4}}"));
  }
  test::TempDir dir_;
  std::string msg_;
};

TEST_F(CryptoXcheck, ToolRunsTheOtherBackend) {
  FILE* p = ::popen(PSIRT_XCHECK_TOOL " backend", "r");
  ASSERT_NE(p, nullptr);
  char buf[128] = {};
  ASSERT_NE(std::fgets(buf, sizeof buf, p), nullptr);
  ::pclose(p);
  EXPECT_EQ(std::string(buf).rfind("mbedtls 2.28", 0), 0u) << buf;
  EXPECT_EQ(backendName().rfind("openssl 3", 0), 0u) << backendName();
}

TEST_F(CryptoXcheck, RsaPssSignedByOpensslVerifiesOnMbedtls) {
  for (const char* name : {"rsa_2048", "rsa_2049", "rsa_3072"}) {
    SCOPED_TRACE(name);
    const std::string pub = keyPath(std::string(name) + ".pub.pem");
    const int max_salt = static_cast<int>((publicKey(std::string(name) + ".pub.pem").bits() - 1 + 7) / 8) - 34;
    for (int salt : {32, kPssSaltMax}) {
      SCOPED_TRACE(salt);
      auto sig = signRsaPssSha256(privateKey(std::string(name) + ".key.pem"), asBytes("{\"signed\":{\"_type\":\"targets\",\"version\":3}}"), salt);
      ASSERT_TRUE(sig);
      writeBytes(dir_.file("sig"), *sig);
      const std::string exact = std::to_string(salt == kPssSaltMax ? max_salt : salt);
      EXPECT_EQ(tool("verify pss " + pub + " " + msg_ + " " + dir_.file("sig")), 0) << "any salt";
      EXPECT_EQ(tool("verify pss " + pub + " " + msg_ + " " + dir_.file("sig") + " " + exact), 0) << "exact salt";
      EXPECT_EQ(tool("verify pss " + pub + " " + msg_ + " " + dir_.file("sig") + " 20"), 1) << "other salt";
      EXPECT_EQ(tool("verify pss " + pub + " " + dir_.file("msg.tampered") + " " + dir_.file("sig")), 1);
    }
  }
}

TEST_F(CryptoXcheck, RsaPssSignedByMbedtlsVerifiesOnOpenssl) {
  for (const char* name : {"rsa_2048", "rsa_2049", "rsa_3072"}) {
    SCOPED_TRACE(name);
    const PublicKey pub = publicKey(std::string(name) + ".pub.pem");
    const int max_salt = static_cast<int>((pub.bits() - 1 + 7) / 8) - 34;
    for (const std::string salt : {"32", "max"}) {
      SCOPED_TRACE(salt);
      ASSERT_EQ(tool("sign pss " + keyPath(std::string(name) + ".key.pem") + " " + msg_ + " " + dir_.file("sig") + " " + salt), 0);
      const Bytes sig = readBytes(dir_.file("sig"));
      const Bytes msg = readBytes(msg_);
      EXPECT_TRUE(verifyRsaPssSha256(pub, msg, sig));
      EXPECT_TRUE(verifyRsaPssSha256WithSalt(pub, msg, sig, salt == "max" ? max_salt : 32));
      EXPECT_FALSE(verifyRsaPssSha256WithSalt(pub, msg, sig, 20));
      EXPECT_FALSE(verifyRsaPssSha256(pub, readBytes(dir_.file("msg.tampered")), sig));
    }
  }
}

TEST_F(CryptoXcheck, EcdsaCrossesBothWays) {
  const std::string pub = keyPath("ec_p256.pub.pem");
  const Bytes msg = readBytes(msg_);
  // OpenSSL signs, mbedTLS verifies.
  for (int i = 0; i < 5; ++i) {
    writeBytes(dir_.file("sig"), *signEcdsaP256Der(privateKey("ec_p256.key.pem"), msg));
    EXPECT_EQ(tool("verify ecdsa " + pub + " " + msg_ + " " + dir_.file("sig")), 0);
    EXPECT_EQ(tool("verify ecdsa " + pub + " " + dir_.file("msg.tampered") + " " + dir_.file("sig")), 1);
  }
  // mbedTLS signs, OpenSSL verifies.
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(tool("sign ecdsa " + keyPath("ec_p256.key.pem") + " " + msg_ + " " + dir_.file("sig")), 0);
    const Bytes sig = readBytes(dir_.file("sig"));
    EXPECT_TRUE(verifyEcdsaP256Der(publicKey("ec_p256.pub.pem"), msg, sig));
    EXPECT_FALSE(verifyEcdsaP256Der(publicKey("ec_p256.pub.pem"), readBytes(dir_.file("msg.tampered")), sig));
  }
}

// Keys written by one backend are read by the other.
TEST_F(CryptoXcheck, Pkcs8WrittenByOpensslSignsOnMbedtls) {
  auto ec = PrivateKey::generate(KeyType::kEcdsaP256);
  ASSERT_TRUE(ec);
  std::ofstream(dir_.file("k.pem")) << ec->pkcs8Pem();
  std::ofstream(dir_.file("k.pub.pem")) << ec->publicKey().spkiPem();
  ASSERT_EQ(tool("sign ecdsa " + dir_.file("k.pem") + " " + msg_ + " " + dir_.file("sig")), 0);
  EXPECT_TRUE(verifyEcdsaP256Der(ec->publicKey(), readBytes(msg_), readBytes(dir_.file("sig"))));
  EXPECT_EQ(tool("verify ecdsa " + dir_.file("k.pub.pem") + " " + msg_ + " " + dir_.file("sig")), 0);
}

TEST_F(CryptoXcheck, Pkcs8WrittenByMbedtlsSignsOnOpenssl) {
  for (const char* alg : {"ecdsa", "rsa", "ed25519"}) {
    SCOPED_TRACE(alg);
    ASSERT_EQ(tool(std::string("genkey ") + alg + " " + dir_.file("k.pem")), 0);
    auto key = PrivateKey::fromPkcs8Pem(test::readTextFile(dir_.file("k.pem")));
    ASSERT_TRUE(key) << key.error().describe();
    std::ofstream(dir_.file("k.pub.pem")) << key->publicKey().spkiPem();
    const Bytes msg = readBytes(msg_);
    if (key->type() == KeyType::kEcdsaP256) {
      writeBytes(dir_.file("sig"), *signEcdsaP256Der(*key, msg));
      EXPECT_EQ(tool("verify ecdsa " + dir_.file("k.pub.pem") + " " + msg_ + " " + dir_.file("sig")), 0);
    } else if (key->type() == KeyType::kRsa) {
      EXPECT_EQ(key->publicKey().bits(), 2048u);
      writeBytes(dir_.file("sig"), *signRsaPssSha256(*key, msg, kPssSaltMax));
      EXPECT_EQ(tool("verify pss " + dir_.file("k.pub.pem") + " " + msg_ + " " + dir_.file("sig")), 0);
    } else {
      EXPECT_TRUE(verifyEd25519(key->publicKey(), msg, *signEd25519(*key, msg)));
    }
  }
}

}  // namespace
}  // namespace psirt::crypto
