// The one error line of a failed command (docs/design.md#command-lines-and-exit-status: one clear line naming
// the file, field or host at fault) and its exit status.
#pragma once

#include <string_view>

#include "platform/error/result.h"

namespace psirt::cli {

// Prints "psirt-agent <command>: <prefix>[trust failure: ]<context: message>
// [<security code>]" on stderr, made printable (log::oneLine: errors quote
// servers and files), and returns kExitTrust for kSecurity, kExitUsage for
// kUsage, kExitError otherwise.
int commandError(std::string_view command, const Error& e, std::string_view prefix = {});

}  // namespace psirt::cli
