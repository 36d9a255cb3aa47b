// User and group names of the TARGET root: looked up in <root>/etc/passwd and
// <root>/etc/group (resolved inside the root), never through the host's NSS,
// whose ids may differ from the image's.
#pragma once

#include <cstdint>
#include <string_view>

#include "platform/error/result.h"
#include "platform/fs/rooted.h"

namespace psirt::remediate {

// kUsage "user 'x' not found in <root>/etc/passwd" when absent; kIo/kLimit
// when the file cannot be read (at most 4 MiB); a malformed id is kParse.
Result<std::uint32_t> lookupUser(const fs::RootDir& root, std::string_view name);
Result<std::uint32_t> lookupGroup(const fs::RootDir& root, std::string_view name);

}  // namespace psirt::remediate
