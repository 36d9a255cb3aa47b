#include "platform/fs/fault_injection.h"

#ifdef PSIRT_FAULT_INJECTION
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace psirt::fault {

void point(const char* name) {
  const char* want = std::getenv("PSIRT_FAULT");
  if (want != nullptr && std::strcmp(want, name) == 0) {
    ::kill(::getpid(), SIGKILL);
  }
}

}  // namespace psirt::fault
#endif
