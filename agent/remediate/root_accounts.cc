// passwd(5) "name:password:UID:GID:..." and group(5) "name:password:GID:members":
// the id is the third field of both.
#include "agent/remediate/root_accounts.h"

#include <string>

namespace psirt::remediate {
namespace {

constexpr std::size_t kMaxAccountsFile = 4u << 20;

Result<std::uint32_t> lookup(const fs::RootDir& root, const char* file, const char* what, std::string_view name) {
  PSIRT_ASSIGN_OR_RETURN(text, root.readFile(file, kMaxAccountsFile));
  std::string_view rest(text);
  while (!rest.empty()) {
    const std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    const std::size_t c1 = line.find(':');
    if (c1 == std::string_view::npos || line.substr(0, c1) != name) continue;
    const std::size_t c2 = line.find(':', c1 + 1);
    const std::size_t c3 = c2 == std::string_view::npos ? c2 : line.find(':', c2 + 1);
    const std::string_view id = c3 == std::string_view::npos ? std::string_view() : line.substr(c2 + 1, c3 - c2 - 1);
    std::uint64_t value = 0;
    for (char c : id) {
      if (c < '0' || c > '9' || value > 0xFFFFFFFEu / 10) {
        value = ~std::uint64_t{0};
        break;
      }
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (id.empty() || value > 0xFFFFFFFEu) {
      return makeError(ErrorCategory::kParse, std::string("malformed ") + what + " id for '" + std::string(name) + "'",
                       root.shown(file));
    }
    return static_cast<std::uint32_t>(value);
  }
  return makeError(ErrorCategory::kUsage, std::string(what) + " '" + std::string(name) + "' not found",
                   root.shown(file));
}

}  // namespace

Result<std::uint32_t> lookupUser(const fs::RootDir& root, std::string_view name) {
  return lookup(root, "etc/passwd", "user", name);
}

Result<std::uint32_t> lookupGroup(const fs::RootDir& root, std::string_view name) {
  return lookup(root, "etc/group", "group", name);
}

}  // namespace psirt::remediate
