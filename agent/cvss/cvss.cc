// Entry point: byte-level checks, version detection from the prefix, then the
// version's table and formula. Bands and formatting are integer-only.
#include "agent/cvss/cvss.h"

#include <string>

#include "agent/cvss/versions.h"

namespace psirt::cvss {

namespace {

using detail::vectorError;

bool startsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != prefix[i]) return false;
  }
  return true;
}

// Names that exist in v3.x or v4.0 but not in v2: a vector without a prefix
// that uses one of them is a v3/v4 vector that lost its "CVSS:x.y/" prefix.
bool looksLikeV3OrV4(std::string_view body) {
  static constexpr std::string_view kNames[] = {"PR", "UI", "S", "AT", "VC", "VI", "VA", "SC", "SI", "SA"};
  std::size_t pos = 0;
  while (pos <= body.size()) {
    std::size_t end = body.find('/', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view field = body.substr(pos, end - pos);
    std::string_view name = field.substr(0, field.find(':'));
    for (auto n : kNames) {
      if (name == n) return true;
    }
    pos = end + 1;
  }
  return false;
}

Status checkBytes(std::string_view v) {
  if (v.empty()) return vectorError(VectorError::kEmpty, "empty vector");
  if (v.size() > kMaxVectorLength) {
    return vectorError(VectorError::kTooLong, "vector is " + std::to_string(v.size()) + " bytes, over the limit of " +
                                                  std::to_string(kMaxVectorLength));
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto c = static_cast<unsigned char>(v[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      return vectorError(VectorError::kWhitespace, "whitespace at offset " + std::to_string(i));
    }
    if (c < 0x21 || c > 0x7e) {
      return vectorError(VectorError::kBadCharacter,
                         "non-printable or non-ASCII byte 0x" + std::string(1, "0123456789abcdef"[c >> 4]) +
                             std::string(1, "0123456789abcdef"[c & 15]) + " at offset " + std::to_string(i));
    }
  }
  return okStatus();
}

}  // namespace

Result<Scores> score(std::string_view vector) {
  PSIRT_TRY(checkBytes(vector));
  constexpr std::string_view kPrefix = "CVSS:";
  if (vector.substr(0, kPrefix.size()) != kPrefix) {
    if (startsWithIgnoreCase(vector, kPrefix)) {
      return vectorError(VectorError::kPrefixCase, "prefix must be written 'CVSS:' (upper case)");
    }
    if (vector.front() == '/') return vectorError(VectorError::kEmptyField, "empty field in field 1 (offset 0)");
    // No prefix: a CVSS v2 vector (NVD and the v2 guide write none).
    std::string_view first = vector.substr(0, vector.find('/'));
    if (first.find(':') == std::string_view::npos) {
      return vectorError(VectorError::kBadPrefix, "vector must start with 'CVSS:<version>/' (v3.x, v4.0) or be a v2 "
                                                  "vector such as 'AV:N/AC:L/Au:N/C:N/I:N/A:N'");
    }
    if (looksLikeV3OrV4(vector)) {
      return vectorError(VectorError::kMissingPrefix,
                         "CVSS v3/v4 metrics without a 'CVSS:3.0/', 'CVSS:3.1/' or 'CVSS:4.0/' prefix");
    }
    PSIRT_ASSIGN_OR_RETURN(parsed, detail::parseMetrics(vector, 0, detail::tableV2()));
    return detail::scoreV2(parsed);
  }
  std::string_view rest = vector.substr(kPrefix.size());
  std::size_t slash = rest.find('/');
  std::string_view version = rest.substr(0, slash);
  std::size_t body_offset = kPrefix.size() + version.size() + 1;
  std::string_view body = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
  const detail::MetricTable* table = nullptr;
  Version v{};
  if (version == "3.0") {
    table = &detail::tableV30();
    v = Version::kV30;
  } else if (version == "3.1") {
    table = &detail::tableV31();
    v = Version::kV31;
  } else if (version == "4.0") {
    table = &detail::tableV40();
    v = Version::kV40;
  } else if (version == "2.0" || version == "2") {
    return vectorError(VectorError::kUnsupportedVersion,
                       "CVSS v2 vectors have no prefix: write 'AV:N/AC:L/...' without 'CVSS:" + std::string(version) + "/'");
  } else {
    return vectorError(VectorError::kUnsupportedVersion,
                       "unsupported CVSS version '" + std::string(version) + "' (3.0, 3.1, 4.0, or a v2 vector without prefix)");
  }
  if (slash == std::string_view::npos) {
    return vectorError(VectorError::kNoMetrics, "no metrics after 'CVSS:" + std::string(version) + "'");
  }
  if (body.empty()) {
    return vectorError(VectorError::kTrailingSlash, "trailing '/' at offset " + std::to_string(vector.size() - 1) +
                                                        " and no metrics");
  }
  PSIRT_ASSIGN_OR_RETURN(parsed, detail::parseMetrics(body, body_offset, *table));
  return v == Version::kV40 ? detail::scoreV4(parsed) : detail::scoreV3(parsed, v);
}

Band bandOf(Tenths score) {
  if (score <= 0) return Band::kNone;
  if (score <= 39) return Band::kLow;
  if (score <= 69) return Band::kMedium;
  if (score <= 89) return Band::kHigh;
  return Band::kCritical;
}

std::string_view bandName(Band band) {
  switch (band) {
    case Band::kNone: return "None";
    case Band::kLow: return "Low";
    case Band::kMedium: return "Medium";
    case Band::kHigh: return "High";
    case Band::kCritical: return "Critical";
  }
  return "None";
}

std::string_view versionName(Version version) {
  switch (version) {
    case Version::kV2: return "2.0";
    case Version::kV30: return "3.0";
    case Version::kV31: return "3.1";
    case Version::kV40: return "4.0";
  }
  return "?";
}

std::string formatScore(Tenths score) {
  return std::to_string(score / 10) + "." + std::to_string(score % 10);
}

bool definesEnvironmental(std::string_view vector, const Scores& s) {
  if (s.version == Version::kV40) return s.nomenclature.find('E', 5) != std::string_view::npos;
  static constexpr std::string_view kMetrics[] = {"/CDP:", "/TD:", "/CR:", "/IR:", "/AR:", "/MAV:", "/MAC:",
                                                  "/MPR:", "/MUI:", "/MS:", "/MC:", "/MI:", "/MA:"};
  for (auto m : kMetrics) {
    auto pos = vector.find(m);
    if (pos == std::string_view::npos) continue;
    auto value = vector.substr(pos + m.size());
    if (value.substr(0, 1) != "X" && value.substr(0, 2) != "ND") return true;
  }
  return false;
}

}  // namespace psirt::cvss
