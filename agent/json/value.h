// An owned, mutable JSON tree: how the code base builds JSON it writes
// (reports, metadata to sign, workspace state) and edits JSON it read.
//
//   json::Value v = json::Value::object({{"keytype", "ed25519"}, {"keyval", json::Value::object({{"public", hex}})}});
//   v.set("version", 2);
//   v.member("roles").member("root").member("keyids").push("abcd");   // creates missing members
//   std::string text = v.dump(2);          // output
//   auto signed_bytes = v.canonical();      // OLPC canonical JSON, for signatures
//   json::View r = v.view();                // read it with the typed accessors
//
// Value has value semantics (copies are deep); a moved-from Value may only be
// assigned to or destroyed (its node moved with it). Ref is a non-owning handle to
// a node inside a Value; it stays valid until that node or one of its
// ancestors is erased or replaced.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "agent/json/options.h"
#include "agent/json/view.h"
#include "platform/error/result.h"

namespace psirt::json {

class Value;

// Shared by Value and Ref: navigation and mutation of one node.
class Ref {
 public:
  // Object: the member `key`, created as null when absent; a null node
  // becomes an object first. kInternal misuse (not an object) is a bug:
  // the call then returns a Ref to a detached scratch node (never UB).
  Ref member(std::string_view key);
  Ref operator[](std::string_view key) { return member(key); }  // r["a"]["b"].assign(2)
  Ref operator[](int) = delete;  // r[0] would be a null key: use at()
  std::optional<Ref> find(std::string_view key);
  // Array: element i (nullopt beyond the end).
  std::optional<Ref> at(std::size_t index);
  // Every element of an array / every member value of an object, in order.
  std::vector<Ref> children();

  Ref& set(std::string_view key, Value v);  // object member (null becomes object)
  Ref& push(Value v);                       // array element (null becomes array)
  bool erase(std::string_view key);         // object member; false when absent
  void assign(Value v);                     // replaces this node
  std::size_t size() const;

  View view() const;

  // For agent/json's own files.
  explicit Ref(void* node) : node_(node) {}
  void* node() const { return node_; }

 private:
  void* node_;
};

class Value {
 public:
  struct Member;

  Value();  // null
  Value(std::nullptr_t);  // NOLINT(google-explicit-constructor): JSON literals read naturally
  Value(bool b);          // NOLINT
  Value(int n);           // NOLINT
  Value(long n);          // NOLINT
  Value(long long n);     // NOLINT
  Value(unsigned n);      // NOLINT
  Value(unsigned long n);       // NOLINT
  Value(unsigned long long n);  // NOLINT
  Value(double d);              // NOLINT
  Value(const char* s);         // NOLINT
  Value(std::string_view s);    // NOLINT
  Value(const std::string& s);  // NOLINT
  Value(std::string&& s);       // NOLINT
  // A copy of any viewed value (e.g. part of a parsed Document).
  static Value copyOf(const View& v);

  static Value object(std::initializer_list<Member> members = {});
  static Value array(std::initializer_list<Value> elements = {});
  // Strict, bounded parse into an editable tree (same rules as Document::parse).
  static Result<Value> parse(std::string_view text, const ParseOptions& options = {});

  Value(const Value& other);
  Value(Value&& other) noexcept;
  Value& operator=(const Value& other);
  Value& operator=(Value&& other) noexcept;
  ~Value();

  Ref ref();
  View view() const;

  // Shortcuts for ref().…
  Ref member(std::string_view key) { return ref().member(key); }
  Ref operator[](std::string_view key) { return ref().member(key); }
  Ref operator[](int) = delete;  // v[0] would be a null key
  std::optional<Ref> find(std::string_view key) { return ref().find(key); }
  Value& set(std::string_view key, Value v) {
    ref().set(key, std::move(v));
    return *this;
  }
  Value& push(Value v) {
    ref().push(std::move(v));
    return *this;
  }
  bool erase(std::string_view key) { return ref().erase(key); }
  std::size_t size() const;

  std::string dump(int indent = -1) const;
  Result<std::string> canonical() const;

  // For agent/json's own files: the owned node.
  struct Node;
  explicit Value(std::unique_ptr<Node> node);
  Node& node() const { return *node_; }

 private:
  std::unique_ptr<Node> node_;
};

struct Value::Member {
  std::string key;
  Value value;
};

}  // namespace psirt::json
