#include "platform/fs/fault_injection.h"

#ifdef PSIRT_FAULT_INJECTION
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <string>

namespace psirt::fault {
namespace {

// Hits per point in this process (single-threaded writers; a test-only build).
std::map<std::string, unsigned>& hits() {
  static std::map<std::string, unsigned> counts;
  return counts;
}

void trace(const std::string& line) {
  const char* path = std::getenv("PSIRT_FAULT_TRACE");
  if (path == nullptr || *path == '\0') return;
  const int fd = ::open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return;
  // One write(2) per line with O_APPEND: lines never interleave.
  (void)!::write(fd, line.data(), line.size());
  ::close(fd);
}

}  // namespace

void point(const char* name) {
  const unsigned k = ++hits()[name];
  const std::string id = std::string(name) + "#" + std::to_string(k);
  trace(id + "\n");
  const char* want = std::getenv("PSIRT_FAULT");
  if (want == nullptr) return;
  if (id == want || (k == 1 && std::string(name) == want)) ::kill(::getpid(), SIGKILL);
}

}  // namespace psirt::fault
#endif
