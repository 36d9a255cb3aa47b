// psirt-publish: the PSIRT's host tool. Dispatches to one subcommand.
#include <cstdio>
#include <string>
#include <vector>

#include "agent/cli/args.h"
#include "host/publisher/command.h"
#include "platform/log/log.h"

namespace {

void printHelp() {
  std::printf(
      "usage: psirt-publish [--help] COMMAND [ARGS...]\n\n"
      "Prepares signed PSIRT advisory repositories. 'psirt-publish COMMAND --help'\n"
      "describes one command.\n\ncommands:\n");
  for (const auto& c : psirt::publish::commands()) {
    std::printf("  %-12.*s %.*s\n", static_cast<int>(c.name.size()), c.name.data(),
                static_cast<int>(c.summary.size()), c.summary.data());
  }
  std::printf(
      "\nexit status: 0 success, 1 failure (also: standard output could not be written),\n"
      "             2 usage (also: an --out FILE that is a symlink, device, FIFO, socket,\n"
      "             directory, or inside the workspace or key store)\n");
}

int dispatch(const std::vector<std::string>& args) {
  if (args.empty()) {
    printHelp();
    return psirt::publish::kExitUsage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    printHelp();
    return psirt::publish::kExitOk;
  }
  for (const auto& c : psirt::publish::commands()) {
    if (c.name == args[0]) return c.run(std::span<const std::string>(args).subspan(1));
  }
  psirt::log::write("psirt-publish", "unknown command '" + args[0] + "' (see psirt-publish --help)");
  return psirt::publish::kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  bool known = false;
  for (const auto& c : psirt::publish::commands()) known = known || (!args.empty() && c.name == args[0]);
  // Output nobody received is a failure (exit 1, "stdout: <errno text>").
  return psirt::cli::finishOutput(known ? "psirt-publish " + args[0] : "psirt-publish", dispatch(args));
}
