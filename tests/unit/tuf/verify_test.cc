// Known answers from real repositories: the canonical bytes we compute for
// real signed metadata must verify (Ed25519, ECDSA P-256 DER, RSA-PSS).
#include "agent/tuf/verify.h"

#include <gtest/gtest.h>

#include "tests/support/test_paths.h"
#include "tests/unit/tuf/tuf_test_support.h"

namespace psirt::tuf {
namespace {

std::string publicOf(const test::TestKey& k) {
  return std::string(k.public_json.view().get("keyval")->getString("public").value());
}

std::string read(const std::string& rel) {
  return psirt::test::readTextFile(psirt::test::conformanceDir() + "/tuf/" + rel);
}

const std::string kPy = "python-tuf/repository/metadata/";
const std::string kSigstore = "tuf-conformance/static_data/sigstore-root-signing/metadata/";
const std::string kOnCi = "tuf-conformance/static_data/tuf-on-ci-0.11/metadata/";

Status verifyWithRoot(const Root& root, const std::string& bytes, std::string_view role) {
  auto env = parseEnvelope(bytes, role);
  if (!env) return env.error();
  return verifyThreshold(*env, root.keys, root.roles.at(std::string(role)), role);
}

Status verifyDelegated(const Targets& parent, const std::string& bytes, const std::string& role) {
  auto env = parseEnvelope(bytes, role);
  if (!env) return env.error();
  for (const auto& d : parent.delegations->roles) {
    if (d.name == role) return verifyThreshold(*env, parent.delegations->keys, d.keys, role);
  }
  return makeError(ErrorCategory::kInternal, "not delegated");
}

TEST(TufVerifyReal, PythonTufRsaPssRootAndEd25519Roles) {
  auto root = parseRoot(read(kPy + "root.json"));
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->role.keys.at(root->role.roles.at("root").keyids.at(0)).keytype, "rsa");
  for (auto [file, role] : {std::pair{"root.json", "root"},
                            {"timestamp.json", "timestamp"},
                            {"snapshot.json", "snapshot"},
                            {"targets.json", "targets"}}) {
    Status st = verifyWithRoot(root->role, read(kPy + file), role);
    EXPECT_TRUE(st.ok()) << file << ": " << (st ? "" : st.error().describe());
  }
  auto targets = parseTargets(read(kPy + "targets.json"), "targets");
  ASSERT_TRUE(targets.ok());
  EXPECT_TRUE(verifyDelegated(targets->role, read(kPy + "role1.json"), "role1").ok());
  auto role1 = parseTargets(read(kPy + "role1.json"), "role1");
  ASSERT_TRUE(role1.ok());
  EXPECT_TRUE(verifyDelegated(role1->role, read(kPy + "role2.json"), "role2").ok());
}

TEST(TufVerifyReal, SigstoreEcdsaWithEmptySignaturesMeetsThreshold) {
  const std::string bytes = read(kSigstore + "12.root.json");
  auto root = parseRoot(bytes);
  ASSERT_TRUE(root.ok()) << root.error().describe();
  int empty = 0;
  for (const auto& s : root->envelope.signatures) empty += s.sig_hex.empty() ? 1 : 0;
  EXPECT_GE(empty, 1);
  EXPECT_TRUE(verifyWithRoot(root->role, bytes, "root").ok());
  EXPECT_TRUE(verifyWithRoot(root->role, read(kSigstore + "timestamp.json"), "timestamp").ok());
  EXPECT_TRUE(verifyWithRoot(root->role, read(kSigstore + "159.snapshot.json"), "snapshot").ok());
  EXPECT_TRUE(verifyWithRoot(root->role, read(kSigstore + "11.targets.json"), "targets").ok());
  auto targets = parseTargets(read(kSigstore + "11.targets.json"), "targets");
  ASSERT_TRUE(targets.ok());
  EXPECT_TRUE(
      verifyDelegated(targets->role, read(kSigstore + "5.registry.npmjs.org.json"), "registry.npmjs.org")
          .ok());
}

TEST(TufVerifyReal, SigstoreRootChainEachVersionSignedByItsPredecessor) {
  // Each N+1 must meet root N's threshold (that is the chain). Early sigstore
  // roots have non-TUF quirks (e.g. expires with fractions and an offset,
  // refused by our strict time parser), so only strict-parsing pairs count.
  int verified = 0;
  int parsed = 0;
  for (int v = 1; v < 12; ++v) {
    auto prev = parseRoot(read(kSigstore + std::to_string(v) + ".root.json"));
    if (!prev) continue;
    ++parsed;
    Status st = verifyWithRoot(prev->role, read(kSigstore + std::to_string(v + 1) + ".root.json"), "root");
    if (st) ++verified;
    if (v == 11) {
      EXPECT_TRUE(st.ok()) << "12.root.json: " << st.error().describe();
    }
  }
  // Versions whose predecessor parses strictly (v4..v11 -> v5..v12; v4 still
  // has hex-point ecdsa keys) all verify, 12 included.
  EXPECT_EQ(parsed, 8);
  EXPECT_EQ(verified, parsed);
}

TEST(TufVerifyReal, TufOnCiEcdsa) {
  auto root = parseRoot(read(kOnCi + "1.root.json"));
  ASSERT_TRUE(root.ok());
  EXPECT_TRUE(verifyWithRoot(root->role, read(kOnCi + "1.root.json"), "root").ok());
  EXPECT_TRUE(verifyWithRoot(root->role, read(kOnCi + "timestamp.json"), "timestamp").ok());
  EXPECT_TRUE(verifyWithRoot(root->role, read(kOnCi + "2.snapshot.json"), "snapshot").ok());
  EXPECT_TRUE(verifyWithRoot(root->role, read(kOnCi + "1.targets.json"), "targets").ok());
}

TEST(TufVerify, TamperedCanonicalBytesFail) {
  auto root = parseRoot(read(kPy + "root.json"));
  ASSERT_TRUE(root.ok());
  std::string ts = read(kPy + "timestamp.json");
  ts.replace(ts.find("2030-01-01"), 10, "2031-01-01");
  Status st = verifyWithRoot(root->role, ts, "timestamp");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().security, SecurityCode::kBadSignature);
  EXPECT_EQ(st.error().context, "timestamp");
}

