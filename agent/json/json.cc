// Strict parsing through nlohmann's SAX interface: we build the tree ourselves
// so that every bound and every strictness rule is checked while reading, with
// the JSON pointer of the value at fault.
#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include "agent/json/json_internal.h"

namespace psirt::json {
namespace {

using json = Tree;

class StrictBuilder {
 public:
  explicit StrictBuilder(const ParseOptions& options) : options_(options) {}

  bool null() { return add(json(nullptr)); }
  bool boolean(bool v) { return add(json(v)); }
  bool number_integer(
      json::number_integer_t v) {  // NOLINT(readability-identifier-naming): nlohmann's SAX names
    if (signedMetadata() && (v > kMaxSafeInteger || v < -kMaxSafeInteger)) {
      return fail(ErrorCategory::kParse, "integer beyond +/-2^53 in signed metadata");
    }
    return add(json(v));
  }
  bool number_unsigned(json::number_unsigned_t v) {  // NOLINT
    if (signedMetadata() && v > static_cast<json::number_unsigned_t>(kMaxSafeInteger)) {
      return fail(ErrorCategory::kParse, "integer beyond +/-2^53 in signed metadata");
    }
    return add(json(v));
  }
  bool number_float(json::number_float_t v, const json::string_t& raw) {  // NOLINT
    if (signedMetadata()) {
      return fail(ErrorCategory::kParse,
                  "number '" + raw.substr(0, 40) +
                      "' is not an integer (floats, exponents and huge integers are refused)");
    }
    return add(json(v));
  }
  bool string(json::string_t& s) {
    if (!checkString(s)) return false;
    return add(json(std::move(s)));
  }
  bool binary(json::binary_t& /*unused*/) { return fail(ErrorCategory::kParse, "binary value"); }
  bool start_object(std::size_t /*unused*/) { return open(json::object()); }  // NOLINT
  bool end_object() { return close(); }                                       // NOLINT
  bool start_array(std::size_t /*unused*/) { return open(json::array()); }    // NOLINT
  bool end_array() { return close(); }                                        // NOLINT
  bool key(json::string_t& k) {
    if (!checkString(k)) return false;
    if (stack_.back()->contains(k)) {
      pending_key_ = std::move(k);
      return fail(ErrorCategory::kParse, "duplicate object key");
    }
    pending_key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t position, const std::string& /*token*/,
                   const nlohmann::detail::exception& ex) {  // NOLINT
    std::string what = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: ..." -> keep the reason.
    if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    error_ = makeError(ErrorCategory::kParse, what, "byte " + std::to_string(position));
    return false;
  }

  std::optional<Error> error() const { return error_; }
  json take() { return std::move(root_); }

 private:
  bool signedMetadata() const { return options_.strictness == Strictness::kSignedMetadata; }

  bool checkString(const json::string_t& s) {
    if (s.size() > options_.max_string_bytes) {
      return fail(ErrorCategory::kLimit, "string of " + std::to_string(s.size()) + " bytes exceeds limit " +
                                             std::to_string(options_.max_string_bytes));
    }
    return true;
  }

  // Places v at the current position; returns the stored value (or nullptr on error).
  json* place(json&& v) {
    if (++values_ > options_.max_values) {
      fail(ErrorCategory::kLimit, "more than " + std::to_string(options_.max_values) + " values");
      return nullptr;
    }
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(v));
      return &top.back();
    }
    json& slot = top[pending_key_];
    slot = std::move(v);
    keys_.back() = pending_key_;
    return &slot;
  }
  bool add(json&& v) { return place(std::move(v)) != nullptr; }

  bool open(json&& container) {
    if (stack_.size() >= options_.max_depth) {
      return fail(ErrorCategory::kLimit, "nesting deeper than " + std::to_string(options_.max_depth));
    }
    json* p = place(std::move(container));
    if (p == nullptr) return false;
    stack_.push_back(p);
    keys_.emplace_back();
    return true;
  }
  bool close() {
    stack_.pop_back();
    keys_.pop_back();
    return true;
  }

  // JSON pointer of the value being read when an error happens.
  std::string here() const {
    std::string ptr;
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      const bool top = i + 1 == stack_.size();
      if (stack_[i]->is_array()) {
        std::size_t n = stack_[i]->size();
        ptr = pointerAppend(ptr, std::to_string(top ? n : n - 1));
      } else {
        ptr = pointerAppend(ptr, top ? pending_key_ : keys_[i]);
      }
    }
    return ptr.empty() ? std::string("/") : ptr;
  }

  bool fail(ErrorCategory c, std::string message) {
    if (!error_) error_ = makeError(c, std::move(message), "at " + here());
    return false;
  }

  const ParseOptions& options_;
  json root_;
  std::vector<json*> stack_;
  std::vector<std::string> keys_;  // last key read at each object level
  std::string pending_key_;
  std::size_t values_ = 0;
  std::optional<Error> error_;
};

