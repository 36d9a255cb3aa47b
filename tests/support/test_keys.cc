#include "tests/support/test_keys.h"

#include <cstdio>
#include <cstdlib>

#include "platform/fs/fs.h"
#include "tests/support/test_paths.h"

namespace psirt::test {
namespace {

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "test keys: %s\n", what.c_str());
  std::abort();
}

repo::SigningKey fromFile(const std::string& name) {
  auto pem = fs::readFile(sourcePath("tests/support/keys/" + name), 64 * 1024);
  if (!pem) die(pem.error().describe());
  auto key = repo::SigningKey::fromPkcs8Pem(*pem);
  if (!key) die(name + ": " + key.error().describe());
  return std::move(key).value();
}

}  // namespace

repo::SigningKey ed25519Key(const std::string& label) {
  auto key = repo::SigningKey::ed25519FromLabel(label);
  if (!key) die(label + ": " + key.error().describe());
  return std::move(key).value();
}

repo::SigningKey ecdsaKey(int n) { return fromFile("ecdsa_p256_" + std::to_string(n) + ".pem"); }
repo::SigningKey rsaKey(int n) { return fromFile("rsa_2048_" + std::to_string(n) + ".pem"); }

repo::Repository::TopLevelKeys defaultTopLevelKeys() {
  return {ed25519Key("root-1"), ed25519Key("timestamp-1"), ed25519Key("snapshot-1"), ed25519Key("targets-1")};
}

}  // namespace psirt::test
