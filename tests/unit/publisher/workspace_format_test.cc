// Workspaces and key stores written by earlier psirt-publish versions
// (tests/unit/publisher/formats/README.md) load, and the publisher writes
// their files byte for byte as before: change.json, detached signatures, the
// published metadata, NAME.pub.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "host/publisher/keystore/key_store.h"
#include "host/publisher/workspace/workspace.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_paths.h"

namespace psirt::publish {
namespace {

constexpr clock::Seconds kFixtureTime = 1772366400;  // 2026-03-01T12:00:00Z

std::string formats(const std::string& rel) { return test::sourcePath("tests/unit/publisher/formats/" + rel); }

// A writable copy of the fixture workspace.
std::string copyWorkspace(const test::TempDir& dir) {
  const std::string ws = dir.file("ws");
  std::filesystem::copy(formats("workspace"), ws, std::filesystem::copy_options::recursive);
  return ws;
}

TEST(PublisherFormats, StagedWorkspaceLoadsAndIsRewrittenByteForByte) {
  test::TempDir dir;
  const std::string ws_dir = copyWorkspace(dir);
  auto ws = Workspace::open(ws_dir, kFixtureTime);
  ASSERT_TRUE(ws) << ws.error().describe();
  EXPECT_EQ(ws->stagedRoles(), (std::vector<std::string>{"timestamp", "snapshot", "remediation"}));
  auto status = ws->status();
  ASSERT_TRUE(status) << status.error().describe();
  ASSERT_EQ(status->size(), 3u);
  EXPECT_EQ((*status)[2].role, "remediation");
  ASSERT_EQ((*status)[2].authorities.size(), 1u);
  EXPECT_EQ((*status)[2].authorities[0].signed_keyids.size(), 1u);
  EXPECT_EQ((*status)[2].authorities[0].threshold, 2);
  EXPECT_EQ(ws->policy().daysFor("remediation"), 180);
  // Not complete: commit saves the staged change again, unchanged.
  auto published = ws->commit();
  ASSERT_TRUE(published) << published.error().describe();
  EXPECT_FALSE(*published);
  EXPECT_EQ(test::readTextFile(ws_dir + "/staged/change.json"), test::readTextFile(formats("workspace/staged/change.json")));
}

TEST(PublisherFormats, SigningWithAnOldKeyStoreGivesTheSameSignatureFileAndPublication) {
  test::TempDir dir;
  const std::string ws_dir = copyWorkspace(dir);
  std::filesystem::copy(formats("keys/rem2.key"), dir.file("rem2.key"));
  KeyStore store(dir.path());
  auto key = store.unlock("rem2", "fixture");
  ASSERT_TRUE(key) << key.error().describe();
  auto ws = Workspace::open(ws_dir, kFixtureTime);
  ASSERT_TRUE(ws) << ws.error().describe();
  auto made = ws->sign({*key});
  ASSERT_TRUE(made) << made.error().describe();
  auto file = encodeSignatureFile(*made);
  ASSERT_TRUE(file);
  EXPECT_EQ(*file, test::readTextFile(formats("rem2.sig")));
  auto decoded = decodeSignatureFile(*file, "rem2.sig");
  ASSERT_TRUE(decoded) << decoded.error().describe();
  EXPECT_EQ((*decoded)[0].signed_sha256, (*made)[0].signed_sha256);

  auto published = ws->commit();
  ASSERT_TRUE(published) << published.error().describe();
  EXPECT_TRUE(*published);
  std::istringstream want(test::readTextFile(formats("published.sha256")));
  std::string sha, path;
  int files = 0;
  while (want >> sha >> path) {
    SCOPED_TRACE(path);
    auto bytes = fs::readFile(ws_dir + "/" + path, 1 << 20);
    ASSERT_TRUE(bytes) << bytes.error().describe();
    EXPECT_EQ(crypto::toHex(crypto::sha256(crypto::asBytes(*bytes))), sha);
    ++files;
  }
  EXPECT_EQ(files, 11);
  EXPECT_FALSE(fs::exists(ws_dir + "/staged/change.json").value_or(true));
}

TEST(PublisherFormats, OldKeyFileExportsTheSamePublicFile) {
  test::TempDir dir;
  std::filesystem::copy(formats("keys/rem2.key"), dir.file("rem2.key"));
  KeyStore store(dir.path());
  auto k = store.find("rem2");
  ASSERT_TRUE(k) << k.error().describe();
  EXPECT_TRUE(k->has_private);
  auto exported = store.exportPublic("rem2");
  ASSERT_TRUE(exported);
  EXPECT_EQ(*exported, test::readTextFile(formats("keys/rem2.pub")));
  KeyStore other(dir.file("other"));
  auto imported = other.importPublic(*exported);
  ASSERT_TRUE(imported) << imported.error().describe();
  EXPECT_EQ(test::readTextFile(dir.file("other/rem2.pub")), *exported);
}

TEST(PublisherFormats, DamagedFilesNameThePlaceAtFault) {
  auto missing = decodeSignatureFile(R"({"format":"psirt-publish-signatures-1","signatures":[{"role":"x"}]})", "f.sig");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().describe(), "f.sig: bad signature entry: at /signatures/0: missing member 'version'");
  auto dup = decodeSignatureFile(R"({"format":"psirt-publish-signatures-1","format":"x"})", "f.sig");
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().describe().find("duplicate object key"), std::string::npos) << dup.error().describe();

  test::TempDir dir;
  const std::string ws_dir = copyWorkspace(dir);
  ASSERT_TRUE(fs::writeFileAtomic(ws_dir + "/staged/change.json",
                                  R"({"format":"psirt-publish-staged-1","roles":[{"role":"timestamp","signed":[]}]})"));
  auto ws = Workspace::open(ws_dir, kFixtureTime);
  ASSERT_FALSE(ws);
  EXPECT_NE(ws.error().describe().find("bad staged role entry: at /roles/0/signed: expected an object, found an array"),
            std::string::npos)
      << ws.error().describe();
  ASSERT_TRUE(fs::writeFileAtomic(ws_dir + "/policy.json", R"({"format":"psirt-publish-policy-1","expiry_days":{"root":0}})"));
  auto policy = Workspace::open(ws_dir, kFixtureTime);
  ASSERT_FALSE(policy);
  EXPECT_NE(policy.error().describe().find("expiry_days.root must be 1..36500"), std::string::npos);
}

}  // namespace
}  // namespace psirt::publish
