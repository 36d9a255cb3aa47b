// Helpers shared by the csaf unit tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "agent/csaf/reader.h"
#include "agent/json/value.h"

namespace psirt::csaf::test {

// Every *.json under dir (recursively), sorted.
std::vector<std::string> jsonFilesUnder(const std::string& dir);

// True if some finding has this test id (and, when given, this pointer).
bool hasFinding(const Validation& v, const std::string& test, const std::string& pointer = {});

// All findings, one per line, for failure messages.
std::string listFindings(const Validation& v);

// A small valid CSAF 2.0 document (csaf_base, one product, one vulnerability)
// whose parts tests replace to make bad input.
std::string minimalDocument();

// `text` (a test's own JSON) as an editable tree; a parse error is a test failure.
json::Value tree(std::string_view text);

// The node at `pointer` ("/a/0/b") in `doc`, for editing: object members are
// created when absent (as null), array elements must exist. A pointer that
// cannot be followed is a test failure (and gives a detached scratch node).
json::Ref node(json::Value& doc, std::string_view pointer);

}  // namespace psirt::csaf::test
