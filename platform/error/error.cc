#include "platform/error/error.h"

namespace psirt {

std::string_view toString(ErrorCategory c) {
  switch (c) {
    case ErrorCategory::kUsage: return "usage";
    case ErrorCategory::kIo: return "io";
    case ErrorCategory::kParse: return "parse";
    case ErrorCategory::kSecurity: return "security";
    case ErrorCategory::kUnsupported: return "unsupported";
    case ErrorCategory::kLimit: return "limit";
    case ErrorCategory::kInternal: return "internal";
  }
  return "internal";
}

std::string_view toString(SecurityCode s) {
  switch (s) {
    case SecurityCode::kNone: return "none";
    case SecurityCode::kBadSignature: return "bad signature";
    case SecurityCode::kThresholdNotMet: return "threshold not met";
    case SecurityCode::kExpired: return "expired";
    case SecurityCode::kRollback: return "rollback";
    case SecurityCode::kHashMismatch: return "hash mismatch";
    case SecurityCode::kLengthMismatch: return "length mismatch";
    case SecurityCode::kBadVersion: return "bad version";
    case SecurityCode::kWrongType: return "wrong type";
    case SecurityCode::kUntrustedRoot: return "untrusted root";
    case SecurityCode::kTargetNotDelegated: return "target not delegated";
    case SecurityCode::kClockBehindFloor: return "clock behind floor";
  }
  return "none";
}

}  // namespace psirt
