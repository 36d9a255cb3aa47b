// Typed, strict reads of one manifest's JSON objects, every error located as
// "<name>: <JSON pointer>" (manifest.h). Internal to agent/action.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/json/view.h"
#include "platform/error/result.h"

namespace psirt::action {

// A syntax rule of manifest_rules.h: "" when valid, else the reason.
using Rule = std::string (*)(std::string_view);

// `s` for an error line: in double quotes, '"', '\\' and control bytes escaped
// (\n, \xNN), cut to 80 bytes ("..." then), so a hostile value never breaks
// the one-line rule.
std::string quoted(std::string_view s);

class ManifestReader {
 public:
  explicit ManifestReader(std::string_view name) : name_(name) {}

  // kParse (or `category`) "<message>" located at `pointer` ("" = the document).
  Error fault(const std::string& pointer, std::string message,
              ErrorCategory category = ErrorCategory::kParse) const;
  Error fault(const json::View& at, std::string message) const {
    return fault(at.pointer(), std::move(message));
  }
  // kParse "expected a string, found an integer" at `v` (json::View's wording).
  Error wrongType(const json::View& v, std::string_view expected) const;
  // An error of agent/json (context "at <pointer>", "<pointer>" or "byte N") located in this document.
  Error locate(const Error& e) const;

  // `v` is an object whose members are all in `allowed` ("unknown member 'k'" at /…/k).
  Status members(const json::View& v, std::initializer_list<std::string_view> allowed) const;

  // Required (absent: "missing member 'k'" at the object) and optional members.
  // A rule, when given, is applied to every string read.
  Result<std::string> string(const json::View& obj, std::string_view key, Rule rule) const;
  Result<std::optional<std::string>> optionalString(const json::View& obj, std::string_view key,
                                                    Rule rule) const;
  // An array of 1..max (0..max when `may_be_empty`) strings, each unique.
  Result<std::vector<std::string>> strings(const json::View& obj, std::string_view key, Rule rule,
                                           std::size_t max, bool may_be_empty) const;
  Result<std::optional<std::vector<std::string>>> optionalStrings(const json::View& obj, std::string_view key,
                                                                  Rule rule, std::size_t max,
                                                                  bool may_be_empty, bool unique) const;
  // An integer in [min, max].
  Result<std::optional<std::int64_t>> optionalInteger(const json::View& obj, std::string_view key,
                                                      std::int64_t min, std::int64_t max) const;
  Result<std::optional<bool>> optionalBool(const json::View& obj, std::string_view key) const;
  // One of `names`: its index.
  Result<std::size_t> choice(const json::View& obj, std::string_view key,
                             std::initializer_list<std::string_view> names) const;

 private:
  Result<std::string> checked(const json::View& v, Rule rule) const;
  Result<std::vector<std::string>> list(const json::View& arr, Rule rule, std::size_t max, bool may_be_empty,
                                        bool unique) const;

  std::string name_;
};

struct Step;
// One element of /steps (manifest_steps.cc): its members checked for its type.
Result<Step> readStep(const ManifestReader& r, const json::View& v);

}  // namespace psirt::action
