#include "agent/evaluate/range_match.h"

#include "agent/versions/vers.h"

namespace psirt::evaluate {

namespace {

constexpr std::string_view kAll = "vers:all/";

Result<versions::Range> parseFor(std::string_view range, versions::Scheme scheme) {
  if (range.rfind(kAll, 0) == 0) {
    // vers:all (CISA, Siemens): constraints read in the scheme of the matched
    // product, which the installed version carries.
    auto parsed = versions::parseBareRange(scheme, range.substr(kAll.size()));
    if (!parsed) {
      return parsed.error().within("range '" + std::string(range) + "' read as " +
                                   std::string(versions::schemeName(scheme)));
    }
    return parsed;
  }
  auto parsed = range.rfind("vers:", 0) == 0 ? versions::parseRange(range) : versions::parseBareRange(scheme, range);
  if (!parsed) return parsed.error().within("range '" + std::string(range) + "'");
  return parsed;
}

}  // namespace

Result<bool> rangeContains(std::string_view range, const versions::Version& version) {
  if (range.empty()) return true;  // a product without version: every version
  if (range == "vers:all/*") return true;
  PSIRT_ASSIGN_OR_RETURN(parsed, parseFor(range, version.scheme));
  if (parsed.scheme != version.scheme) {
    return makeError(ErrorCategory::kUnsupported,
                     "range scheme " + std::string(versions::schemeName(parsed.scheme)) +
                         " cannot judge a " + std::string(versions::schemeName(version.scheme)) + " version",
                     std::string(range));
  }
  if (version.scheme == versions::Scheme::kOmnipcx && !parsed.star) {
    // A range about other release lines says nothing about this one (R1:
    // versions of different trains are never compared).
    bool same_line = false;
    for (const auto& v : parsed.versions) same_line = same_line || v.epoch == version.epoch;
    if (!same_line) return false;
  }
  return versions::contains(parsed, version);
}

}  // namespace psirt::evaluate
