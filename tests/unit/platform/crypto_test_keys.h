// Fixed, checked-in test keys (tests/unit/platform/testdata/crypto/, made with
// the openssl CLI; see the README there) and small helpers for crypto tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "platform/crypto/crypto.h"
#include "tests/support/test_paths.h"

namespace psirt::crypto::testing {

inline std::string keyPath(const std::string& name) {
  return test::sourcePath("tests/unit/platform/testdata/crypto/" + name);
}
inline std::string keyText(const std::string& name) { return test::readTextFile(keyPath(name)); }

inline PublicKey publicKey(const std::string& name) {
  auto k = PublicKey::fromPem(keyText(name));
  if (!k) {
    ADD_FAILURE() << name << ": " << k.error().describe();
    std::abort();
  }
  return *k;
}

inline PrivateKey privateKey(const std::string& name) {
  auto k = PrivateKey::fromPkcs8Pem(keyText(name));
  if (!k) {
    ADD_FAILURE() << name << ": " << k.error().describe();
    std::abort();
  }
  return *k;
}

inline Bytes fromHexOrDie(std::string_view hex) {
  auto r = fromHex(hex);
  if (!r) std::abort();
  return *r;
}

}  // namespace psirt::crypto::testing
