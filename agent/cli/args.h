// A small, strict argument parser shared by the subcommands.
//
// Options are "--name value", "--name=value" or boolean "--name"; every option a
// command accepts is declared, so an unknown or repeated option is a usage error
// with one clear line. "--" ends options.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "platform/error/result.h"

namespace psirt::cli {

struct OptionSpec {
  std::string name;      // without the leading "--"
  bool takes_value = true;
  bool repeatable = false;
};

class ParsedArgs {
 public:
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  std::optional<std::string> get(const std::string& name) const;
  std::vector<std::string> getAll(const std::string& name) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  friend Result<ParsedArgs> parseArgs(std::span<const std::string>, const std::vector<OptionSpec>&);
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positionals_;
};

// "--help" / "-h" are always accepted as booleans.
Result<ParsedArgs> parseArgs(std::span<const std::string> args, const std::vector<OptionSpec>& specs);

// Prints "psirt-agent <command>: <error>" to stderr and returns kExitUsage.
int usageError(std::string_view command, const Error& error);

// The last step of main() in both programs: flushes and closes standard
// output (fs::finishStandardOutput). Output nobody received is a failure:
// a failure the command has not reported already prints "<source>: stdout:
// <errno text>" (e.g. "No space left on device") and turns kExitOk into
// kExitError; any other status is kept (it already says the run was not clean).
int finishOutput(std::string_view source, int status);

}  // namespace psirt::cli
