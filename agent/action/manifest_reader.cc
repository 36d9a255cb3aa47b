// Strict typed reads of manifest objects (manifest_reader.h).
#include "agent/action/manifest_reader.h"

#include <algorithm>

namespace psirt::action {

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size() && i < 80; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + (s.size() > 80 ? "...\"" : "\"");
}

namespace {

// Messages of other parsers may echo their input: control bytes escaped.
std::string oneLine(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      const std::string q = quoted(std::string_view(&c, 1));
      out += q.substr(1, q.size() - 2);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Error ManifestReader::fault(const std::string& pointer, std::string message, ErrorCategory category) const {
  return makeError(category, oneLine(message),
                   oneLine(name_) + ": " + oneLine(pointer.empty() ? "/" : pointer));
}

Error ManifestReader::wrongType(const json::View& v, std::string_view expected) const {
  auto article = [](std::string_view word) {
    return std::string(word.find_first_of("aeiou") == 0 ? "an " : "a ") + std::string(word);
  };
  const std::string_view found = json::typeName(v.type());
  return fault(v, "expected " + article(expected) + ", found " +
                      (found == "null" ? std::string(found) : article(found)));
}

Error ManifestReader::locate(const Error& e) const {
  Error out = e;
  std::string_view where = e.context;
  if (where.substr(0, 3) == "at ") where.remove_prefix(3);
  out.message = oneLine(e.message);
  out.context = oneLine(name_) + ": " + oneLine(where.empty() ? "/" : where);
  return out;
}

Status ManifestReader::members(const json::View& v, std::initializer_list<std::string_view> allowed) const {
  if (!v.isObject()) return wrongType(v, "object");
  for (const auto& m : v.members()) {
    if (std::find(allowed.begin(), allowed.end(), m.key) == allowed.end()) {
      return fault(m.value, "unknown member '" + std::string(m.key) + "'");
    }
  }
  return okStatus();
}

Result<std::string> ManifestReader::checked(const json::View& v, Rule rule) const {
  auto s = v.string();
  if (!s) return locate(s.error());
  if (rule) {
    if (std::string why = rule(*s); !why.empty()) return fault(v, quoted(*s) + " " + why);
  }
  return std::string(*s);
}

Result<std::string> ManifestReader::string(const json::View& obj, std::string_view key, Rule rule) const {
  auto v = obj.find(key);
  if (!v) return fault(obj, "missing member '" + std::string(key) + "'");
  return checked(*v, rule);
}

Result<std::optional<std::string>> ManifestReader::optionalString(const json::View& obj, std::string_view key,
                                                                  Rule rule) const {
  auto v = obj.find(key);
  if (!v) return std::optional<std::string>();
  PSIRT_ASSIGN_OR_RETURN(s, checked(*v, rule));
  return std::optional<std::string>(std::move(s));
}

Result<std::vector<std::string>> ManifestReader::list(const json::View& arr, Rule rule, std::size_t max,
                                                      bool may_be_empty, bool unique) const {
  if (!arr.isArray()) return wrongType(arr, "array");
  if (arr.empty() && !may_be_empty) return fault(arr, "is empty (at least one element)");
  if (arr.size() > max) {
    return fault(arr.pointer(), "has more than " + std::to_string(max) + " elements", ErrorCategory::kLimit);
  }
  std::vector<std::string> out;
  for (const json::View& e : arr.elements()) {
    PSIRT_ASSIGN_OR_RETURN(s, checked(e, rule));
    if (unique && std::find(out.begin(), out.end(), s) != out.end()) {
      return fault(e, quoted(s) + " repeats an earlier element");
    }
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<std::string>> ManifestReader::strings(const json::View& obj, std::string_view key,
                                                         Rule rule, std::size_t max,
                                                         bool may_be_empty) const {
  auto v = obj.find(key);
  if (!v) return fault(obj, "missing member '" + std::string(key) + "'");
  return list(*v, rule, max, may_be_empty, true);
}

Result<std::optional<std::vector<std::string>>> ManifestReader::optionalStrings(const json::View& obj,
                                                                                std::string_view key,
                                                                                Rule rule, std::size_t max,
                                                                                bool may_be_empty,
                                                                                bool unique) const {
  auto v = obj.find(key);
  if (!v) return std::optional<std::vector<std::string>>();
  PSIRT_ASSIGN_OR_RETURN(l, list(*v, rule, max, may_be_empty, unique));
  return std::optional<std::vector<std::string>>(std::move(l));
}

Result<std::optional<std::int64_t>> ManifestReader::optionalInteger(const json::View& obj,
                                                                    std::string_view key, std::int64_t min,
                                                                    std::int64_t max) const {
  auto v = obj.find(key);
  if (!v) return std::optional<std::int64_t>();
  if (!v->isInteger()) return wrongType(*v, "integer");
  auto n = v->integer();
  if (!n || *n < min || *n > max) {
    return fault(*v, "out of range (" + std::to_string(min) + ".." + std::to_string(max) + ")");
  }
  return std::optional<std::int64_t>(*n);
}

Result<std::optional<bool>> ManifestReader::optionalBool(const json::View& obj, std::string_view key) const {
  auto v = obj.find(key);
  if (!v) return std::optional<bool>();
  auto b = v->boolean();
  if (!b) return locate(b.error());
  return std::optional<bool>(*b);
}

Result<std::size_t> ManifestReader::choice(const json::View& obj, std::string_view key,
                                           std::initializer_list<std::string_view> names) const {
  PSIRT_ASSIGN_OR_RETURN(s, string(obj, key, nullptr));
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names.begin()[i] == s) return i;
  }
  std::string all;
  for (std::string_view n : names) all += (all.empty() ? "" : ", ") + std::string(n);
  return fault(*obj.find(key), quoted(s) + " is not one of " + all);
}

}  // namespace psirt::action
