// What this binary is: version, crypto backend, target triple.
#pragma once

#include <string>

namespace psirt::cli {
std::string versionString();   // "psirt-agent 0.1.0"
std::string targetTriple();    // e.g. "arm-linux-gnueabihf"
}  // namespace psirt::cli
