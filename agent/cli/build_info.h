// What this binary is: version, crypto backend, target triple.
#pragma once

#include <cstdint>
#include <string>

namespace psirt::cli {
std::string versionString();   // "psirt-agent 0.1.0"
std::string targetTriple();    // e.g. "arm-linux-gnueabihf"
// Lower bound of the TUF time floor (docs/design.md#time): the configure time, or
// SOURCE_DATE_EPOCH when set (reproducible builds); 0 if unknown.
std::int64_t buildEpoch();
}  // namespace psirt::cli
