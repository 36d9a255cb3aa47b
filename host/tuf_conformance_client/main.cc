// tuf-conformance-client: the TUF conformance suite's client CLI on
// agent/tuf. Exit status is exactly 0 (success) or 1 (any failure, usage
// errors included): the suite treats every other status as a crash.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "host/tuf_conformance_client/args.h"
#include "host/tuf_conformance_client/client.h"

int main(int argc, char** argv) {
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    auto parsed = psirt::conformance::parseArgs(args);
    if (!parsed) {
      std::fprintf(stderr, "tuf-conformance-client: %s\n", parsed.error().describe().c_str());
      return 1;
    }
    psirt::Status st;
    if (parsed->command == "init") {
      st = psirt::conformance::runInit(*parsed);
    } else if (parsed->command == "refresh") {
      st = psirt::conformance::runRefresh(*parsed);
    } else {
      st = psirt::conformance::runDownload(*parsed);
    }
    if (!st) {
      std::fprintf(stderr, "tuf-conformance-client %s: %s\n", parsed->command.c_str(), st.error().describe().c_str());
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tuf-conformance-client: internal error: %s\n", e.what());
    return 1;
  } catch (...) {
    std::fprintf(stderr, "tuf-conformance-client: internal error\n");
    return 1;
  }
}
