// Bounded strict JSON: a SAX handler that builds the nlohmann DOM itself so it
// can stop at the first duplicate key or exceeded bound, naming the JSON
// pointer where it happened. nlohmann's lexer already refuses invalid UTF-8,
// lone surrogates, comments and trailing content.
#include <cstdint>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "agent/csaf/json_value.h"

namespace psirt::csaf::detail {

std::string pointerToken(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

class BoundedBuilder {
 public:
  BoundedBuilder(const Limits& limits, Json& root) : limits_(limits), root_(root) {}

  bool null() { return put(Json(nullptr)); }
  bool boolean(bool v) { return put(Json(v)); }
  bool number_integer(Json::number_integer_t v) { return put(Json(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return put(Json(v)); }
  bool number_float(Json::number_float_t v, const Json::string_t& /*text*/) { return put(Json(v)); }
  bool string(Json::string_t& s) {
    if (s.size() > limits_.max_string_bytes) {
      return fail("limit", "string of " + std::to_string(s.size()) + " bytes exceeds the limit of " +
                               std::to_string(limits_.max_string_bytes),
                  true);
    }
    return put(Json(std::move(s)));
  }
  bool binary(Json::binary_t& /*b*/) { return fail("json", "binary values are not JSON"); }

  bool start_object(std::size_t /*n*/) {
    if (!put(Json::object())) return false;
    return push(false);
  }
  bool key(Json::string_t& k) {
    if (k.size() > limits_.max_string_bytes) {
      return fail("limit", "object key of " + std::to_string(k.size()) + " bytes exceeds the limit");
    }
    Frame& f = stack_.back();
    if (f.node->contains(k)) {
      f.key = k;
      return fail("json", "duplicate object key \"" + k + "\"");
    }
    f.key = std::move(k);
    return true;
  }
  bool end_object() { return pop(); }
  bool start_array(std::size_t /*n*/) {
    if (!put(Json::array())) return false;
    return push(true);
  }
  bool end_array() { return pop(); }
  bool parse_error(std::size_t position, const std::string& /*token*/, const nlohmann::detail::exception& ex) {
    if (failure_.test.empty()) {
      failure_ = Finding{"json", currentPointer(), std::string("not well-formed JSON at byte ") +
                                                       std::to_string(position) + ": " + ex.what()};
    }
    return false;
  }

  const Finding& failure() const { return failure_; }

 private:
  struct Frame {
    Json* node;
    bool array;
    std::string key;  // objects: the current member's key
  };

  // Places a completed or just-started value in its parent (or as the root).
  bool put(Json&& v) {
    if (++values_ > limits_.max_values) {
      return fail("limit", "more than " + std::to_string(limits_.max_values) + " JSON values", true);
    }
    if (stack_.empty()) {
      root_ = std::move(v);
      last_ = &root_;
      return true;
    }
    Frame& f = stack_.back();
    if (f.array) {
      f.node->push_back(std::move(v));
      last_ = &f.node->back();
    } else {
      last_ = &(*f.node)[f.key];
      *last_ = std::move(v);
    }
    return true;
  }
  bool push(bool array) {
    if (stack_.size() >= limits_.max_depth) {
      return fail("limit", "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
    stack_.push_back(Frame{last_, array, {}});
    return true;
  }
  bool pop() {
    stack_.pop_back();
    return true;
  }
  // `pending`: the innermost value is not yet placed (a string being refused).
  std::string currentPointer(bool pending = false) const {
    std::string p;
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      const Frame& f = stack_[i];
      const bool innermost = i + 1 == stack_.size();
      if (f.array) {
        if (innermost && pending) {
          p += "/" + std::to_string(f.node->size());
        } else if (!f.node->empty()) {
          p += "/" + std::to_string(f.node->size() - 1);
        }
      } else if (!f.key.empty() || f.node->size() > 0) {
        p += "/" + pointerToken(f.key);
      }
    }
    return p;
  }
  bool fail(const char* test, std::string message, bool pending = false) {
    failure_ = Finding{test, currentPointer(pending), std::move(message)};
    return false;
  }

  const Limits& limits_;
  Json& root_;
  Json* last_ = nullptr;
  std::vector<Frame> stack_;
  std::size_t values_ = 0;
  Finding failure_;
};

}  // namespace

bool parseStrict(std::string_view bytes, const Limits& limits, Json& out, Finding& failure) {
  if (bytes.size() > limits.max_document_bytes) {
    failure = Finding{"limit", "", "document of " + std::to_string(bytes.size()) +
                                       " bytes exceeds the per-document cap of " +
                                       std::to_string(limits.max_document_bytes)};
    return false;
  }
  Json root;
  BoundedBuilder builder(limits, root);
  bool ok = false;
  try {
    ok = Json::sax_parse(bytes.begin(), bytes.end(), &builder, Json::input_format_t::json, true, false);
  } catch (const std::exception& e) {  // allocation failure and the like
    failure = Finding{"json", "", std::string("cannot parse: ") + e.what()};
    return false;
  }
  if (!ok) {
    failure = builder.failure();
    if (failure.test.empty()) failure = Finding{"json", "", "not well-formed JSON"};
    return false;
  }
  out = std::move(root);
  return true;
}

}  // namespace psirt::csaf::detail
