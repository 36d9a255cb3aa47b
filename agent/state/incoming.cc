#include "agent/state/incoming.h"

#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"

namespace psirt::state {
namespace {

constexpr std::string_view kPrefix = "bundle-";
constexpr std::string_view kSuffix = ".psb";

bool isCopyName(const std::string& n) {
  return n.size() > kPrefix.size() + kSuffix.size() && n.compare(0, kPrefix.size(), kPrefix) == 0 &&
         n.compare(n.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

}  // namespace

Result<std::string> newIncomingCopy(const Layout& layout) {
  PSIRT_TRY(fs::makeDirectories(layout.incomingDir(), 0700));
  return fs::joinPath(layout.incomingDir(),
                      std::string(kPrefix) + crypto::toHex(crypto::randomBytes(12)) + std::string(kSuffix));
}

void removeIncomingCopies(const Layout& layout) {
  const std::string dir = layout.incomingDir();
  auto entries = fs::listDirectory(dir);
  if (!entries) return;
  for (const auto& e : *entries) {
    if (e.is_regular && isCopyName(e.name)) (void)fs::removeFile(fs::joinPath(dir, e.name));
  }
  fs::removeAbandonedTemps(dir);
}

}  // namespace psirt::state
