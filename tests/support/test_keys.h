// Fixed test keys for repository fixtures (never for anything else).
//   ed25519Key("label"): derived from seed SHA-256(label), deterministic.
//   ecdsaKey(1..3), rsaKey(1..2): checked-in PKCS#8 PEM under tests/support/keys/.
// A missing or broken key file fails the current test (ADD_FAILURE) and
// aborts: fixtures without keys make no sense.
#pragma once

#include <string>

#include "agent/repo_builder/repository.h"
#include "agent/repo_builder/signing_key.h"

namespace psirt::test {

repo::SigningKey ed25519Key(const std::string& label);
repo::SigningKey ecdsaKey(int n);
repo::SigningKey rsaKey(int n);

// One Ed25519 key per top-level role ("root-1", "timestamp-1", ...).
repo::Repository::TopLevelKeys defaultTopLevelKeys();

}  // namespace psirt::test
