// One error type for the whole code base.
//
// Every fallible function returns Result<T> (a value or an Error). No exception
// crosses a component boundary: adapters around throwing libraries (the JSON parser,
// std::filesystem) catch inside and return an Error.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace psirt {

// Broad kind of failure; decides exit codes and how a caller may react.
enum class ErrorCategory {
  kUsage,      // bad command line or configuration
  kIo,         // file system, process, network
  kParse,      // malformed input (untrusted data)
  kSecurity,   // verification failed: see SecurityCode for the closed list
  kUnsupported,// valid input we cannot evaluate (unknown scheme, algorithm)
  kLimit,      // a size, depth, time or count bound was hit
  kInternal,   // a bug: an invariant did not hold
};

// The closed list of security failures (TUF and signatures). A raw crypto
// check only says ok / fail; the caller maps that to one of these.
enum class SecurityCode {
  kNone,
  kBadSignature,
  kThresholdNotMet,
  kExpired,
  kRollback,
  kHashMismatch,
  kLengthMismatch,
  kBadVersion,
  kWrongType,
  kUntrustedRoot,
  kTargetNotDelegated,
  kClockBehindFloor,
};

struct Error {
  ErrorCategory category = ErrorCategory::kInternal;
  SecurityCode security = SecurityCode::kNone;
  int code = 0;            // errno or a library code when one exists, else 0
  std::string message;     // what went wrong, one line, no secrets
  std::string context;     // where: file, field, JSON pointer, host, role

  // "context: message", the one line printed to stderr.
  [[nodiscard]] std::string describe() const {
    return context.empty() ? message : context + ": " + message;
  }
  // Prefixes context (outer layers add where they were; inner keep the detail).
  [[nodiscard]] Error within(std::string_view outer) const {
    Error e = *this;
    e.context = context.empty() ? std::string(outer) : std::string(outer) + ": " + context;
    return e;
  }
};

inline Error makeError(ErrorCategory c, std::string message, std::string context = {}, int code = 0) {
  return Error{c, SecurityCode::kNone, code, std::move(message), std::move(context)};
}
inline Error securityError(SecurityCode s, std::string message, std::string context = {}) {
  return Error{ErrorCategory::kSecurity, s, 0, std::move(message), std::move(context)};
}

std::string_view toString(ErrorCategory c);
std::string_view toString(SecurityCode s);

}  // namespace psirt
