// Per-scheme parse and compare functions behind version.h (internal header).
// Each parseX fills a Version whose scheme is already set; each compareX
// receives two versions of its scheme that parseX accepted.
#pragma once

#include <string_view>

#include "agent/versions/version.h"

namespace psirt::versions::detail {

Status parseDeb(std::string_view text, Version& out);
int compareDeb(const Version& a, const Version& b);  // also opkg
Status parseOpkg(std::string_view text, Version& out);
// dpkg's verrevcmp on arbitrary strings (no validity check): sign only.
int debVerrevcmp(std::string_view a, std::string_view b);

Status parseRpm(std::string_view text, Version& out);
int compareRpm(const Version& a, const Version& b);
// rpm's rpmvercmp on one version or release string: -1, 0, 1.
int rpmvercmp(std::string_view a, std::string_view b);

Status parseApk(std::string_view text, Version& out);
int compareApk(const Version& a, const Version& b);

Status parseSemver(std::string_view text, Version& out);
int compareSemver(const Version& a, const Version& b);

Status parseGeneric(std::string_view text, Version& out);
int compareGeneric(const Version& a, const Version& b);

Status parseOmnipcx(std::string_view text, Version& out);
Result<int> compareOmnipcx(const Version& a, const Version& b);

// Compares two runs of ASCII digits as unbounded non-negative integers
// (leading zeros ignored): -1, 0, 1. Never overflows.
int compareDigitRuns(std::string_view a, std::string_view b);

// ASCII-only classification (independent of locale and of char signedness).
inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool isAlnum(char c) { return isDigit(c) || isAlpha(c); }

Error parseError(std::string message, std::string_view text);

}  // namespace psirt::versions::detail
