// The encrypted key store: round trip, wrong passphrase, every field bound to
// the ciphertext, public parts that do not match, passphrase from a pipe.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/json/value.h"
#include "host/publisher/keystore/key_store.h"
#include "platform/fs/fs.h"
#include "tests/support/temp_dir.h"

namespace psirt::publish {
namespace {

const crypto::Argon2Params kFast{1, 1u << 20};

std::string readAll(const std::string& path) { return *fs::readFile(path, 1 << 20); }

// A key file as an editable tree (to alter one field).
json::Value parse(const std::string& text) {
  auto v = json::Value::parse(text);
  EXPECT_TRUE(v) << v.error().describe();
  return v ? *v : json::Value();
}

TEST(KeyStore, GeneratesEncryptedKeysThatUnlockAndSign) {
  test::TempDir dir;
  KeyStore store(dir.file("keys"));
  for (auto type : {crypto::KeyType::kEd25519, crypto::KeyType::kEcdsaP256}) {
    const std::string name = type == crypto::KeyType::kEd25519 ? "ed" : "ec";
    auto k = store.generate(name, type, "pass phrase", kFast);
    ASSERT_TRUE(k) << k.error().describe();
    struct stat st{};
    ASSERT_EQ(::stat(dir.file("keys/" + name + ".key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(readAll(dir.file("keys/" + name + ".key")).find("pass phrase"), std::string::npos);
    auto unlocked = store.unlock(name, "pass phrase");
    ASSERT_TRUE(unlocked) << unlocked.error().describe();
    EXPECT_EQ(unlocked->keyid(), k->key.keyid);
    EXPECT_TRUE(unlocked->signHex("message"));
  }
  auto list = store.list();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "ec");
  EXPECT_FALSE(store.generate("ed", crypto::KeyType::kEd25519, "x", kFast)) << "existing name";
  EXPECT_FALSE(store.generate("../evil", crypto::KeyType::kEd25519, "x", kFast));
}

TEST(KeyStore, WrongPassphraseAndAlteredFieldsAreRefused) {
  test::TempDir dir;
  KeyStore store(dir.path());
  ASSERT_TRUE(store.generate("k", crypto::KeyType::kEd25519, "right", kFast));
  auto wrong = store.unlock("k", "wrong");
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().describe().find("wrong passphrase"), std::string::npos);
  EXPECT_NE(wrong.error().describe().find("k.key"), std::string::npos);

  const std::string original = readAll(dir.file("k.key"));
  KeyStore other_store(dir.file("other"));
  ASSERT_TRUE(other_store.generate("o", crypto::KeyType::kEd25519, "right", kFast));
  const json::Value other = parse(readAll(dir.file("other/o.key")));
  // Swapping in another key's public part (keyid consistent with it) must
  // not pass: the public fields are associated data of the ciphertext.
  json::Value swapped = parse(original);
  for (const char* f : {"public", "keyid"}) swapped.set(f, std::string(other.view().getString(f).value_or({})));
  ASSERT_TRUE(fs::writeFileAtomic(dir.file("k.key"), swapped.dump()));
  EXPECT_FALSE(store.unlock("k", "right"));
  // A KDF parameter changed.
  json::Value kdf = parse(original);
  kdf.member("kdf").set("ops_limit", 2);
  ASSERT_TRUE(fs::writeFileAtomic(dir.file("k.key"), kdf.dump()));
  EXPECT_FALSE(store.unlock("k", "right"));
  // Absurd KDF limits are refused before any work.
  kdf.member("kdf").set("mem_limit", std::uint64_t{1} << 40);
  ASSERT_TRUE(fs::writeFileAtomic(dir.file("k.key"), kdf.dump()));
  auto huge = store.unlock("k", "right");
  ASSERT_FALSE(huge);
  EXPECT_NE(huge.error().describe().find("kdf limits"), std::string::npos);
  // Garbage and a mismatched keyid: "corrupt key file" naming the file.
  ASSERT_TRUE(fs::writeFileAtomic(dir.file("k.key"), "{"));
  auto bad = store.unlock("k", "right");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().describe().find("corrupt key file"), std::string::npos);
  json::Value badid = parse(original);
  badid.set("keyid", std::string(64, '0'));
  ASSERT_TRUE(fs::writeFileAtomic(dir.file("k.key"), badid.dump()));
  EXPECT_FALSE(store.find("k"));
  ASSERT_TRUE(fs::writeFileAtomic(dir.file("k.key"), original));
  EXPECT_TRUE(store.unlock("k", "right"));
  auto missing = store.find("nobody");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().describe().find("no key named 'nobody'"), std::string::npos);
}

// The KDF cost a file may ask for is what `key generate` writes at most
// (kMaxKdfOps, kMaxKdfMemBytes): one above either cap is refused as a
// corrupt file naming it, before the KDF runs. Were the KDF run, the answer
// would be "wrong passphrase" (the parameters are associated data and
// changing them breaks decryption), so the message proves the order.
TEST(KeyStore, KdfLimitsAboveWhatThePublisherWritesAreRefusedBeforeTheKdf) {
  test::TempDir dir;
  KeyStore store(dir.file("keys"));
  ASSERT_TRUE(store.generate("k", crypto::KeyType::kEd25519, "right", kFast));
  const std::string original = readAll(dir.file("keys/k.key"));
  struct Case {
    std::uint64_t ops, mem;
  };
  for (const Case c :
       {Case{kMaxKdfOps + 1, 1u << 20}, Case{1, kMaxKdfMemBytes + 1}, Case{64, std::uint64_t{1} << 30},
        Case{std::uint64_t{1} << 40, std::uint64_t{1} << 40}}) {
    json::Value file = parse(original);
    file.member("kdf").set("ops_limit", c.ops);
    file.member("kdf").set("mem_limit", c.mem);
    ASSERT_TRUE(fs::writeFileAtomic(dir.file("keys/k.key"), file.dump()));
    auto refused = store.unlock("k", "wrong");
    ASSERT_FALSE(refused) << c.ops << " " << c.mem;
    EXPECT_NE(refused.error().describe().find("corrupt key file: kdf limits"), std::string::npos)
        << refused.error().describe();
    EXPECT_NE(refused.error().describe().find(dir.file("keys/k.key")), std::string::npos);
  }
  // At the caps (within them) the KDF does run: a changed parameter is then
  // only "wrong passphrase (or the key file was altered)".
  json::Value within = parse(original);
  within.member("kdf").set("ops_limit", kMaxKdfOps);
  ASSERT_TRUE(fs::writeFileAtomic(dir.file("keys/k.key"), within.dump()));
  auto ran = store.unlock("k", "right");
  ASSERT_FALSE(ran);
  EXPECT_NE(ran.error().describe().find("wrong passphrase"), std::string::npos) << ran.error().describe();
  // The publisher never writes what it would refuse to read.
  EXPECT_FALSE(store.generate("big", crypto::KeyType::kEd25519, "right", {kMaxKdfOps + 1, 1u << 20}));
  EXPECT_FALSE(store.generate("huge", crypto::KeyType::kEd25519, "right", {1, kMaxKdfMemBytes + 1}));
  EXPECT_FALSE(store.find("big"));
  // The default cost is within the caps (the documented defaults 3 ops / 64 MiB).
  const crypto::Argon2Params defaults;
  EXPECT_LE(defaults.ops_limit, kMaxKdfOps);
  EXPECT_LE(defaults.mem_limit, kMaxKdfMemBytes);
}

TEST(KeyStore, PublicKeysMoveBetweenStoresWithoutPrivateParts) {
  test::TempDir dir;
  KeyStore a(dir.file("a")), b(dir.file("b"));
  auto k = b.generate("bob", crypto::KeyType::kEd25519, "p", kFast);
  ASSERT_TRUE(k);
  auto exported = b.exportPublic("bob");
  ASSERT_TRUE(exported);
  EXPECT_EQ(exported->find("ciphertext"), std::string::npos);
  auto imported = a.importPublic(*exported);
  ASSERT_TRUE(imported);
  EXPECT_EQ(imported->key.keyid, k->key.keyid);
  EXPECT_FALSE(imported->has_private);
  EXPECT_FALSE(a.unlock("bob", "p"));
  EXPECT_FALSE(a.importPublic(*exported)) << "name taken";
  json::Value tampered = parse(*exported);
  tampered.set("name", "eve");
  tampered.set("public", std::string(64, 'a'));
  EXPECT_FALSE(a.importPublic(tampered.dump())) << "keyid no longer matches";
}

TEST(Passphrase, ReadFromAFileDescriptorUpToNewline) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "s3cret\nrest", 11), 11);
  ::close(fds[1]);
  auto p = readPassphraseFd(fds[0]);
  ::close(fds[0]);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, "s3cret");
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[1]);
  EXPECT_FALSE(readPassphraseFd(fds[0])) << "empty";
  ::close(fds[0]);
  auto closed = readPassphraseFd(977);
  ASSERT_FALSE(closed);
  EXPECT_NE(closed.error().describe().find("977"), std::string::npos);
}

}  // namespace
}  // namespace psirt::publish
