#include "agent/evaluate/verdict.h"

namespace psirt::evaluate {

std::string_view toString(Status s) {
  switch (s) {
    case Status::kAffected: return "affected";
    case Status::kUnderInvestigation: return "under_investigation";
    case Status::kUnknown: return "unknown";
    case Status::kFixed: return "fixed";
    case Status::kNotAffected: return "not_affected";
    case Status::kNotInstalled: return "not_installed";
  }
  return "unknown";
}

std::string_view toString(Basis b) {
  switch (b) {
    case Basis::kExact: return "exact";
    case Basis::kRange: return "range";
    case Basis::kInferred: return "inferred";
    case Basis::kVex: return "vex";
    case Basis::kNoMatch: return "no-match";
    case Basis::kUndecidable: return "undecidable";
  }
  return "no-match";
}

}  // namespace psirt::evaluate
