// The table of subcommands. Add one row per cmd_<name>.cc.
#include "agent/cli/command.h"

namespace psirt::cli {

int runHash(std::span<const std::string> args);
int runVercmp(std::span<const std::string> args);
int runCvss(std::span<const std::string> args);
int runTrust(std::span<const std::string> args);
int runUpdate(std::span<const std::string> args);
int runInventory(std::span<const std::string> args);
int runCheck(std::span<const std::string> args);
int runPlan(std::span<const std::string> args);
int runApply(std::span<const std::string> args);
int runRollback(std::span<const std::string> args);

std::span<const Command> commands() {
  static const Command kCommands[] = {
      {"hash", "print SHA-256 (or SHA-512) digests of files", runHash},
      {"vercmp", "compare versions (deb, rpm, opkg, apk, semver, generic, omnipcx) or test vers ranges", runVercmp},
      {"cvss", "score CVSS v2/v3.0/v3.1/v4.0 vectors and name their band", runCvss},
      {"trust", "trust init: install the first trusted TUF root", runTrust},
      {"update", "update trusted TUF metadata and targets from a repository", runUpdate},
      {"check", "update (optional), inventory, decide exposure per advisory and write the report", runCheck},
      {"plan", "list the signed actions that would remediate affected products, their preconditions and policy", runPlan},
      {"apply", "apply the ready actions as journaled transactions, then re-evaluate", runApply},
      {"rollback", "revert a committed remediation transaction, or list the journal", runRollback},
      {"inventory", "list installed software (dpkg, rpm, opkg, apk, OS, kernel, vendor manifest, SBOM)", runInventory},
  };
  return kCommands;
}

}  // namespace psirt::cli
