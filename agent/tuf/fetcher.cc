#include "agent/tuf/fetcher.h"

#include "platform/fs/fs.h"

namespace psirt::tuf {

std::string percentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    const bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '.' || c == '-' || c == '~';
    if (safe) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

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
