#include "agent/state/layout.h"

#include "platform/transport/url.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"

namespace psirt::state {
namespace {

bool isTopLevelRole(std::string_view role) {
  return role == "root" || role == "timestamp" || role == "snapshot" || role == "targets";
}

}  // namespace

std::string Layout::lockFile() const { return fs::joinPath(root_, "lock"); }
std::string Layout::timeFloor() const { return fs::joinPath(root_, "time-floor"); }
std::string Layout::metadataDir() const { return fs::joinPath(root_, "metadata"); }
std::string Layout::targetsDir() const { return fs::joinPath(root_, "targets/sha256"); }
std::string Layout::targetFile(std::string_view sha256_hex) const { return fs::joinPath(targetsDir(), sha256_hex); }
std::string Layout::setsDir() const { return fs::joinPath(root_, "sets"); }
std::string Layout::setDir(std::int64_t n) const { return fs::joinPath(setsDir(), std::to_string(n)); }
std::string Layout::currentSetPointer() const { return fs::joinPath(root_, "current-set"); }
std::string Layout::incomingDir() const { return fs::joinPath(root_, "incoming"); }
std::string Layout::reportsDir() const { return fs::joinPath(root_, "reports"); }
std::string Layout::lastReport() const { return fs::joinPath(reportsDir(), "last.json"); }
std::string Layout::reportChain() const { return fs::joinPath(reportsDir(), "chain"); }
std::string Layout::pendingReport(std::int64_t sequence) const {
  return fs::joinPath(reportsDir(), "pending-" + std::to_string(sequence) + ".json");
}
std::string Layout::journalDir() const { return fs::joinPath(root_, "journal"); }
std::string Layout::spoolDir() const { return fs::joinPath(root_, "spool"); }

std::string Layout::roleFileName(std::string_view role) {
  if (isTopLevelRole(role)) return std::string(role) + ".json";
  std::string encoded = transport::percentEncode(role);
  if (encoded.size() > 200) encoded = "%%" + crypto::toHex(crypto::sha256(crypto::asBytes(role)));
  return encoded + ".json";
}

bool isSha256Hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}


}  // namespace psirt::state
