// Exit statuses of psirt-agent (docs/design.md#command-lines-and-exit-status); stable, documented in --help.
#pragma once

namespace psirt::cli {
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitTrust = 3;     // trust failure: nothing accepted
inline constexpr int kExitExposure = 4;  // exposure at or above --fail-on
}  // namespace psirt::cli
