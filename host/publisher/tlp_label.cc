#include "host/publisher/tlp_label.h"

#include <cstddef>
#include <optional>

namespace psirt::publish {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A minimal scanner over a well-formed JSON text: enough to find a member of
// an object by its raw key. Positions are byte offsets into `s_`.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  std::size_t skipSpace(std::size_t i) const {
    while (i < s_.size() && isSpace(s_[i])) ++i;
    return i;
  }
  // Past the closing quote of the string starting at i (s_[i] == '"').
  std::optional<std::size_t> skipString(std::size_t i) const {
    for (++i; i < s_.size(); ++i) {
      if (s_[i] == '\\') {
        ++i;
      } else if (s_[i] == '"') {
        return i + 1;
      }
    }
    return std::nullopt;
  }
  // Past the value starting at i.
  std::optional<std::size_t> skipValue(std::size_t i) const {
    if (i >= s_.size()) return std::nullopt;
    if (s_[i] == '"') return skipString(i);
    if (s_[i] != '{' && s_[i] != '[') {
      while (i < s_.size() && !isSpace(s_[i]) && s_[i] != ',' && s_[i] != '}' && s_[i] != ']') ++i;
      return i;
    }
    int depth = 0;
    while (i < s_.size()) {
      const char c = s_[i];
      if (c == '"') {
        auto end = skipString(i);
        if (!end) return std::nullopt;
        i = *end;
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) return i + 1;
      ++i;
    }
    return std::nullopt;
  }
  // Offset of the value of member `key` in the object whose '{' is at `open`;
  // nullopt when absent (or the text is not well formed).
  std::optional<std::size_t> member(std::size_t open, std::string_view key) const {
    std::size_t i = skipSpace(open + 1);
    while (i < s_.size() && s_[i] == '"') {
      auto key_end = skipString(i);
      if (!key_end) return std::nullopt;
      const std::string_view k = s_.substr(i + 1, *key_end - i - 2);
      i = skipSpace(*key_end);
      if (i >= s_.size() || s_[i] != ':') return std::nullopt;
      i = skipSpace(i + 1);
      if (k == key) return i;
      auto value_end = skipValue(i);
      if (!value_end) return std::nullopt;
      i = skipSpace(*value_end);
      if (i < s_.size() && s_[i] == ',') i = skipSpace(i + 1);
    }
    return std::nullopt;
  }
  char at(std::size_t i) const { return i < s_.size() ? s_[i] : '\0'; }

 private:
  std::string_view s_;
};

// Inserts `member` as the first member of the object whose '{' is at `open`,
// on its own line when the object's members are (same indentation).
std::string insertFirst(std::string_view text, std::size_t open, const std::string& member) {
  const Scanner sc(text);
  const std::size_t first = sc.skipSpace(open + 1);
  const std::string_view gap = text.substr(open + 1, first - open - 1);  // e.g. "\n    "
  const bool empty = sc.at(first) == '}';
  std::string out(text.substr(0, open + 1));
  out += gap.empty() || empty ? std::string() : std::string(gap);
  out += member;
  out += empty ? "" : ",";
  out += text.substr(open + 1);
  return out;
}

}  // namespace

Result<std::string> withTlpLabel(std::string_view document, std::string_view label) {
  const Scanner sc(document);
  const std::size_t root = sc.skipSpace(0);
  if (sc.at(root) != '{') return makeError(ErrorCategory::kParse, "not a JSON object", "/");
  const auto doc = sc.member(root, "document");
  if (!doc || sc.at(*doc) != '{' || !sc.skipValue(*doc)) {
    return makeError(ErrorCategory::kParse, "no complete /document object", "/document");
  }
  const std::string tlp = "\"tlp\": {\"label\": \"" + std::string(label) + "\"}";
  const auto dist = sc.member(*doc, "distribution");
  if (!dist) return insertFirst(document, *doc, "\"distribution\": {" + tlp + "}");
  if (sc.at(*dist) != '{') {
    return makeError(ErrorCategory::kParse, "not an object", "/document/distribution");
  }
  if (sc.member(*dist, "tlp")) {
    return makeError(ErrorCategory::kParse, "already present: the document keeps its own TLP",
                     "/document/distribution/tlp");
  }
  return insertFirst(document, *dist, tlp);
}

}  // namespace psirt::publish
