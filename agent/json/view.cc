// View over nlohmann's tree: every accessor checks the node's type first, so
// no nlohmann call here can throw or reach undefined behaviour.
#include <limits>
#include <set>

#include "agent/json/json_internal.h"

namespace psirt::json {
namespace {

Type typeOf(const Tree& t) {
  switch (t.type()) {
    case Tree::value_t::boolean:
      return Type::kBool;
    case Tree::value_t::number_integer:
    case Tree::value_t::number_unsigned:
      return Type::kInteger;
    case Tree::value_t::number_float:
      return Type::kFloat;
    case Tree::value_t::string:
      return Type::kString;
    case Tree::value_t::array:
      return Type::kArray;
    case Tree::value_t::object:
      return Type::kObject;
    default:
      return Type::kNull;
  }
}

std::string article(Type t) {
  const std::string_view n = typeName(t);
  const bool vowel = n.front() == 'a' || n.front() == 'i' || n.front() == 'o';
  return std::string(t == Type::kNull ? "" : vowel ? "an " : "a ") + std::string(n);
}

}  // namespace

std::string_view typeName(Type t) {
  switch (t) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "boolean";
    case Type::kInteger:
      return "integer";
    case Type::kFloat:
      return "number";
    case Type::kString:
      return "string";
    case Type::kArray:
      return "array";
    case Type::kObject:
      return "object";
  }
  return "value";
}

Type View::type() const { return typeOf(internal::tree(*this)); }

std::string View::where() const { return "at " + (pointer_.empty() ? std::string("/") : pointer_); }

Error View::error(std::string message) const { return makeError(ErrorCategory::kParse, std::move(message), where()); }

Result<View> View::expect(Type t) const {
  const Type have = type();
  if (have == t || (t == Type::kFloat && have == Type::kInteger)) return *this;
  return error("expected " + article(t) + ", found " + article(have));
}

Result<std::string_view> View::string() const {
  PSIRT_TRY(expect(Type::kString));
  return std::string_view(internal::tree(*this).get_ref<const std::string&>());
}

Result<std::int64_t> View::integer() const {
  PSIRT_TRY(expect(Type::kInteger));
  const Tree& t = internal::tree(*this);
  if (t.is_number_unsigned() && t.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
    return error("integer out of range");
  }
  return t.get<std::int64_t>();
}

Result<std::uint64_t> View::unsignedInteger() const {
  PSIRT_TRY(expect(Type::kInteger));
  const Tree& t = internal::tree(*this);
  if (t.is_number_integer() && !t.is_number_unsigned() && t.get<std::int64_t>() < 0) {
    return error("expected a non-negative integer");
  }
  return t.get<std::uint64_t>();
}

Result<double> View::number() const {
  PSIRT_TRY(expect(Type::kFloat));
  return internal::tree(*this).get<double>();
}

Result<bool> View::boolean() const {
  PSIRT_TRY(expect(Type::kBool));
  return internal::tree(*this).get<bool>();
}

std::string_view View::asString(std::string_view fallback) const {
  const Tree& t = internal::tree(*this);
  return t.is_string() ? std::string_view(t.get_ref<const std::string&>()) : fallback;
}

std::int64_t View::asInteger(std::int64_t fallback) const {
  auto v = integer();
  return v ? *v : fallback;
}

double View::asNumber(double fallback) const {
  const Tree& t = internal::tree(*this);
  return t.is_number() ? t.get<double>() : fallback;
}

bool View::asBool(bool fallback) const {
  const Tree& t = internal::tree(*this);
  return t.is_boolean() ? t.get<bool>() : fallback;
}

std::size_t View::size() const {
  const Tree& t = internal::tree(*this);
  return t.is_object() || t.is_array() ? t.size() : 0;
}

View View::child(std::string_view token, const void* node) const { return View(node, pointerAppend(pointer_, token)); }

std::vector<View::Member> View::members() const {
  std::vector<Member> out;
  const Tree& t = internal::tree(*this);
  if (!t.is_object()) return out;
  out.reserve(t.size());
  for (auto it = t.begin(); it != t.end(); ++it) {
    out.push_back(Member{std::string_view(it.key()), child(it.key(), &it.value())});
  }
  return out;
}

std::vector<View> View::elements() const {
  std::vector<View> out;
  const Tree& t = internal::tree(*this);
  if (!t.is_array()) return out;
  out.reserve(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) out.push_back(child(std::to_string(i), &t[i]));
  return out;
}

std::optional<View> View::at(std::size_t index) const {
  const Tree& t = internal::tree(*this);
  if (!t.is_array() || index >= t.size()) return std::nullopt;
  return child(std::to_string(index), &t[index]);
}

std::optional<View> View::find(std::string_view key) const {
  const Tree& t = internal::tree(*this);
  if (!t.is_object()) return std::nullopt;
  auto it = t.find(key);
  if (it == t.end()) return std::nullopt;
  return child(key, &*it);
}

Result<View> View::get(std::string_view key) const {
  PSIRT_TRY(expect(Type::kObject));
  auto v = find(key);
  if (!v) return error("missing member '" + std::string(key) + "'");
  return *v;
}

Result<View> View::get(std::string_view key, Type t) const {
  PSIRT_ASSIGN_OR_RETURN(v, get(key));
  return v.expect(t);
}

Result<std::string_view> View::getString(std::string_view key) const {
  PSIRT_ASSIGN_OR_RETURN(v, get(key));
  return v.string();
}

Result<std::int64_t> View::getInteger(std::string_view key) const {
  PSIRT_ASSIGN_OR_RETURN(v, get(key));
  return v.integer();
}

Result<bool> View::getBool(std::string_view key) const {
  PSIRT_ASSIGN_OR_RETURN(v, get(key));
  return v.boolean();
}

Result<std::optional<View>> View::findTyped(std::string_view key, Type t) const {
  auto v = find(key);
  if (!v) return std::optional<View>();
  PSIRT_ASSIGN_OR_RETURN(typed, v->expect(t));
  return std::optional<View>(std::move(typed));
}

Result<std::vector<std::string>> View::getStringList(std::string_view key) const {
  PSIRT_ASSIGN_OR_RETURN(list, getArray(key));
  std::vector<std::string> out;
  out.reserve(list.size());
  for (const View& e : list.elements()) {
    PSIRT_ASSIGN_OR_RETURN(s, e.string());
    out.emplace_back(s);
  }
  return out;
}

bool View::equals(const View& other) const { return internal::tree(*this) == internal::tree(other); }

std::string View::dump(int indent) const { return internal::dump(internal::tree(*this), indent); }

Result<std::string> View::canonical() const { return internal::canonical(internal::tree(*this), pointer_); }

}  // namespace psirt::json
