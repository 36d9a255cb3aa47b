// INTERNAL adapter: gives other components' .cc files the nlohmann tree behind
// a psirt::json::Document. Never include this from a header (nlohmann stays
// out of public interfaces); link psirt_json, which brings psirt::json along.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "agent/json/json.h"

namespace psirt::json {

struct Document::Impl {
  nlohmann::json value;
};

namespace internal {

// The parsed tree (read-only; lives as long as any copy of the Document).
inline const nlohmann::json& tree(const Document& d) { return d.impl().value; }

// Wraps an already-built tree (e.g. metadata a repository builder assembled).
inline Document adopt(nlohmann::json value) {
  return Document(std::make_shared<const Document::Impl>(Document::Impl{std::move(value)}));
}

// OLPC canonical JSON of any tree: keys sorted by UTF-8 bytes (= code points),
// only '"' and '\\' escaped, no whitespace, integers only (kParse on a float).
Result<std::string> canonical(const nlohmann::json& value);

// "/a/b~1c" style pointer for diagnostics (RFC 6901 escaping).
std::string pointerAppend(const std::string& base, std::string_view token);

}  // namespace internal
}  // namespace psirt::json
