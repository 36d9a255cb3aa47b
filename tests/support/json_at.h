// Test helper: the value at an RFC 6901 JSON pointer ("/signed/roles/root",
// "~1" for '/', "~0" for '~' in a key) of a tree, for assertions on documents
// the code under test wrote. nullopt when the pointer names nothing; tests
// call .value(), which throws (a test failure, never UB) in that case.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "agent/json/view.h"

namespace psirt::test {

inline std::optional<json::View> jsonAt(const json::View& root, std::string_view pointer) {
  std::optional<json::View> v = root;
  std::size_t pos = 0;
  while (v && pos < pointer.size()) {
    if (pointer[pos] != '/') return std::nullopt;
    std::size_t end = pointer.find('/', pos + 1);
    if (end == std::string_view::npos) end = pointer.size();
    std::string token;
    for (std::size_t i = pos + 1; i < end; ++i) {
      if (pointer[i] == '~' && i + 1 < end && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
        token += pointer[++i] == '0' ? '~' : '/';
      } else {
        token += pointer[i];
      }
    }
    if (v->isArray()) {
      if (token.empty() || token.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
      v = v->at(std::stoul(token));
    } else {
      v = v->find(token);
    }
    pos = end;
  }
  return v;
}

}  // namespace psirt::test
