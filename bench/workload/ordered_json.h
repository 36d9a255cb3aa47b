// The generator's JSON tree. Unlike json::Value (keys sorted), object members
// keep the order they were added in: the CSAF files of a workload are
// byte-identical for a seed across versions of the generator, and their
// member order (category, name, branches) is the one CSAF examples use.
// Scalars are serialised by json::Value (same escaping and number form), and
// dump() prints like json::Value::dump(2).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace psirt::bench {

class OrderedJson {
 public:
  struct Member;

  OrderedJson() = default;  // null
  OrderedJson(const char* s);                        // NOLINT(google-explicit-constructor): literals read naturally
  OrderedJson(const std::string& s);                 // NOLINT
  OrderedJson(int n);                                // NOLINT
  OrderedJson(double d);                             // NOLINT
  OrderedJson(const std::vector<std::string>& ss);  // NOLINT: an array of strings

  static OrderedJson object(std::initializer_list<Member> members = {});
  static OrderedJson array(std::initializer_list<OrderedJson> elements = {});

  // Object: the member `key`, appended as null when absent (a null node
  // becomes an object first). Setting it keeps its position.
  OrderedJson& operator[](std::string_view key);
  // Array: appends (a null node becomes an array first); the last / i-th element.
  OrderedJson& push(OrderedJson v);
  OrderedJson& back() { return elements_.back(); }
  OrderedJson& at(std::size_t i) { return elements_.at(i); }
  std::vector<OrderedJson>& elements() { return elements_; }
  bool empty() const { return kind_ == Kind::kObject ? members_.empty() : elements_.empty(); }

  // Pretty-printed with an indent of 2, no trailing newline.
  std::string dump() const;

 private:
  enum class Kind { kScalar, kArray, kObject };
  void dumpTo(std::string& out, std::size_t indent) const;

  Kind kind_ = Kind::kScalar;
  std::string scalar_ = "null";  // serialised scalar
  std::vector<Member> members_;
  std::vector<OrderedJson> elements_;
};

struct OrderedJson::Member {
  std::string key;
  OrderedJson value;
};

}  // namespace psirt::bench
