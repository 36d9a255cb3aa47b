#include "agent/tuf/fetcher.h"

#include "agent/state/layout.h"
#include "platform/fs/fs.h"

namespace psirt::tuf {

Result<std::string> DirectoryFetcher::fetch(const std::string& location, std::size_t max_bytes) {
  std::string root = root_;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (location.size() <= root.size() + 1 || location.compare(0, root.size(), root) != 0 ||
      location[root.size()] != '/') {
    return makeError(ErrorCategory::kUsage, "not below the repository directory " + root, location);
  }
  std::size_t start = root.size() + 1;
  for (;;) {
    const std::size_t p = location.find('/', start);
    const std::string_view part =
        std::string_view(location).substr(start, p == std::string::npos ? p : p - start);
    if (part == "..") return makeError(ErrorCategory::kUsage, "path with '..' refused", location);
    if (p == std::string::npos) break;
    start = p + 1;
  }
  if (location.empty() || location.back() == '/' || location.find('\0') != std::string::npos) {
    return makeError(ErrorCategory::kUsage, "not a file name", location);
  }
  auto exists = fs::exists(location);
  if (exists && !*exists)
    return Error{ErrorCategory::kIo, SecurityCode::kNone, kFetchNotFound, "not found", location};
  return fs::readFile(location, max_bytes);
}

}  // namespace psirt::tuf
