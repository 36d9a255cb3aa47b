// Helpers shared by the csaf unit tests.
#pragma once

#include <string>
#include <vector>

#include "agent/csaf/reader.h"

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

}  // namespace psirt::csaf::test
