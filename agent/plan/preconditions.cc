// Preconditions of an action (action.h Preconditions) against the inventory
// the verdicts were decided on. Fail closed: what cannot be established
// (unknown architecture, unreadable free space, a version the range cannot
// compare) is a precondition that does not hold.
#include <algorithm>
#include <array>
#include <string_view>

#include "agent/identity/cpe.h"
#include "agent/identity/purl.h"
#include "agent/plan/plan.h"
#include "agent/versions/vers.h"
#include "platform/fs/fs.h"
#include "platform/fs/rooted.h"

namespace psirt::plan {
namespace {

// One name per architecture, whatever the package manager calls it.
std::string canonicalArch(std::string_view a) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kAliases{{
      {"amd64", "x86_64"}, {"x86-64", "x86_64"}, {"arm64", "aarch64"}, {"armhf", "armv7"},
      {"armv7l", "armv7"}, {"armv7hl", "armv7"}, {"i386", "i686"}, {"i586", "i686"},
  }};
  for (const auto& [alias, name] : kAliases)
    if (a == alias) return std::string(name);
  return std::string(a);
}

bool architectureIndependent(std::string_view a) { return a.empty() || a == "all" || a == "noarch" || a == "any"; }

// The installed instances of `identity` (a purl without version, or a CPE:
// part, vendor and product compared).
Result<std::vector<const evaluate::InstalledItem*>> instancesOf(std::string_view identity,
                                                               const evaluate::InventoryView& installed) {
  std::vector<const evaluate::InstalledItem*> out;
  if (identity.rfind("pkg:", 0) == 0) {
    PSIRT_ASSIGN_OR_RETURN(purl, identity::parsePurl(identity));
    for (const auto& item : installed.items)
      if (item.purl_type == purl.type && item.name == purl.name &&
          (purl.namespace_.empty() || item.purl_namespace == purl.namespace_))
        out.push_back(&item);
    return out;
  }
  PSIRT_ASSIGN_OR_RETURN(want, identity::parseCpe(identity));
  for (const auto& item : installed.items) {
    if (item.cpe.empty()) continue;
    auto have = identity::parseCpe(item.cpe);
    if (have && (*have)[identity::Cpe::kPart] == want[identity::Cpe::kPart] &&
        (*have)[identity::Cpe::kVendor] == want[identity::Cpe::kVendor] &&
        (*have)[identity::Cpe::kProduct] == want[identity::Cpe::kProduct])
      out.push_back(&item);
  }
  return out;
}

std::string checkIdentity(const action::Preconditions& pre, const evaluate::InventoryView& installed,
                          std::vector<const evaluate::InstalledItem*>& found) {
  auto instances = instancesOf(pre.identity, installed);
  if (!instances) return "identity " + pre.identity + ": " + instances.error().describe();
  found = std::move(*instances);
  if (found.empty()) return pre.identity + " is not installed";
  if (pre.vers.empty()) return {};
  auto range = versions::parseRange(pre.vers);
  if (!range) return "vers " + pre.vers + ": " + range.error().describe();
  // Every instance must be in the range: an action for 1.x must not run
  // where a 2.x instance is installed beside it.
  for (const auto* item : found) {
    auto in = versions::contains(*range, item->version);
    if (!in) return pre.identity + " " + item->version + ": " + in.error().describe();
    if (!*in) return "installed " + pre.identity + " " + item->version + " is outside " + pre.vers;
  }
  return {};
}

std::string checkArchitecture(const action::Preconditions& pre, const std::vector<const evaluate::InstalledItem*>& found,
                              const std::string& machine) {
  if (pre.architectures.empty()) return {};
  std::string arch;
  for (const auto* item : found)
    if (!architectureIndependent(item->arch)) arch = canonicalArch(item->arch);
  if (arch.empty()) arch = canonicalArch(machine);
  if (arch.empty()) return "the architecture of this system is unknown";
  for (const auto& a : pre.architectures)
    if (canonicalArch(a) == arch) return {};
  return "architecture " + arch + " is not one the action is for";
}

std::string checkFreeSpace(const action::Preconditions& pre, const std::string& root) {
  if (pre.min_free_bytes == 0) return {};
  // Resolved inside the root: a symlink in an image cannot point the check
  // at a host file system.
  auto dir = fs::RootDir::open(root);
  if (!dir) return "free space: " + dir.error().describe();
  auto canonical = dir->canonical(pre.free_space_path);
  if (!canonical) return "free space: " + canonical.error().describe();
  auto avail = fs::availableBytes(canonical->empty() ? root : fs::joinPath(root, *canonical));
  if (!avail) return "free space: " + avail.error().describe();
  if (*avail < pre.min_free_bytes)
    return "free space on " + pre.free_space_path + ": " + std::to_string(*avail) + " bytes, the action needs " +
           std::to_string(pre.min_free_bytes);
  return {};
}

}  // namespace

std::string failedPrecondition(const action::Preconditions& pre, const evaluate::InventoryView& installed,
                               const std::string& root, const std::string& machine) {
  std::vector<const evaluate::InstalledItem*> found;
  if (!pre.identity.empty()) {
    if (std::string why = checkIdentity(pre, installed, found); !why.empty()) return why;
  }
  if (std::string why = checkArchitecture(pre, found, machine); !why.empty()) return why;
  return checkFreeSpace(pre, root);
}

}  // namespace psirt::plan
