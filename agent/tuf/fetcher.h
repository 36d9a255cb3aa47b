// How the updater gets bytes: an injected interface, so verification is
// tested without I/O and transports (directory, HTTP, offline bundle) plug in.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "platform/error/result.h"
#include "platform/transport/url.h"

namespace psirt::tuf {

// Error::code of a fetch failure meaning "no such file" (HTTP 404, ENOENT).
// For N.root.json it means "no newer root"; for anything else it is an error.
inline constexpr int kFetchNotFound = 404;

inline bool isNotFound(const Error& e) {
  return e.category == ErrorCategory::kIo && e.code == kFetchNotFound;
}

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // Returns the whole content at `location` (a base URL or directory plus a
  // file name the updater built) if it is at most `max_bytes` long.
  // Contract: never buffers more than max_bytes + 1 bytes; more data -> an
  // Error with category kLimit; missing -> kIo with code kFetchNotFound;
  // other failures -> kIo.
  virtual Result<std::string> fetch(const std::string& location, std::size_t max_bytes) = 0;
};

// Reads files below a local repository directory `root`. `location` must be
// a path below root; a ".." component or an empty name below root is refused
// (kUsage), so hostile target names cannot read outside the repository. File
// names are used literally (a percent-encoded role name is looked up as a
// file with '%' in its name).
class DirectoryFetcher final : public Fetcher {
 public:
  explicit DirectoryFetcher(std::string root) : root_(std::move(root)) {}
  Result<std::string> fetch(const std::string& location, std::size_t max_bytes) override;

 private:
  std::string root_;
};

// Delegated role names in file names and URLs: Python's
// urllib.parse.quote(s, safe=""), the one function the publisher uses too.
using transport::percentEncode;

}  // namespace psirt::tuf
