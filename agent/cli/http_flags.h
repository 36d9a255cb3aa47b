// The four flags of an HTTP(S) repository, the one parser `update` and
// `check` share: --allow-http, --ca-file FILE, --pin SHA256, --proxy URL.
#pragma once

#include <vector>

#include "agent/cli/args.h"
#include "platform/transport/http_client.h"

namespace psirt::cli {

// `specs` with the four flags appended (for parseArgs).
std::vector<OptionSpec> withHttpFlags(std::vector<OptionSpec> specs);

// The request options they set; every other field keeps its default. An
// absent flag leaves its field empty / false (system CA bundle, no pin,
// direct connection, https only).
transport::RequestOptions httpOptions(const ParsedArgs& args);

}  // namespace psirt::cli
