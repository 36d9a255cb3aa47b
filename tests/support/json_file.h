// Test data in JSON (conformance vectors, a tool's output) read through the
// one JSON API (agent/json). Each helper fails the current test with
// ADD_FAILURE naming the file or the JSON pointer, never crashes, and returns
// an empty value (null, "", 0, false) so that the test goes on and reports.
//
//   json::Document doc = test::loadJson(path);
//   for (const json::View& t : test::at(doc.root(), "tests").elements())
//     use(test::str(test::at(t, "input")));
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agent/json/json.h"

namespace psirt::test {

// Strict parse with bounds well above the largest vector file (the largest
// is 330 KB, 12,000 values, depth 12 today).
json::ParseOptions vectorFileOptions();
json::Document loadJson(const std::string& path);
json::Document parseJson(std::string_view text, const std::string& what);

// Object member / array element (a null view when absent).
json::View at(const json::View& v, std::string_view key);
json::View at(const json::View& v, std::size_t index);
// Typed values.
std::string str(const json::View& v);
std::int64_t integer(const json::View& v);
bool boolean(const json::View& v);
std::vector<std::string> strings(const json::View& v);  // array of strings

}  // namespace psirt::test
