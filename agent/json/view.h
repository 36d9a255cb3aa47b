// Read-only, typed access to one value of a JSON tree (a parsed Document or a
// built Value). This is the one way the code base reads JSON trees.
//
//   auto doc = json::Document::parse(text, options);   // strict, bounded
//   json::View root = doc->root();
//   PSIRT_ASSIGN_OR_RETURN(keytype, root.getString("keytype"));  // "missing member 'keytype'" at /
//   PSIRT_ASSIGN_OR_RETURN(keys, root.getObject("keys"));
//   for (const auto& [id, key] : keys.members()) { ... key.pointer() == "/keys/<id>" ... }
//
// Every View knows its JSON pointer (RFC 6901, "" for the root); every typed
// accessor that fails returns kParse with context "at <pointer>" ("at /" for
// the root), so an error always names the place at fault. No accessor has
// undefined behaviour on an unexpected shape: a wrong type is an error (the
// checked accessors) or a default (the as*() accessors, for code that has
// tested the type first).
//
// Lifetime: a View borrows the tree; it is valid while the Document (or the
// Value, unmodified) it came from lives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/error/result.h"

namespace psirt::json {

// kInteger: a number written without fraction or exponent that fits int64 or
// uint64; kFloat: any other number.
enum class Type : std::uint8_t { kNull, kBool, kInteger, kFloat, kString, kArray, kObject };

// "null", "boolean", "integer", "number", "string", "array", "object".
std::string_view typeName(Type t);

class View {
 public:
  struct Member;

  Type type() const;
  bool isNull() const { return type() == Type::kNull; }
  bool isBool() const { return type() == Type::kBool; }
  bool isInteger() const { return type() == Type::kInteger; }
  bool isNumber() const { return type() == Type::kInteger || type() == Type::kFloat; }
  bool isString() const { return type() == Type::kString; }
  bool isArray() const { return type() == Type::kArray; }
  bool isObject() const { return type() == Type::kObject; }

  // RFC 6901 pointer of this value in its tree ("" for the root).
  const std::string& pointer() const { return pointer_; }
  // "at <pointer>" ("at /" for the root): the context of every error below.
  std::string where() const;
  // kParse "<message>" at this value; for callers' own checks of a value.
  Error error(std::string message) const;

  // Checked reads of this value: kParse "expected a string, found an array".
  // integer() also refuses an unsigned value beyond int64.
  Result<std::string_view> string() const;
  Result<std::int64_t> integer() const;
  Result<std::uint64_t> unsignedInteger() const;  // refuses negatives
  Result<double> number() const;                  // integer or float
  Result<bool> boolean() const;
  Result<View> expect(Type t) const;  // this view when it has type t

  // Unchecked reads: the value, or the default when the type differs.
  std::string_view asString(std::string_view fallback = {}) const;
  std::int64_t asInteger(std::int64_t fallback = 0) const;
  double asNumber(double fallback = 0) const;
  bool asBool(bool fallback = false) const;

  // Members of an object / elements of an array, in order (objects: sorted
  // by key bytes). Empty for other types. size(): member/element count, 0 for
  // scalars.
  std::size_t size() const;
  bool empty() const { return size() == 0; }
  std::vector<Member> members() const;
  std::vector<View> elements() const;
  std::optional<View> at(std::size_t index) const;  // nullopt beyond the end / not an array

  // Object lookup. find/has never fail (nullopt/false when absent or when this
  // is not an object); get() is kParse "missing member 'k'" (or "expected an
  // object") at this value; get(k, t) also checks the member's type.
  std::optional<View> find(std::string_view key) const;
  bool has(std::string_view key) const { return find(key).has_value(); }
  Result<View> get(std::string_view key) const;
  Result<View> get(std::string_view key, Type t) const;
  Result<std::string_view> getString(std::string_view key) const;
  Result<std::int64_t> getInteger(std::string_view key) const;
  Result<bool> getBool(std::string_view key) const;
  Result<View> getObject(std::string_view key) const { return get(key, Type::kObject); }
  Result<View> getArray(std::string_view key) const { return get(key, Type::kArray); }
  // Absent -> nullopt; present with another type -> error.
  Result<std::optional<View>> findTyped(std::string_view key, Type t) const;
  // An array of strings (every element checked).
  Result<std::vector<std::string>> getStringList(std::string_view key) const;

  // Deep equality (numbers compare by value: 1 == 1.0).
  bool equals(const View& other) const;
  // Compact JSON of this value (invalid UTF-8 replaced by U+FFFD); indent >= 0
  // pretty-prints. For output and diagnostics, never for signing.
  std::string dump(int indent = -1) const;
  // OLPC canonical JSON of this value (integers only; kParse on a float).
  Result<std::string> canonical() const;

  // For agent/json's own files: wraps a node of the underlying tree.
  View(const void* node, std::string pointer) : node_(node), pointer_(std::move(pointer)) {}
  const void* node() const { return node_; }

 private:
  View child(std::string_view token, const void* node) const;

  const void* node_;
  std::string pointer_;
};

struct View::Member {
  std::string_view key;
  View value;
};

// Escapes one reference token (~ -> ~0, / -> ~1) and appends it to `base`.
std::string pointerAppend(std::string_view base, std::string_view token);

}  // namespace psirt::json
