// Writes an offline bundle (docs/formats/bundle.md) atomically (fs::
// writeFileAtomicChunked: temp file, fsync, rename, fsync dir). Used by tests
// and by psirt-publish export-bundle. Entries are kept in insertion order;
// file entries are hashed when added and streamed at write time (a file that
// changed in between is an error, never a bundle with a wrong digest).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agent/bundle/format.h"
#include "platform/error/result.h"

namespace psirt::bundle {

class BundleWriter {
 public:
  explicit BundleWriter(Limits limits = {}) : limits_(limits) {}

  // Each name must pass validateName and be new (kUsage otherwise).
  Status addBytes(const std::string& name, std::string_view content);
  Status addFile(const std::string& name, const std::string& path);
  // Every regular file below a repository directory written by
  // repo::Repository::writeTo (metadata/..., targets/...), named by its path
  // relative to dir. Symlinks and special files are refused.
  Status addRepositoryDirectory(const std::string& dir);
  // Drops an entry again (e.g. artifacts left out of a smaller bundle).
  Status remove(const std::string& name);

  std::vector<std::string> names() const;
  Status write(const std::string& path) const;

 private:
  struct Entry {
    std::string name;
    std::string bytes;        // content when from memory
    std::string source_path;  // else streamed from this file
    std::uint64_t length = 0;
    std::string sha256;       // raw 32 bytes
  };
  Status checkNew(const std::string& name) const;
  Status addDirectory(const std::string& dir, const std::string& prefix, int depth);

  Limits limits_;
  std::vector<Entry> entries_;
};

}  // namespace psirt::bundle
