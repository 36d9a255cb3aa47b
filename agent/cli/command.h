// The agent's subcommands: one file per command (cmd_<name>.cc), one row each
// in the table of commands.cc. A command gets its arguments after its name and
// returns a process exit status (see exit_codes.h).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace psirt::cli {

struct Command {
  std::string_view name;
  std::string_view summary;  // one line for the top-level --help
  int (*run)(std::span<const std::string> args);
};

std::span<const Command> commands();

}  // namespace psirt::cli