void appendCanonicalString(std::string& out, const std::string& s) {
  out.push_back('"');
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

Status appendCanonical(std::string& out, const json& v, const std::string& where) {
  switch (v.type()) {
    case json::value_t::null:
      out += "null";
      return okStatus();
    case json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return okStatus();
    case json::value_t::number_integer:
      out += std::to_string(v.get<std::int64_t>());
      return okStatus();
    case json::value_t::number_unsigned:
      out += std::to_string(v.get<std::uint64_t>());
      return okStatus();
    case json::value_t::string:
      appendCanonicalString(out, v.get_ref<const std::string&>());
      return okStatus();
    case json::value_t::array: {
      out.push_back('[');
      std::size_t i = 0;
      for (const auto& e : v) {
        if (i != 0) out.push_back(',');
        PSIRT_TRY(appendCanonical(out, e, pointerAppend(where, std::to_string(i))));
        ++i;
      }
      out.push_back(']');
      return okStatus();
    }
    case json::value_t::object: {
      // nlohmann's object is a std::map<std::string>: iteration is in byte order
      // (char_traits<char> compares as unsigned char), which for UTF-8 is code
      // point order, the order Python's sorted() gives securesystemslib.
      out.push_back('{');
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out.push_back(',');
        first = false;
        appendCanonicalString(out, it.key());
        out.push_back(':');
        PSIRT_TRY(appendCanonical(out, it.value(), pointerAppend(where, it.key())));
      }
      out.push_back('}');
      return okStatus();
    }
    case json::value_t::number_float:
      return makeError(ErrorCategory::kParse, "canonical JSON has no floats",
                       "at " + (where.empty() ? "/" : where));
    default:
      return makeError(ErrorCategory::kParse, "value has no canonical JSON form", "at " + where);
  }
}

}  // namespace

std::string pointerAppend(std::string_view base, std::string_view token) {
  std::string out(base);
  out.push_back('/');
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

namespace internal {

Result<std::string> canonical(const Tree& value, const std::string& where) {
  std::string out;
  PSIRT_TRY(appendCanonical(out, value, where));
  return out;
}

std::string dump(const Tree& value, int indent) {
  return value.dump(indent, ' ', false, Tree::error_handler_t::replace);
}

Result<Tree> parseTree(std::string_view text, const ParseOptions& options) {
  if (text.size() > options.max_bytes) {
    return makeError(ErrorCategory::kLimit, "JSON of " + std::to_string(text.size()) +
                                                " bytes exceeds limit " + std::to_string(options.max_bytes));
  }
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    return makeError(ErrorCategory::kParse, "byte order mark before JSON", "byte 0");
  }
  StrictBuilder builder(options);
  bool ok = false;
  try {
    ok = Tree::sax_parse(text.begin(), text.end(), &builder, Tree::input_format_t::json,
                         /*strict=*/true, /*ignore_comments=*/false);
  } catch (const std::exception& e) {
    return makeError(ErrorCategory::kParse, e.what());
  }
  if (!ok || builder.error()) {
    if (builder.error()) return *builder.error();
    return makeError(ErrorCategory::kParse, "malformed JSON");
  }
  return builder.take();
}

}  // namespace internal

Result<Document> Document::parse(std::string_view text, const ParseOptions& options) {
  PSIRT_ASSIGN_OR_RETURN(tree, internal::parseTree(text, options));
  return internal::adopt(std::move(tree));
}

Document Document::from(Value value) { return internal::adopt(std::move(value.node().value)); }

View Document::root() const { return View(&impl_->value, ""); }

Result<std::string> Document::canonical() const { return internal::canonical(impl_->value); }

Result<std::string> Document::canonicalAt(std::string_view json_pointer) const {
  try {
    const nlohmann::json::json_pointer ptr{std::string(json_pointer)};
    if (!impl_->value.contains(ptr)) {
      return makeError(ErrorCategory::kParse, "no value", "at " + std::string(json_pointer));
    }
    return internal::canonical(impl_->value.at(ptr));
  } catch (const std::exception& e) {
    return makeError(ErrorCategory::kParse, e.what(), "at " + std::string(json_pointer));
  }
}

std::string Document::dump() const { return internal::dump(impl_->value, -1); }

Result<std::string> canonicalize(std::string_view text, const ParseOptions& options) {
  PSIRT_ASSIGN_OR_RETURN(doc, Document::parse(text, options));
  return doc.canonical();
}

}  // namespace psirt::json
