// vers: version range specifiers (https://github.com/package-url/vers-spec),
// e.g. "vers:deb/>=1.2-1|<1.2-5" or the bare range ">=1.2-1|<1.2-5".
//
// Only canonical ranges are accepted; anything else is an error naming the
// rule it breaks (whitespace, case, pipes, percent-encoding, '*' not alone,
// constraints not sorted by version, duplicate versions, redundant or
// impossible comparator sequences). Exact rules: docs/formats/versions.md.
// Inputs longer than kMaxVersLength or with more than kMaxConstraints
// constraints are rejected (ErrorCategory::kLimit).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agent/versions/version.h"
#include "platform/error/result.h"

namespace psirt::versions {

inline constexpr std::size_t kMaxVersLength = 64 * 1024;
inline constexpr std::size_t kMaxConstraints = 1024;

enum class Comparator : std::uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
std::string_view comparatorText(Comparator c);  // "=" "!=" "<" "<=" ">" ">="

struct Constraint {
  Comparator op = Comparator::kEq;
  std::string version;  // percent-decoded exactly once
};

// The scheme-independent layer: "vers:" TYPE "/" CONSTRAINTS checked for
// every syntactic rule of the spec (any lowercase type is accepted here).
struct VersSyntax {
  std::string type;
  bool star = false;  // the range is "*": every version
  std::vector<Constraint> constraints;
};
Result<VersSyntax> parseVersSyntax(std::string_view vers);
// CONSTRAINTS alone (a bare range, "vls").
Result<VersSyntax> parseConstraintsSyntax(std::string_view constraints);

// A validated range of a supported scheme, constraints in canonical order.
struct Range {
  Scheme scheme = Scheme::kGeneric;
  bool star = false;
  std::vector<Constraint> constraints;
  std::vector<Version> versions;  // versions[i] is constraints[i].version parsed
};

// Full parse + canonical validation. Unknown type: ErrorCategory::kUnsupported.
Result<Range> parseRange(std::string_view vers);
// A bare range whose scheme the caller knows (from the product's purl).
Result<Range> parseBareRange(Scheme scheme, std::string_view constraints);

// Whether `version` is in `range` (the spec's containment procedure, with a
// single '<'/'>' bound handled as an open interval). Errors: scheme mismatch;
// omnipcx: no constraint of the version's release line (never guessed).
Result<bool> contains(const Range& range, const Version& version);
Result<bool> contains(const Range& range, std::string_view version);

// Canonical text of a range ("vers:deb/>=1.0|<2.0").
std::string toString(const Range& range);

}  // namespace psirt::versions
