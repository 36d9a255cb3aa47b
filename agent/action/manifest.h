// Reading an action manifest `psirt-action/1` (docs/formats/action.md,
// docs/formats/action.schema.json) into the validated types of action.h.
//
// Strict: the document is refused when it holds an unknown member, a value of
// the wrong type, a value out of its bounds, or anything that breaks the
// contract written at the top of action.h. Nothing partial is ever returned.
#pragma once

#include <cstddef>
#include <string_view>

#include "agent/action/action.h"
#include "platform/error/result.h"

namespace psirt::action {

inline constexpr std::size_t kMaxManifestBytes = 1u << 20;  // the whole document
inline constexpr std::size_t kMaxStringBytes = 4096;        // one string or key
inline constexpr std::size_t kMaxSteps = 64;
inline constexpr std::size_t kMaxArgs = 64;       // args, check_args, revert_args each
inline constexpr std::size_t kMaxListItems = 64;  // advisories, product_ids, architectures, exit codes
inline constexpr std::int64_t kMaxTimeoutSeconds = 86400;

// Parses and validates `bytes`. `name` names the document in errors (the
// target name "actions/x.json" or the file given on the command line).
// Errors: kLimit for a bound (size, string length, count), kParse otherwise;
// every error is one line whose context is "<name>: <JSON pointer>" ("/" for
// the document itself, "byte N" for a JSON syntax error).
Result<Action> parseActionManifest(std::string_view bytes, std::string_view name);

}  // namespace psirt::action
