// Common Platform Enumeration names (NISTIR 7695, CPE 2.3 naming).
//
// parseCpe() accepts both bindings:
//   2.2 URI:               cpe:/a:vendor:product:version:update:edition:language
//                          (percent-encoding, %01 / %02 wildcards, packed
//                          "~edition~sw_edition~target_sw~target_hw~other")
//   2.3 formatted string:  cpe:2.3:part:vendor:product:version:update:edition:
//                          language:sw_edition:target_sw:target_hw:other
//                          (backslash escapes, unquoted '*' / '?' wildcards
//                          only at the start or end of a value)
// and yields the well-formed name (WFN): every attribute is ANY, NA or a
// lower-case value in WFN form (every character other than [a-z0-9_] and an
// unquoted wildcard is quoted with '\'). toFormattedString() / toUri() bind the
// WFN back; parse(bind(x)) == x for both bindings.
//
// Errors (kParse, one line naming the attribute): wrong prefix, wrong number
// of components, invalid part, misplaced wildcard, bad escape, control or
// non-ASCII bytes; more than kMaxCpeLength bytes is kLimit.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "platform/error/result.h"

namespace psirt::identity {

inline constexpr std::size_t kMaxCpeLength = 4096;

struct CpeValue {
  enum class Kind { kAny, kNa, kValue };
  Kind kind = Kind::kAny;
  std::string value;  // WFN form, only for kValue
  bool operator==(const CpeValue&) const = default;
};

struct Cpe {
  enum Attribute {
    kPart, kVendor, kProduct, kVersion, kUpdate, kEdition, kLanguage,
    kSwEdition, kTargetSw, kTargetHw, kOther, kAttributeCount
  };
  std::array<CpeValue, kAttributeCount> attributes;

  const CpeValue& operator[](Attribute a) const { return attributes[a]; }
  CpeValue& operator[](Attribute a) { return attributes[a]; }

  std::string toFormattedString() const;  // "cpe:2.3:..."
  std::string toUri() const;              // "cpe:/..."
  bool operator==(const Cpe&) const = default;
};

Result<Cpe> parseCpe(std::string_view text);

// One attribute in the formatted-string binding, exactly as
// toFormattedString() writes it: "*" (ANY), "-" (NA), or the value with its
// WFN quoting undone where the binding allows ('.', '-', '_' unquoted).
// Compare CPE names found in documents with formatted strings in this form.
std::string formattedValue(const CpeValue& value);

// A CPE from plain (unquoted) strings: part "a", "o" or "h"; an empty string is
// ANY. Characters other than [A-Za-z0-9_] are quoted; letters are lowered.
Result<Cpe> makeCpe(std::string_view part, std::string_view vendor, std::string_view product,
                    std::string_view version = {});

// The identity used for matching when no purl applies: same vendor and product
// (both set, compared as WFN values).
bool sameCpeProduct(const Cpe& a, const Cpe& b);

}  // namespace psirt::identity
