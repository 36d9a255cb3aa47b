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

// --ca-file FILE, when given, read and parsed once (transport::checkCaFile)
// before the command takes the state lock or connects anywhere: a FIFO,
// device, directory, missing, oversized or certificate-less file fails at
// once, kUsage "tls: cannot load CA file FILE: <reason>". The handshakes read
// it again the same way (so a file changed in between is still checked).
Status checkCaFileFlag(const ParsedArgs& args);

// --deadline SECONDS, a whole number from 1 to 86400; absent: the default
// (tuf::kDefaultUpdateDeadlineSeconds, 900). kUsage naming the flag otherwise.
Result<int> updateDeadlineSeconds(const ParsedArgs& args);

}  // namespace psirt::cli
