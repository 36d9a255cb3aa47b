// The conformance suite's command line (docs/operations/tuf-conformance.md):
//   CLIENT [options...] init ROOTFILE | refresh | download
// Options (any order, all before the subcommand): --metadata-dir D,
// --metadata-url U, --target-name P (repeatable, order kept), --target-dir O,
// --target-base-url T, -v.
#pragma once

#include <string>
#include <vector>

#include "platform/error/result.h"

namespace psirt::conformance {

struct Args {
  std::string command;        // "init" | "refresh" | "download"
  std::string root_file;      // init
  std::string metadata_dir;
  std::string metadata_url;
  std::vector<std::string> target_names;
  std::string target_dir;
  std::string target_base_url;
  bool verbose = false;
};

// kUsage naming the offending argument; checks each subcommand's required options.
Result<Args> parseArgs(const std::vector<std::string>& argv);

}  // namespace psirt::conformance
