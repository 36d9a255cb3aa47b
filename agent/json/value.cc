// Value and Ref over nlohmann's tree. Misuse (a member of an array, an element
// of a string) never reaches nlohmann's throwing paths: the node is checked
// first and the call degrades to a detached scratch node.
#include "agent/json/json_internal.h"

namespace psirt::json {
namespace {

// Where a misused Ref points: writes land here and are lost. Thread-local so
// that misuse in one thread cannot race with another.
Tree& scratch() {
  thread_local Tree t;
  t = nullptr;
  return t;
}

}  // namespace

Ref Ref::member(std::string_view key) {
  Tree& t = internal::tree(*this);
  if (t.is_null()) t = Tree::object();
  if (!t.is_object()) return Ref(&scratch());
  auto it = t.find(key);
  if (it != t.end()) return Ref(&*it);
  return Ref(&t[std::string(key)]);
}

std::optional<Ref> Ref::find(std::string_view key) {
  Tree& t = internal::tree(*this);
  if (!t.is_object()) return std::nullopt;
  auto it = t.find(key);
  if (it == t.end()) return std::nullopt;
  return Ref(&*it);
}

std::optional<Ref> Ref::at(std::size_t index) {
  Tree& t = internal::tree(*this);
  if (!t.is_array() || index >= t.size()) return std::nullopt;
  return Ref(&t[index]);
}

std::vector<Ref> Ref::children() {
  std::vector<Ref> out;
  Tree& t = internal::tree(*this);
  if (!t.is_object() && !t.is_array()) return out;
  for (auto& c : t) out.emplace_back(&c);
  return out;
}

Ref& Ref::set(std::string_view key, Value v) {
  member(key).assign(std::move(v));
  return *this;
}

Ref& Ref::push(Value v) {
  Tree& t = internal::tree(*this);
  if (t.is_null()) t = Tree::array();
  if (t.is_array()) t.push_back(std::move(v.node().value));
  return *this;
}

bool Ref::erase(std::string_view key) {
  Tree& t = internal::tree(*this);
  if (!t.is_object()) return false;
  auto it = t.find(key);
  if (it == t.end()) return false;
  t.erase(it);
  return true;
}

void Ref::assign(Value v) { internal::tree(*this) = std::move(v.node().value); }

std::size_t Ref::size() const { return view().size(); }

View Ref::view() const { return View(node_, ""); }

Value::Value() : Value(nullptr) {}
Value::Value(std::nullptr_t) : node_(std::make_unique<Node>()) {}
Value::Value(bool b) : node_(std::make_unique<Node>(Node{Tree(b)})) {}
Value::Value(int n) : node_(std::make_unique<Node>(Node{Tree(n)})) {}
Value::Value(long n) : node_(std::make_unique<Node>(Node{Tree(n)})) {}
Value::Value(long long n) : node_(std::make_unique<Node>(Node{Tree(n)})) {}
Value::Value(unsigned n) : node_(std::make_unique<Node>(Node{Tree(n)})) {}
Value::Value(unsigned long n) : node_(std::make_unique<Node>(Node{Tree(n)})) {}
Value::Value(unsigned long long n) : node_(std::make_unique<Node>(Node{Tree(n)})) {}
Value::Value(double d) : node_(std::make_unique<Node>(Node{Tree(d)})) {}
Value::Value(const char* s) : node_(std::make_unique<Node>(Node{Tree(std::string(s))})) {}
Value::Value(std::string_view s) : node_(std::make_unique<Node>(Node{Tree(std::string(s))})) {}
Value::Value(const std::string& s) : node_(std::make_unique<Node>(Node{Tree(s)})) {}
Value::Value(std::string&& s) : node_(std::make_unique<Node>(Node{Tree(std::move(s))})) {}
Value::Value(std::unique_ptr<Node> node) : node_(std::move(node)) {}

Value::Value(const Value& other) : node_(std::make_unique<Node>(*other.node_)) {}
Value::Value(Value&& other) noexcept : node_(std::move(other.node_)) {}
Value& Value::operator=(const Value& other) {
  if (this != &other) node_ = std::make_unique<Node>(*other.node_);
  return *this;
}
Value& Value::operator=(Value&& other) noexcept {
  node_ = std::move(other.node_);
  return *this;
}
Value::~Value() = default;

Value Value::copyOf(const View& v) { return internal::wrap(internal::tree(v)); }

Value Value::object(std::initializer_list<Member> members) {
  Tree t = Tree::object();
  for (const Member& m : members) t[m.key] = m.value.node().value;
  return internal::wrap(std::move(t));
}

Value Value::array(std::initializer_list<Value> elements) {
  Tree t = Tree::array();
  for (const Value& e : elements) t.push_back(e.node().value);
  return internal::wrap(std::move(t));
}

Result<Value> Value::parse(std::string_view text, const ParseOptions& options) {
  PSIRT_ASSIGN_OR_RETURN(tree, internal::parseTree(text, options));
  return internal::wrap(std::move(tree));
}

Ref Value::ref() { return Ref(&node_->value); }

View Value::view() const { return View(&node_->value, ""); }

std::size_t Value::size() const { return view().size(); }

std::string Value::dump(int indent) const { return internal::dump(node_->value, indent); }

Result<std::string> Value::canonical() const { return internal::canonical(node_->value); }

}  // namespace psirt::json
