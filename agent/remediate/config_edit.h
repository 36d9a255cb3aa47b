// Where one key of a configuration file lives, in bytes (config_text.cc for
// ini and key=value, config_json.cc for JSON): set_config (config_step.cc)
// splices the new value into exactly that span, so every other byte of the
// file is preserved, and its revert splices the old bytes back (or cuts the
// inserted entry out), which restores the file byte for byte.
// docs/components/remediate.md "set_config" documents the syntax accepted.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "agent/action/action.h"
#include "platform/error/result.h"

namespace psirt::remediate {

struct KeyLocation {
  bool found = false;
  // found: the value's bytes [begin, end). Not found: `begin` is where the
  // new entry goes and prefix + value + suffix is what is inserted there.
  std::size_t begin = 0, end = 0;
  std::string prefix, suffix;
  // found: the whole entry [entry_begin, entry_end) to cut when undoing an
  // insertion whose bytes are no longer where they were put.
  std::size_t entry_begin = 0, entry_end = 0;
};

// ini / key=value. kParse naming `shown` for a key, section or value that
// cannot be written unambiguously (line break, blank at either end, ...).
Result<KeyLocation> locateTextKey(std::string_view text, const action::SetConfig& step, const std::string& shown);

// JSON: the member named by the JSON Pointer step.key (its parent must
// exist and be an object). kParse naming `shown` for a file that is not
// valid JSON (agent/json's strict parse), a pointer that does not resolve.
Result<KeyLocation> locateJsonMember(std::string_view text, const action::SetConfig& step, const std::string& shown);

// Checks that `value` is exactly one JSON value (kParse naming `where`).
Status checkJsonValue(std::string_view value, const std::string& where);
// Whether two JSON texts hold equal values (numbers by value).
bool sameJsonValue(std::string_view a, std::string_view b);

}  // namespace psirt::remediate
