#include "host/tuf_conformance_client/args.h"

namespace psirt::conformance {
namespace {

Error usage(std::string what) { return makeError(ErrorCategory::kUsage, std::move(what), "command line"); }

}  // namespace

Result<Args> parseArgs(const std::vector<std::string>& argv) {
  Args a;
  std::size_t i = 0;
  for (; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "-v" || arg == "--verbose") {
      a.verbose = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) break;
    if (i + 1 >= argv.size()) return usage("option " + arg + " needs a value");
    const std::string& value = argv[++i];
    if (arg == "--metadata-dir") {
      a.metadata_dir = value;
    } else if (arg == "--metadata-url") {
      a.metadata_url = value;
    } else if (arg == "--target-name") {
      a.target_names.push_back(value);
    } else if (arg == "--target-dir") {
      a.target_dir = value;
    } else if (arg == "--target-base-url") {
      a.target_base_url = value;
    } else {
      return usage("unknown option " + arg);
    }
  }
  if (i >= argv.size()) return usage("missing subcommand (init, refresh or download)");
  a.command = argv[i++];
  if (a.metadata_dir.empty()) return usage("--metadata-dir is required");
  if (a.command == "init") {
    if (i >= argv.size()) return usage("init needs ROOTFILE");
    a.root_file = argv[i++];
  } else if (a.command == "refresh") {
    if (a.metadata_url.empty()) return usage("refresh needs --metadata-url");
  } else if (a.command == "download") {
    if (a.metadata_url.empty() || a.target_dir.empty() || a.target_base_url.empty() || a.target_names.empty()) {
      return usage("download needs --metadata-url, --target-name, --target-dir and --target-base-url");
    }
  } else {
    return usage("unknown subcommand " + a.command);
  }
  if (i != argv.size()) return usage("unexpected argument " + argv[i]);
  return a;
}

}  // namespace psirt::conformance
