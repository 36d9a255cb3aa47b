// Helpers shared by the repository subcommands of psirt-publish (init, key,
// add, remove, show, sign, merge, discard, rotate, renew, export-bundle):
// one-line errors, passphrase and key loading, and the final commit report.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "agent/cli/args.h"
#include "host/publisher/command.h"
#include "host/publisher/keystore/key_store.h"
#include "host/publisher/workspace/workspace.h"

namespace psirt::publish {

// "psirt-publish CMD: MESSAGE (see 'psirt-publish CMD --help')", exit 2.
int usageFail(std::string_view cmd, const std::string& message);
// "psirt-publish CMD: <error line>", exit 1.
int fail(std::string_view cmd, const Error& e);

// Parses args; on --help prints help and sets *exit to 0; on error prints
// the usage line and sets *exit to 2.
std::optional<cli::ParsedArgs> parseCommand(std::string_view cmd, std::span<const std::string> args,
                                            const std::vector<cli::OptionSpec>& specs, const char* help, int* exit);

// The passphrase from --passphrase-fd N (required).
Result<std::string> passphraseFrom(const cli::ParsedArgs& args);

// Unlocks the private keys of the store (only `names` if non-empty) that
// some staged role still needs. Unknown names are errors.
Result<std::vector<repo::SigningKey>> unlockNeeded(const Workspace& ws, const KeyStore& store,
                                                   const std::vector<std::string>& names, std::string_view passphrase);

// Commits the workspace and prints what happened: "published: ..." or
// "staged: ... waiting for ...". Returns the exit status.
int commitAndReport(std::string_view cmd, Workspace& ws);

// --sign: unlock what the staged change needs from --keys, sign, commit.
int signAndCommit(std::string_view cmd, Workspace& ws, const cli::ParsedArgs& args);

// Current time (system clock).
clock::Seconds wallNow();

}  // namespace psirt::publish
