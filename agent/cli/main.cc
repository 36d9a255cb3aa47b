// psirt-agent: dispatches to one subcommand. Global --help and --version.
#include <cstdio>
#include <string>
#include <vector>

#include "agent/cli/args.h"
#include "agent/cli/build_info.h"
#include "agent/cli/command.h"
#include "agent/cli/exit_codes.h"
#include "platform/crypto/crypto.h"
#include "platform/log/log.h"

namespace {

void printHelp() {
  std::printf(
      "usage: psirt-agent [--version] [--help] COMMAND [ARGS...]\n\n"
      "Inventories this system, verifies signed PSIRT advisories (TUF + CSAF 2.0)\n"
      "and reports exposure. 'psirt-agent COMMAND --help' describes one command.\n\n"
      "commands:\n");
  for (const auto& c : psirt::cli::commands()) {
    std::printf("  %-12.*s %.*s\n", static_cast<int>(c.name.size()), c.name.data(),
                static_cast<int>(c.summary.size()), c.summary.data());
  }
  std::printf(
      "\nexit status: 0 success, 1 error (also: standard output could not be written),\n"
      "             2 usage (also: an --out FILE that is a symlink, device, FIFO,\n"
      "             socket, directory or inside the state directory), 3 trust failure\n"
      "             (nothing accepted), 4 exposure at or above --fail-on\n");
}

}  // namespace

namespace {

int dispatch(const std::vector<std::string>& args) {
  if (args.empty()) {
    printHelp();
    return psirt::cli::kExitUsage;
  }
  const std::string& first = args[0];
  if (first == "--help" || first == "-h" || first == "help") {
    printHelp();
    return psirt::cli::kExitOk;
  }
  if (first == "--version") {
    std::printf("%s\ncrypto: %s\ntarget: %s\n", psirt::cli::versionString().c_str(),
                psirt::crypto::backendName().c_str(), psirt::cli::targetTriple().c_str());
    return psirt::cli::kExitOk;
  }
  for (const auto& c : psirt::cli::commands()) {
    if (c.name == first) {
      return c.run(std::span<const std::string>(args).subspan(1));
    }
  }
  psirt::log::write("psirt-agent", "unknown command '" + first + "' (see psirt-agent --help)");
  return psirt::cli::kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  bool known = false;
  for (const auto& c : psirt::cli::commands()) known = known || (!args.empty() && c.name == args[0]);
  // Output nobody received is a failure (docs/design.md#command-lines-and-exit-status).
  return psirt::cli::finishOutput(known ? "psirt-agent " + args[0] : "psirt-agent", dispatch(args));
}
