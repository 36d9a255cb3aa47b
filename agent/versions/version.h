// Version parsing and ordering for every scheme psirt-agent evaluates
// (docs/design.md#inventory-and-versions; exact rules in docs/formats/versions.md).
//
//   auto a = parse(Scheme::kDeb, "1:2.30-1");      // error: reason, never a crash
//   auto c = compare(*a, *b);                      // -1, 0, 1 or an error
//
// A Version is a validated, self-contained value (it owns its text). Comparing
// versions of different schemes, or omnipcx versions of different release
// lines, is an error (ErrorCategory::kUnsupported): they have no order.
// Inputs longer than kMaxVersionLength are rejected (ErrorCategory::kLimit).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "platform/error/result.h"

namespace psirt::versions {

inline constexpr std::size_t kMaxVersionLength = 1024;

// Scheme names are the vers types: deb, rpm, opkg, apk, semver, generic, omnipcx.
enum class Scheme : std::uint8_t { kDeb, kRpm, kOpkg, kApk, kSemver, kGeneric, kOmnipcx };

std::string_view schemeName(Scheme s);
// Exact lowercase vers type; "npm" is accepted as semver. Unknown: kUnsupported.
Result<Scheme> schemeFromName(std::string_view name);

struct Version {
  Scheme scheme = Scheme::kGeneric;
  std::string text;      // the version as given (deb: without surrounding blanks)
  // Split parts, meaning per scheme:
  //   deb/opkg: epoch digits (strtol-valid, <= INT_MAX), upstream, revision
  //   rpm:      epoch (digits or empty), version, release
  //   omnipcx:  epoch = release line ("12.4"), upstream = technical version
  //             ("M5.304.19"), revision = patch-set level ("a") or empty
  //   others:   upstream = text
  std::string epoch;
  bool has_epoch = false;
  std::string upstream;
  std::string revision;
  bool has_revision = false;
  std::uint32_t epoch_value = 0;  // deb/opkg numeric epoch
};

// Validates `text` under `scheme`. Errors are kParse with the reason, and the
// version text as context.
Result<Version> parse(Scheme scheme, std::string_view text);

// -1, 0 or 1. Error when the schemes differ or the versions are incomparable
// (omnipcx release lines differ).
Result<int> compare(const Version& a, const Version& b);

// parse + parse + compare.
Result<int> compare(Scheme scheme, std::string_view a, std::string_view b);

// Canonical spelling used for equality in vers ranges and for printing
// (omnipcx: "12.4-M5.304.19[.a]"; others: text).
std::string canonical(const Version& v);

}  // namespace psirt::versions