TEST(TufVerify, OnePublicKeyUnderTwoKeyIdsCountsOnce) {
  tuf::test::TestKey k = tuf::test::ed25519Key(7);
  tuf::test::TestKey k2 = tuf::test::ed25519Key(8);
  json::Value signed_part = json::Value::object({{"_type", "timestamp"}, {"x", 1}});
  Envelope env;
  auto parsed = parseEnvelope(tuf::test::signMetadata(signed_part, {&k, &k2}), "timestamp");
  ASSERT_TRUE(parsed.ok());
  env = *parsed;
  // The same key under a second id, with a copy of its (valid) signature.
  env.signatures.push_back({"alias", env.signatures.at(0).sig_hex});
  std::map<std::string, Key> keys;
  const Key key{"ed25519", "ed25519", publicOf(k)};
  keys[k.keyid] = key;
  keys["alias"] = key;
  keys[k2.keyid] = Key{"ed25519", "ed25519", publicOf(k2)};
  Status twice = verifyThreshold(env, keys, RoleKeys{{k.keyid, "alias"}, 2}, "timestamp");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().security, SecurityCode::kThresholdNotMet);
  // Positive control: two distinct keys meet threshold 2.
  EXPECT_TRUE(verifyThreshold(env, keys, RoleKeys{{k.keyid, k2.keyid}, 2}, "timestamp").ok());
  // A signature listed twice for one key id also counts once.
  env.signatures.push_back(env.signatures.at(0));
  EXPECT_FALSE(verifyThreshold(env, keys, RoleKeys{{k.keyid}, 2}, "timestamp").ok());
}

TEST(TufVerify, EmptyAndMalformedSignaturesCountAsUnsigned) {
  tuf::test::TestKey k = tuf::test::ed25519Key(9);
  auto env = parseEnvelope(tuf::test::signMetadata(json::Value::object({{"a", 1}}), {&k}), "targets");
  ASSERT_TRUE(env.ok());
  std::map<std::string, Key> keys{
      {k.keyid, Key{"ed25519", "ed25519", publicOf(k)}}};
  Envelope e = *env;
  e.signatures.at(0).sig_hex = "";
  EXPECT_EQ(verifyThreshold(e, keys, RoleKeys{{k.keyid}, 1}, "targets").error().security,
            SecurityCode::kBadSignature);
  e.signatures.at(0).sig_hex = "zz";
  EXPECT_FALSE(verifyThreshold(e, keys, RoleKeys{{k.keyid}, 1}, "targets").ok());
  // Unsupported scheme pairs contribute nothing.
  std::map<std::string, Key> wrong{
      {k.keyid, Key{"ed25519", "ecdsa-sha2-nistp256", keys.at(k.keyid).public_value}}};
  EXPECT_FALSE(verifyThreshold(*env, wrong, RoleKeys{{k.keyid}, 1}, "targets").ok());
  EXPECT_TRUE(verifyThreshold(*env, keys, RoleKeys{{k.keyid}, 1}, "targets").ok());
}

}  // namespace
}  // namespace psirt::tuf
