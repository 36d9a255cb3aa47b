// psirt-publish subcommands: one file per command (cmd_<name>.cc), one row
// each in the table of commands.cc. A command gets the arguments after its
// name and returns the process exit status (0 ok, 1 failure, 2 usage).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace psirt::publish {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

struct Command {
  std::string_view name;
  std::string_view summary;  // one line for the top-level --help
  int (*run)(std::span<const std::string> args);
};

std::span<const Command> commands();

}  // namespace psirt::publish
