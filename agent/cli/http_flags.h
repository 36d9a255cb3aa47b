// The flags of an HTTP(S) repository, the one parser `update` and `check`
// share: --allow-http, --ca-file FILE, --pin SHA256, --proxy URL, and
// --deadline SECONDS (the update's overall time limit, agent/tuf/deadline.h).
#pragma once

#include <vector>

#include "agent/cli/args.h"
#include "platform/transport/http_client.h"

namespace psirt::cli {

// `specs` with the five flags appended (for parseArgs).
std::vector<OptionSpec> withHttpFlags(std::vector<OptionSpec> specs);

// The request options they set; every other field keeps its default. An
// absent flag leaves its field empty / false (system CA bundle, no pin,
// direct connection, https only).
transport::RequestOptions httpOptions(const ParsedArgs& args);

// --deadline SECONDS, a whole number from 1 to 86400; absent: the default
// (tuf::kDefaultUpdateDeadlineSeconds, 900). kUsage naming the flag otherwise.
Result<int> updateDeadlineSeconds(const ParsedArgs& args);

}  // namespace psirt::cli
