// The table of subcommands. Add one row per cmd_<name>.cc.
#include "agent/cli/command.h"

namespace psirt::cli {

int runHash(std::span<const std::string> args);
int runTrust(std::span<const std::string> args);
int runUpdate(std::span<const std::string> args);

std::span<const Command> commands() {
  static const Command kCommands[] = {
      {"hash", "print SHA-256 (or SHA-512) digests of files", runHash},
      {"trust", "trust init: install the first trusted TUF root", runTrust},
      {"update", "update trusted TUF metadata and targets from a repository", runUpdate},
  };
  return kCommands;
}

}  // namespace psirt::cli
