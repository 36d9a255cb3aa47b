#include "tests/support/json_file.h"

#include <gtest/gtest.h>

#include "tests/support/test_paths.h"

namespace psirt::test {
namespace {

json::View null() {
  static const json::Document kNull = json::Document::from(json::Value());
  return kNull.root();
}

template <typename T>
T orFail(Result<T> r, T fallback) {
  if (r) return *r;
  ADD_FAILURE() << r.error().describe();
  return fallback;
}

}  // namespace

json::ParseOptions vectorFileOptions() {
  json::ParseOptions o;
  o.max_bytes = std::size_t{64} << 20;
  o.max_values = std::size_t{8} << 20;
  o.max_string_bytes = std::size_t{16} << 20;
  return o;
}

json::Document parseJson(std::string_view text, const std::string& what) {
  auto doc = json::Document::parse(text, vectorFileOptions());
  if (doc) return *doc;
  ADD_FAILURE() << what << ": " << doc.error().describe();
  return json::Document::from(json::Value());
}

json::Document loadJson(const std::string& path) { return parseJson(readTextFile(path), path); }

json::View at(const json::View& v, std::string_view key) { return orFail(v.get(key), null()); }

json::View at(const json::View& v, std::size_t index) {
  if (auto e = v.at(index)) return *e;
  ADD_FAILURE() << v.error("no element " + std::to_string(index) + " (size " + std::to_string(v.size()) + ")").describe();
  return null();
}

std::string str(const json::View& v) { return std::string(orFail(v.string(), std::string_view())); }
std::int64_t integer(const json::View& v) { return orFail(v.integer(), std::int64_t{0}); }
bool boolean(const json::View& v) { return orFail(v.boolean(), false); }

std::vector<std::string> strings(const json::View& v) {
  std::vector<std::string> out;
  if (!v.isArray()) ADD_FAILURE() << v.error("expected an array of strings").describe();
  for (const json::View& e : v.elements()) out.push_back(str(e));
  return out;
}

}  // namespace psirt::test
