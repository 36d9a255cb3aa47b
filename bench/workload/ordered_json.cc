#include "bench/workload/ordered_json.h"

#include "agent/json/value.h"

namespace psirt::bench {

OrderedJson::OrderedJson(const char* s) : scalar_(json::Value(s).dump()) {}
OrderedJson::OrderedJson(const std::string& s) : scalar_(json::Value(s).dump()) {}
OrderedJson::OrderedJson(int n) : scalar_(json::Value(n).dump()) {}
OrderedJson::OrderedJson(double d) : scalar_(json::Value(d).dump()) {}
OrderedJson::OrderedJson(const std::vector<std::string>& ss) : kind_(Kind::kArray) {
  for (const auto& s : ss) elements_.emplace_back(s);
}

OrderedJson OrderedJson::object(std::initializer_list<Member> members) {
  OrderedJson o;
  o.kind_ = Kind::kObject;
  o.members_.assign(members.begin(), members.end());
  return o;
}

OrderedJson OrderedJson::array(std::initializer_list<OrderedJson> elements) {
  OrderedJson a;
  a.kind_ = Kind::kArray;
  a.elements_.assign(elements.begin(), elements.end());
  return a;
}

OrderedJson& OrderedJson::operator[](std::string_view key) {
  if (kind_ == Kind::kScalar) kind_ = Kind::kObject;
  for (auto& m : members_) {
    if (m.key == key) return m.value;
  }
  members_.push_back({std::string(key), {}});
  return members_.back().value;
}

OrderedJson& OrderedJson::push(OrderedJson v) {
  if (kind_ == Kind::kScalar) kind_ = Kind::kArray;
  elements_.push_back(std::move(v));
  return *this;
}

std::string OrderedJson::dump() const {
  std::string out;
  dumpTo(out, 0);
  return out;
}

// The layout of json::Value::dump(2): one member / element per line, nested
// values indented by two more spaces, "{}" and "[]" when empty.
void OrderedJson::dumpTo(std::string& out, std::size_t indent) const {
  if (kind_ == Kind::kScalar) {
    out += scalar_;
    return;
  }
  const bool object = kind_ == Kind::kObject;
  const std::size_t n = object ? members_.size() : elements_.size();
  if (n == 0) {
    out += object ? "{}" : "[]";
    return;
  }
  out += object ? "{\n" : "[\n";
  for (std::size_t i = 0; i < n; ++i) {
    out.append(indent + 2, ' ');
    if (object) {
      out += json::Value(members_[i].key).dump();
      out += ": ";
      members_[i].value.dumpTo(out, indent + 2);
    } else {
      elements_[i].dumpTo(out, indent + 2);
    }
    out += i + 1 < n ? ",\n" : "\n";
  }
  out.append(indent, ' ');
  out += object ? '}' : ']';
}

}  // namespace psirt::bench
