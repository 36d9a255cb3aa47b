// The three subcommands of the TUF conformance client protocol
// (docs/operations/tuf-conformance.md)
// on agent/tuf's Updater with the HTTP fetcher. Each returns a Status; main()
// maps success to exit 0 and any failure to exit 1 (never anything else).
#pragma once

#include <string>

#include "host/tuf_conformance_client/args.h"
#include "platform/error/result.h"

namespace psirt::conformance {

// Copies ROOTFILE's bytes to D/root.json. No network, no validation (the
// next refresh verifies it before making any request).
Status runInit(const Args& args);
// Top-level refresh: root chain, timestamp, snapshot, targets.
Status runRefresh(const Args& args);
// Refresh, then for each --target-name in order: delegation search, cache
// check in O, download, verify, save as O/<artifactFileName(name)>.
Status runDownload(const Args& args);

// File name of a target inside O: percent-encoded (no '/' so nothing escapes
// O; "." and ".." encoded too), SHA-256 of the name when it would be long.
std::string artifactFileName(const std::string& target_name);

}  // namespace psirt::conformance
