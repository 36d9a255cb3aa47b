// INTERNAL to host/publisher/workspace: the state shared by workspace.cc
// (open, edit, commit) and signatures.cc (status, sign, merge).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "host/publisher/workspace/signed_body.h"
#include "host/publisher/workspace/workspace.h"
#include "platform/crypto/crypto.h"

namespace psirt::publish {

struct Workspace::State {
  std::string dir;
  clock::Seconds now = 0;
  Policy policy;
  std::optional<fs::FileLock> lock;
  std::map<std::string, std::string> public_meta;  // "metadata/..." -> bytes
  std::optional<repo::Repository> published;
  std::optional<repo::Repository> view;
  std::map<std::string, std::vector<repo::Repository::Signature>> sigs;  // staged role -> signatures
  std::map<std::string, std::string> blobs;  // sha256 hex -> where its bytes are now

  std::string path(std::string_view rel) const { return fs::joinPath(dir, rel); }
  Result<std::vector<Authority>> authorities(const std::string& role) const;
};

inline std::string sha256Hex(std::string_view bytes) {
  return crypto::toHex(crypto::sha256(crypto::asBytes(bytes)));
}

}  // namespace psirt::publish
