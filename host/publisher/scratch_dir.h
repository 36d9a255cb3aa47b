// A private directory for bytes a command makes and stages by path (the
// workspace copies staged target files from a path at commit): `add --tlp`
// writes the labelled documents here. Created 0700 under $TMPDIR (else /tmp),
// removed with its files when the command ends, whatever happened.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "platform/error/result.h"

namespace psirt::publish {

class ScratchDir {
 public:
  ScratchDir() = default;
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // Writes `bytes` to a new file in the directory (created on first use,
  // mode 0600) and returns its path. The name is `base` (no '/' allowed).
  Result<std::string> write(const std::string& base, std::string_view bytes);

 private:
  std::string dir_;
  std::vector<std::string> files_;
};

}  // namespace psirt::publish
