#include "agent/cli/command_error.h"

#include <string>

#include "agent/cli/exit_codes.h"
#include "platform/log/log.h"

namespace psirt::cli {

int commandError(std::string_view command, const Error& e, std::string_view prefix) {
  const bool trust = e.category == ErrorCategory::kSecurity;
  std::string line = std::string(prefix) + (trust ? "trust failure: " : "") + e.describe();
  if (trust) line += " [" + std::string(toString(e.security)) + "]";
  log::write("psirt-agent " + std::string(command), line);
  if (trust) return kExitTrust;
  return e.category == ErrorCategory::kUsage ? kExitUsage : kExitError;
}

}  // namespace psirt::cli
