// Package URL (purl), as specified by package-url/purl-spec (ECMA-427):
//   pkg:<type>/<namespace>/<name>@<version>?<qualifiers>#<subpath>
//
// parsePurl() accepts any valid purl (case-insensitive scheme and type,
// "pkg://" slashes, percent-encoded components, qualifiers in any order) and
// returns its decoded components, normalized per type (deb, apk, alpm,
// github, bitbucket: lower-case namespace and name; rpm: lower-case
// namespace; pypi: lower-case name, '_' -> '-'). toString() builds the one
// canonical form: lower-case type, qualifiers sorted by key, empty qualifier
// values dropped, every byte outside [A-Za-z0-9.-_~:] percent-encoded (qualifier
// values also keep '/'), subpath without empty, "." and ".." segments.
//
// Errors (kParse, one line, naming the part at fault): no "pkg:" scheme, empty
// or invalid type, empty name, bad percent escape, invalid or duplicate
// qualifier key, input longer than kMaxPurlLength (kLimit).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/error/result.h"

namespace psirt::identity {

inline constexpr std::size_t kMaxPurlLength = 16 * 1024;

struct Purl {
  std::string type;        // lower case, never empty
  std::string namespace_;  // decoded segments joined by '/', may be empty
  std::string name;        // decoded, never empty
  std::string version;     // decoded, may be empty (no version)
  // Decoded, keys lower case, sorted by key, no empty values, unique keys.
  std::vector<std::pair<std::string, std::string>> qualifiers;
  std::string subpath;     // decoded segments joined by '/', may be empty

  std::optional<std::string> qualifier(std::string_view key) const;
  // Sets (or with an empty value removes) a qualifier, keeping the order.
  void setQualifier(std::string key, std::string value);
  // The canonical string form (see the file comment).
  std::string toString() const;

  bool operator==(const Purl&) const = default;
};

Result<Purl> parsePurl(std::string_view text);

// Builds a Purl from raw (decoded) components, applying the per-type
// normalization and validation of parsePurl.
Result<Purl> makePurl(std::string type, std::string namespace_, std::string name,
                      std::string version = {},
                      std::vector<std::pair<std::string, std::string>> qualifiers = {},
                      std::string subpath = {});

// The identity used for matching (docs/formats/evaluation.md R1): same type,
// namespace and name, and the same "arch" qualifier when both carry one.
// Versions and other qualifiers are not part of the identity.
bool samePackageIdentity(const Purl& a, const Purl& b);

}  // namespace psirt::identity
