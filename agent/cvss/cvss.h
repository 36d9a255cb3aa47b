// CVSS v2, v3.0, v3.1 and v4.0 scores, computed exactly as FIRST specifies.
//
// Contract:
//   score(vector) parses one vector string strictly (see docs/formats/cvss.md:
//   prefix, case, duplicates, mandatory metrics, known values, v4.0 order) and
//   returns its scores, or an Error of category kParse whose `code` is a
//   VectorError and whose message names the rule that was broken.
//
// Why integers: every score is held in tenths of a point (0..100) and every
// formula is evaluated with exact decimal (v2, v3.x) or exact rational (v4.0)
// arithmetic, so the result is the one the specification defines and is
// bit-identical on x86_64, aarch64 and armhf (no floating point anywhere).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/error/result.h"

namespace psirt::cvss {

enum class Version { kV2, kV30, kV31, kV40 };

// Qualitative bands (docs/design.md#severity, FIRST's v3/v4 rating scale). v2 has no
// official rating scale; we apply the same numeric bands to v2 scores.
// kNone is the design's "Not impacted" (0.0). An absent score is "unscored",
// which is the caller's business, never kNone.
enum class Band { kNone, kLow, kMedium, kHigh, kCritical };

// A score in tenths of a point: 98 means 9.8.
using Tenths = std::int32_t;

struct Scores {
  Version version = Version::kV31;
  // v2/v3.x: the base score. v4.0: the single CVSS-B/BT/BE/BTE score.
  Tenths base = 0;
  // v3.x: always set (metrics "Not Defined" weigh 1, as the spec says).
  // v2: set only when the vector defines a metric of that group (as FIRST's
  // guide and NVD show "not defined" groups). v4.0: never set.
  std::optional<Tenths> temporal;
  std::optional<Tenths> environmental;
  // The score the band is taken from: environmental if the vector defines an
  // environmental metric, else temporal if it defines a temporal one, else
  // base. v4.0: the score. (A base-only v3.1 vector can have an environmental
  // score 0.1 above its base score; that must not move its band.)
  Tenths overall = 0;
  // v4.0 nomenclature: "CVSS-B", "CVSS-BT", "CVSS-BE" or "CVSS-BTE"; else "".
  std::string_view nomenclature;
};

// Why a vector was rejected; carried in Error::code. Stable numbers.
enum class VectorError : int {
  kEmpty = 1,            // ""
  kTooLong,              // over kMaxVectorLength bytes
  kWhitespace,           // a space, tab, CR or LF anywhere
  kBadCharacter,         // a control or non-ASCII byte
  kBadPrefix,            // not "CVSS:<version>/" and not a v2 vector
  kPrefixCase,           // "cvss:3.1/..."
  kUnsupportedVersion,   // "CVSS:3.2/", "CVSS:2.0/", ...
  kMissingPrefix,        // v3/v4 metrics without "CVSS:x.y/"
  kNoMetrics,            // "CVSS:3.1" alone
  kTrailingSlash,        // ".../A:H/"
  kEmptyField,           // "//" or a leading "/"
  kNoColon,              // "AVN"
  kExtraColon,           // "AV:N:L"
  kEmptyName,            // ":N"
  kEmptyValue,           // "AV:"
  kUnknownMetric,        // "XX:N", or a metric of another CVSS version
  kMetricCase,           // "av:N"
  kUnknownValue,         // "AV:Q", "AV:X" (base metrics cannot be Not Defined)
  kValueCase,            // "AV:n", "U:clear"
  kDuplicateMetric,      // "AV:N/.../AV:L"
  kMissingMandatory,     // a base metric is absent
  kOrder,                // v4.0 metrics out of the specification's order
};

inline constexpr std::size_t kMaxVectorLength = 512;

// Parses and scores one vector. Errors: kParse with code = VectorError.
Result<Scores> score(std::string_view vector);

// Whether `vector` (scored as `scores`) sets environmental metrics to a defined
// value: v2 CDP/TD/CR/IR/AR, v3.x CR/IR/AR and the modified base metrics, v4.0
// a CVSS-BE/BTE nomenclature. Such a vector is a re-score in a product or site
// context (the PSIRT's AVSS, docs/design.md#severity), not the CVE's base score.
bool definesEnvironmental(std::string_view vector, const Scores& scores);

Band bandOf(Tenths score);
std::string_view bandName(Band band);       // "None", "Low", "Medium", "High", "Critical"
std::string_view versionName(Version version);  // "2.0", "3.0", "3.1", "4.0"
std::string formatScore(Tenths score);      // one decimal: "9.8", "10.0", "0.0"

}  // namespace psirt::cvss
