// tuf-conformance-client: the TUF conformance suite's client CLI on
// agent/tuf. Exit status is exactly 0 (success) or 1 (any failure, usage
// errors included): the suite treats every other status as a crash.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "host/tuf_conformance_client/args.h"
#include "host/tuf_conformance_client/client.h"
#include "platform/log/log.h"

int main(int argc, char** argv) {
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    auto parsed = psirt::conformance::parseArgs(args);
    if (!parsed) {
      psirt::log::write("tuf-conformance-client", parsed.error().describe());
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
      psirt::log::write("tuf-conformance-client " + parsed->command, st.error().describe());
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    psirt::log::write("tuf-conformance-client", std::string("internal error: ") + e.what());
    return 1;
  } catch (...) {
    psirt::log::write("tuf-conformance-client", "internal error");
    return 1;
  }
}
