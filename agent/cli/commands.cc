// The table of subcommands. Add one row per cmd_<name>.cc.
#include "agent/cli/command.h"

namespace psirt::cli {

int runHash(std::span<const std::string> args);
int runInventory(std::span<const std::string> args);

std::span<const Command> commands() {
  static const Command kCommands[] = {
      {"hash", "print SHA-256 (or SHA-512) digests of files", runHash},
      {"inventory", "list installed software (dpkg, rpm, opkg, apk, OS, kernel, vendor manifest, SBOM)", runInventory},
  };
  return kCommands;
}

}  // namespace psirt::cli
