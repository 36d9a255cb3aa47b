// libsodium services (same in both builds): sealed boxes, argon2id, X25519,
// randomness, hex and constant-time comparison.
#include <gtest/gtest.h>

#include <string>

#include "platform/crypto/crypto.h"
#include "tests/unit/platform/crypto_test_keys.h"

namespace psirt::crypto {
namespace {

using testing::fromHexOrDie;

TEST(CryptoSodium, SealedBoxOpensOnlyForTheRecipientAndDetectsTampering) {
  const X25519KeyPair bob = generateX25519();
  const X25519KeyPair eve = generateX25519();
  ASSERT_EQ(bob.public_key.size(), 32u);
  ASSERT_EQ(bob.secret_key.size(), 32u);
  const Bytes msg = {'r', 'e', 'p', 'o', 'r', 't'};
  auto sealed = sealTo(bob.public_key, msg);
  ASSERT_TRUE(sealed) << sealed.error().describe();
  EXPECT_EQ(sealed->size(), msg.size() + 48);
  auto opened = openSealed(bob, *sealed);
  ASSERT_TRUE(opened) << opened.error().describe();
  EXPECT_EQ(*opened, msg);
  EXPECT_FALSE(openSealed(eve, *sealed));
  for (std::size_t i = 0; i < sealed->size(); ++i) {
    Bytes bad = *sealed;
    bad[i] ^= 0x80;
    EXPECT_FALSE(openSealed(bob, bad)) << "byte " << i;
  }
  auto short_box = openSealed(bob, ByteView(*sealed).first(47));
  ASSERT_FALSE(short_box);
  EXPECT_EQ(short_box.error().category, ErrorCategory::kParse);
  EXPECT_FALSE(sealTo(Bytes(31, 1), msg));
  auto empty = sealTo(bob.public_key, Bytes{});
  ASSERT_TRUE(empty);
  EXPECT_TRUE(openSealed(bob, *empty)->empty());
  EXPECT_NE(*sealTo(bob.public_key, msg), *sealed) << "ephemeral key each time";
}

// Known answer from libsodium's own test suite (test/default/pwhash_argon2id.c
// vector 5 and pwhash_argon2id.exp): 82-byte password, ops 3, mem 1432947.
TEST(CryptoSodium, Argon2idMatchesLibsodiumKnownAnswer) {
  const Bytes pw = fromHexOrDie(
      "4a857e2ee8aa9b6056f2424e84d24a72473378906ee04a46cb05311502d5250b82ad86b83c8f20a23dbb74f6da60b0b6ecffd67134"
      "d45946ac8ebfb3064294bc097d43ced68642bfb8bbbdd0f50b30118f5e");
  const Bytes salt = fromHexOrDie("39d82eef32010b8b79cc5ba88ed539fb");
  auto out = argon2id(std::string_view(reinterpret_cast<const char*>(pw.data()), pw.size()), salt, 190,
                      Argon2Params{3, 1432947});
  ASSERT_TRUE(out) << out.error().describe();
  EXPECT_EQ(toHex(*out),
            "08d8cd330c57e1b4643241d05bb468ba4ee4e932cd0858816be9ef15360b27bbd06a87130ee92222be267a29b81f5ae8fe8613324cfc"
            "4832dc49387fd0602f1c57b4d0f3855db94fb7e12eb05f9a484aed4a4307abf586cd3d55c809bc081541e00b682772fb2066504ff935"
            "b8ebc551a2083882f874bc0fae68e56848ae34c91097c3bf0cca8e75c0797eef3efde3f75e005815018db3cf7c109a812264c4de69dc"
            "b22322dbbcfa447f5b00ecd1b04a7be1569c8e556adb7bba48adf81d");
}

TEST(CryptoSodium, Argon2idRefusesBadSaltOutputAndLimits) {
  const Bytes salt(16, 7);
  auto a = argon2id("pw", Bytes(15, 7), 32);
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().message.find("16 bytes"), std::string::npos);
  EXPECT_FALSE(argon2id("pw", salt, 8));
  EXPECT_FALSE(argon2id("pw", salt, 32, Argon2Params{0, 1u << 20}));
  EXPECT_FALSE(argon2id("pw", salt, 32, Argon2Params{1, 100}));
  auto fast = argon2id("pw", salt, 32, Argon2Params{1, 1u << 16});
  ASSERT_TRUE(fast);
  EXPECT_NE(*fast, *argon2id("pw2", salt, 32, Argon2Params{1, 1u << 16}));
}

TEST(CryptoSodium, X25519AgreesBothWaysAndRefusesBadSizes) {
  const X25519KeyPair a = generateX25519();
  const X25519KeyPair b = generateX25519();
  auto ab = x25519SharedSecret(a.secret_key, b.public_key);
  auto ba = x25519SharedSecret(b.secret_key, a.public_key);
  ASSERT_TRUE(ab && ba);
  EXPECT_EQ(*ab, *ba);
  EXPECT_FALSE(x25519SharedSecret(a.secret_key, Bytes(31, 9)));
  EXPECT_FALSE(x25519SharedSecret(a.secret_key, Bytes(32, 0))) << "low-order point gives zero";
}

TEST(CryptoSodium, RandomBytesHaveTheRequestedSizeAndDiffer) {
  EXPECT_TRUE(randomBytes(0).empty());
  const Bytes a = randomBytes(32);
  const Bytes b = randomBytes(32);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

TEST(CryptoSodium, HexAndConstantTimeCompare) {
  EXPECT_EQ(toHex(Bytes{0x00, 0xab, 0xff}), "00abff");
  EXPECT_EQ(*fromHex("00ABff"), (Bytes{0x00, 0xab, 0xff}));
  EXPECT_FALSE(fromHex("abc"));
  EXPECT_FALSE(fromHex("zz"));
  EXPECT_TRUE(equalConstantTime(Bytes{1, 2}, Bytes{1, 2}));
  EXPECT_FALSE(equalConstantTime(Bytes{1, 2}, Bytes{1, 3}));
  EXPECT_FALSE(equalConstantTime(Bytes{1, 2}, Bytes{1}));
}


// Known answer: draft-irtf-cfrg-xchacha-03 appendix A.3.1 (AEAD_XChaCha20_Poly1305).
TEST(CryptoSodium, AeadXChaChaKnownAnswerAndTamper) {
  Bytes key(32), nonce(24);
  for (std::size_t i = 0; i < 32; ++i) key[i] = static_cast<std::uint8_t>(0x80 + i);
  for (std::size_t i = 0; i < 24; ++i) nonce[i] = static_cast<std::uint8_t>(0x40 + i);
  const Bytes aad = *fromHex("50515253c0c1c2c3c4c5c6c7");
  const std::string plain =
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be "
      "it.";
  auto sealed = aeadSeal(key, nonce, asBytes(plain), aad);
  ASSERT_TRUE(sealed);
  EXPECT_EQ(toHex(*sealed),
            "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c"
            "54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812"
            "f615c68b13b52ec0875924c1c7987947deafd8780acf49");
  auto opened = aeadOpen(key, nonce, *sealed, aad);
  ASSERT_TRUE(opened);
  EXPECT_EQ(std::string(opened->begin(), opened->end()), plain);

  Bytes bad = *sealed;
  bad[3] ^= 1;
  EXPECT_FALSE(aeadOpen(key, nonce, bad, aad));
  EXPECT_FALSE(aeadOpen(key, nonce, *sealed, asBytes("other")));
  Bytes other_key = key;
  other_key[0] ^= 1;
  auto wrong = aeadOpen(other_key, nonce, *sealed, aad);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().category, ErrorCategory::kSecurity);
  EXPECT_FALSE(aeadOpen(key, nonce, Bytes(15, 0), aad));
  EXPECT_FALSE(aeadSeal(Bytes(31, 0), nonce, asBytes(plain), aad));
  EXPECT_FALSE(aeadSeal(key, Bytes(12, 0), asBytes(plain), aad));
}

}  // namespace
}  // namespace psirt::crypto
