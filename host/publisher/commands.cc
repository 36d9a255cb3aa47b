// The table of psirt-publish subcommands. Add one row per cmd_<name>.cc.
#include "host/publisher/command.h"

namespace psirt::publish {

int runValidate(std::span<const std::string> args);
int runRender(std::span<const std::string> args);
int runKey(std::span<const std::string> args);
int runInit(std::span<const std::string> args);
int runAdd(std::span<const std::string> args);
int runRemove(std::span<const std::string> args);
int runShow(std::span<const std::string> args);
int runSign(std::span<const std::string> args);
int runMerge(std::span<const std::string> args);
int runDiscard(std::span<const std::string> args);
int runRotate(std::span<const std::string> args);
int runRenew(std::span<const std::string> args);
int runExportBundle(std::span<const std::string> args);

std::span<const Command> commands() {
  static const Command kCommands[] = {
      {"init", "create a repository workspace and sign version 1 of every role", runInit},
      {"key", "generate, list, export and import keys of an encrypted key store", runKey},
      {"add", "stage (and with --sign publish) advisories, artifacts and actions", runAdd},
      {"remove", "stage the removal of targets", runRemove},
      {"show", "print what would be signed: roles, versions, expiry, keys, targets", runShow},
      {"sign", "sign the staged change (or write a detached signature file)", runSign},
      {"merge", "add detached signatures made on other machines", runMerge},
      {"discard", "drop the staged change", runDiscard},
      {"rotate", "change a role's keys or threshold (root rotation included)", runRotate},
      {"renew", "re-sign roles before they expire", runRenew},
      {"export-bundle", "sign a new timestamp/snapshot and write an offline bundle", runExportBundle},
      {"validate", "check CSAF 2.0 documents (JSON Schema + mandatory tests) before publishing", runValidate},
      {"render", "render one CSAF 2.0 advisory as text or HTML in the advisory template layout", runRender},
  };
  return kCommands;
}

}  // namespace psirt::publish
