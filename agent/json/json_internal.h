// PRIVATE to agent/json: the nlohmann tree behind Document, View, Value and
// Ref. No file outside agent/json includes this (nlohmann is an
// implementation detail of psirt_json; tests/unit/json excepted).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "agent/json/json.h"
#include "agent/json/value.h"
#include "agent/json/view.h"

namespace psirt::json {

using Tree = nlohmann::json;

struct Document::Impl {
  Tree value;
};

struct Value::Node {
  Tree value;
};

namespace internal {

inline const Tree& tree(const View& v) { return *static_cast<const Tree*>(v.node()); }
inline Tree& tree(const Ref& r) { return *static_cast<Tree*>(r.node()); }
inline const Tree& tree(const Document& d) { return d.impl().value; }

inline Document adopt(Tree value) {
  return Document(std::make_shared<const Document::Impl>(Document::Impl{std::move(value)}));
}
inline Value wrap(Tree value) { return Value(std::make_unique<Value::Node>(Value::Node{std::move(value)})); }

// OLPC canonical JSON of any tree: keys sorted by UTF-8 bytes (= code points),
// only '"' and '\\' escaped, no whitespace, integers only (kParse on a float).
Result<std::string> canonical(const Tree& value, const std::string& where = "");

// Compact or indented JSON; invalid UTF-8 replaced (never throws).
std::string dump(const Tree& value, int indent);

// Strict bounded parse (json.cc) onto a tree.
Result<Tree> parseTree(std::string_view text, const ParseOptions& options);

}  // namespace internal
}  // namespace psirt::json
