// The publisher's key store (docs/formats/key-store.md): one file per key in
// a directory (mode 0700). NAME.key holds a private key encrypted with
// XChaCha20-Poly1305 under an argon2id-derived key (file mode 0600); the
// public part and key id stay readable without the passphrase, and are bound
// to the ciphertext as associated data. NAME.pub holds only a public key
// (someone else's key imported for authorising roles).
//
// Passphrases come from a file descriptor (readPassphraseFd), never from the
// environment or the command line, and are never printed. Errors name the
// file at fault in one line; a wrong passphrase and an altered file are the
// same error (AEAD cannot tell them apart), a file whose public part does
// not match its private key is refused.
#pragma once

#include <string>
#include <vector>

#include "agent/repo_builder/signing_key.h"
#include "platform/crypto/crypto.h"
#include "platform/error/result.h"

namespace psirt::publish {

// Reads one passphrase from fd: bytes up to the first newline or EOF, at
// most 4096. Empty is an error; a missing fd is an error naming it.
Result<std::string> readPassphraseFd(int fd);

// The argon2id cost a key file may ask for (docs/formats/key-store.md): the
// cost is paid BEFORE the passphrase can be told wrong, so a file cannot be
// allowed to ask for much more than `key generate` writes (default 3 ops,
// 64 MiB). At the caps the KDF costs 4 passes over 128 MiB, about 2.7 times
// the default's work and 128 MiB, where the former caps (64 ops, 1 GiB) cost
// 20 s and 1 GiB before "wrong passphrase". generate() refuses beyond them
// too, so the tool never writes a file it would refuse to read.
inline constexpr unsigned long long kMaxKdfOps = 4;
inline constexpr std::size_t kMaxKdfMemBytes = std::size_t{128} << 20;

// Key names: 1..64 of [A-Za-z0-9._-], not starting with '.' or '-'.
bool isValidKeyName(std::string_view name);

struct StoredKey {
  std::string name;
  repo::PublicKeyInfo key;
  bool has_private = false;  // NAME.key (else NAME.pub)
};

class KeyStore {
 public:
  explicit KeyStore(std::string dir) : dir_(std::move(dir)) {}
  const std::string& dir() const { return dir_; }

  // Generates a key, encrypts it under passphrase and writes NAME.key (0600,
  // atomically; the directory is created 0700). Refuses an existing name and
  // KDF limits above kMaxKdfOps / kMaxKdfMemBytes (kUsage).
  Result<StoredKey> generate(const std::string& name, crypto::KeyType type, std::string_view passphrase,
                             const crypto::Argon2Params& kdf = {});
  // The public part of NAME (from NAME.key or NAME.pub); kUsage "no key
  // named" when neither exists.
  Result<StoredKey> find(const std::string& name) const;
  // Every key in the store, sorted by name. Corrupt files are errors.
  Result<std::vector<StoredKey>> list() const;
  // Decrypts NAME.key. Errors: no such private key, corrupt file, wrong
  // passphrase, public part not matching the private key.
  Result<repo::SigningKey> unlock(const std::string& name, std::string_view passphrase) const;
  // NAME.pub form of a key, for handing to another store.
  Result<std::string> exportPublic(const std::string& name) const;
  // Stores a NAME.pub file's content (validated; key id recomputed).
  Result<StoredKey> importPublic(std::string_view content);

 private:
  std::string pathOf(const std::string& name, bool priv) const;
  std::string dir_;
};

}  // namespace psirt::publish
