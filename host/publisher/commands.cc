// The table of psirt-publish subcommands. Add one row per cmd_<name>.cc.
#include "host/publisher/command.h"

namespace psirt::publish {

int runValidate(std::span<const std::string> args);
int runRender(std::span<const std::string> args);

std::span<const Command> commands() {
  static const Command kCommands[] = {
      {"validate", "check CSAF 2.0 documents (JSON Schema + mandatory tests) before publishing", runValidate},
      {"render", "render one CSAF 2.0 advisory as text or HTML in the advisory template layout", runRender},
  };
  return kCommands;
}

}  // namespace psirt::publish
