// Scheme names, dispatch, and the helpers shared by the scheme files.
#include "agent/versions/version.h"

#include "agent/versions/schemes.h"
#include "platform/log/log.h"

namespace psirt::versions {

namespace detail {

Error parseError(std::string message, std::string_view text) {
  // One printable line, whatever the version holds (log::oneLine).
  return makeError(ErrorCategory::kParse, std::move(message), "version '" + log::oneLine(text.substr(0, 80)) + "'");
}

int compareDigitRuns(std::string_view a, std::string_view b) {
  while (!a.empty() && a[0] == '0') a.remove_prefix(1);
  while (!b.empty() && b[0] == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int r = a.compare(b);
  return r < 0 ? -1 : (r > 0 ? 1 : 0);
}

}  // namespace detail

namespace {
struct SchemeName {
  Scheme scheme;
  std::string_view name;
};
constexpr SchemeName kSchemes[] = {
    {Scheme::kDeb, "deb"},       {Scheme::kRpm, "rpm"},         {Scheme::kOpkg, "opkg"},
    {Scheme::kApk, "apk"},       {Scheme::kSemver, "semver"},   {Scheme::kGeneric, "generic"},
    {Scheme::kOmnipcx, "omnipcx"},
};
}  // namespace

std::string_view schemeName(Scheme s) {
  for (const auto& e : kSchemes) if (e.scheme == s) return e.name;
  return "?";
}

Result<Scheme> schemeFromName(std::string_view name) {
  for (const auto& e : kSchemes) if (e.name == name) return e.scheme;
  return makeError(ErrorCategory::kUnsupported,
                   "unknown version scheme (deb, rpm, opkg, apk, semver, generic, omnipcx)",
                   "scheme '" + std::string(name.substr(0, 40)) + "'");
}

Result<Version> parse(Scheme scheme, std::string_view text) {
  if (text.size() > kMaxVersionLength) {
    return makeError(ErrorCategory::kLimit, "version longer than 1024 bytes", std::string(schemeName(scheme)));
  }
  Version v;
  v.scheme = scheme;
  Status st;
  switch (scheme) {
    case Scheme::kDeb: st = detail::parseDeb(text, v); break;
    case Scheme::kOpkg: st = detail::parseOpkg(text, v); break;
    case Scheme::kRpm: st = detail::parseRpm(text, v); break;
    case Scheme::kApk: st = detail::parseApk(text, v); break;
    case Scheme::kSemver: st = detail::parseSemver(text, v); break;
    case Scheme::kGeneric: st = detail::parseGeneric(text, v); break;
    case Scheme::kOmnipcx: st = detail::parseOmnipcx(text, v); break;
  }
  if (!st) return st.error().within(schemeName(scheme));
  return v;
}

Result<int> compare(const Version& a, const Version& b) {
  if (a.scheme != b.scheme) {
    return makeError(ErrorCategory::kUnsupported, "versions of different schemes are not comparable",
                     std::string(schemeName(a.scheme)) + " vs " + std::string(schemeName(b.scheme)));
  }
  switch (a.scheme) {
    case Scheme::kDeb:
    case Scheme::kOpkg: return detail::compareDeb(a, b);
    case Scheme::kRpm: return detail::compareRpm(a, b);
    case Scheme::kApk: return detail::compareApk(a, b);
    case Scheme::kSemver: return detail::compareSemver(a, b);
    case Scheme::kGeneric: return detail::compareGeneric(a, b);
    case Scheme::kOmnipcx: return detail::compareOmnipcx(a, b);
  }
  return makeError(ErrorCategory::kInternal, "unknown scheme");
}

Result<int> compare(Scheme scheme, std::string_view a, std::string_view b) {
  if (scheme == Scheme::kDeb && a.size() <= kMaxVersionLength && b.size() <= kMaxVersionLength) {
    detail::DebView va, vb;  // fast path: no allocation; errors come from parse() below
    if (detail::splitDeb(a, va).ok() && detail::splitDeb(b, vb).ok()) return detail::compareDebViews(va, vb);
  }
  PSIRT_ASSIGN_OR_RETURN(va, parse(scheme, a));
  PSIRT_ASSIGN_OR_RETURN(vb, parse(scheme, b));
  return compare(va, vb);
}

std::string canonical(const Version& v) { return v.text; }

}  // namespace psirt::versions
