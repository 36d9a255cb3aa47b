// The scheme-independent vers syntax: scheme, type, pipes, comparators and
// canonical percent-encoding. See vers.h.
#include <string>

#include "agent/versions/vers.h"

namespace psirt::versions {
namespace {

Error versError(std::string message, std::string_view input) {
  std::string shown(input.substr(0, 120));
  for (char& c : shown) if (c < 0x20 || c > 0x7e) c = '?';
  return makeError(ErrorCategory::kParse, "non-canonical vers: " + message, "vers '" + shown + "'");
}

bool isSpecial(char c) { return std::string_view("><=!*|%").find(c) != std::string_view::npos; }
int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Decodes one version: every '%' starts an uppercase triplet that encodes one
// of the characters that must be encoded; those characters never appear raw.
Result<std::string> decodeVersion(std::string_view v, std::string_view input) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c != '%') {
      if (isSpecial(c)) return versError(std::string("'") + c + "' in a version must be percent-encoded", input);
      out.push_back(c);
      continue;
    }
    if (i + 2 >= v.size() || hexValue(v[i + 1]) < 0 || hexValue(v[i + 2]) < 0) {
      return versError("invalid percent-encoding in version", input);
    }
    char hi = v[i + 1], lo = v[i + 2];
    if ((hi >= 'a' && hi <= 'f') || (lo >= 'a' && lo <= 'f')) {
      return versError("percent-encoding in version is not canonical (uppercase hex)", input);
    }
    char decoded = static_cast<char>(hexValue(hi) * 16 + hexValue(lo));
    if (!isSpecial(decoded)) {
      return versError("percent-encoding in version is not canonical (only > < = ! * | % are encoded)", input);
    }
    out.push_back(decoded);
    i += 2;
  }
  return out;
}

}  // namespace

std::string_view comparatorText(Comparator c) {
  switch (c) {
    case Comparator::kEq: return "=";
    case Comparator::kNe: return "!=";
    case Comparator::kLt: return "<";
    case Comparator::kLe: return "<=";
    case Comparator::kGt: return ">";
    case Comparator::kGe: return ">=";
  }
  return "?";
}

Result<VersSyntax> parseConstraintsSyntax(std::string_view s) {
  if (s.size() > kMaxVersLength) return makeError(ErrorCategory::kLimit, "vers longer than 64 KiB");
  for (char c : s) {
    if (c == ' ' || (c >= '\t' && c <= '\r')) return versError("whitespace is not permitted", s);
    if (c < 0x21 || c > 0x7e) return versError("only printable ASCII is permitted", s);
  }
  VersSyntax out;
  if (s.empty()) return versError("empty constraints", s);
  if (s == "*") {
    out.star = true;
    return out;
  }
  if (s.front() == '|') return versError("leading pipe is not permitted", s);
  if (s.back() == '|') return versError("trailing pipe is not permitted", s);
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t bar = s.find('|', start);
    std::string_view item = s.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
    if (item.empty()) return versError("consecutive pipes are not permitted", s);
    if (item == "*") return versError("'*' must be used alone", s);
    if (out.constraints.size() >= kMaxConstraints) {
      return makeError(ErrorCategory::kLimit, "more than 1024 constraints in a vers");
    }
    Constraint c;
    static constexpr struct { std::string_view text; Comparator op; } kOps[] = {
        {">=", Comparator::kGe}, {"<=", Comparator::kLe}, {"!=", Comparator::kNe},
        {"<", Comparator::kLt},  {">", Comparator::kGt},
    };
    for (const auto& o : kOps) {
      if (item.substr(0, o.text.size()) == o.text) {
        c.op = o.op;
        item.remove_prefix(o.text.size());
        break;
      }
    }
    if (item.empty()) return versError("constraint without a version", s);
    PSIRT_ASSIGN_OR_RETURN(decoded, decodeVersion(item, s));
    c.version = std::move(decoded);
    out.constraints.push_back(std::move(c));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return out;
}

Result<VersSyntax> parseVersSyntax(std::string_view vers) {
  if (vers.size() > kMaxVersLength) return makeError(ErrorCategory::kLimit, "vers longer than 64 KiB");
  std::size_t colon = vers.find(':');
  if (colon == std::string_view::npos) return versError("missing 'vers:' scheme", vers);
  std::string_view scheme = vers.substr(0, colon);
  if (scheme != "vers") {
    bool upper = scheme.size() == 4;
    for (std::size_t i = 0; upper && i < 4; ++i) upper = (scheme[i] | 0x20) == "vers"[i];
    return versError(upper ? "the scheme must be lowercase 'vers'" : "the scheme must be 'vers'", vers);
  }
  std::string_view rest = vers.substr(colon + 1);
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return versError("missing '/' after the type", vers);
  std::string_view type = rest.substr(0, slash);
  if (type.empty()) return versError("empty type", vers);
  if (!(type[0] >= 'a' && type[0] <= 'z') && !(type[0] >= 'A' && type[0] <= 'Z')) {
    return versError("the type must start with a letter", vers);
  }
  for (char c : type) {
    if (c >= 'A' && c <= 'Z') return versError("the type must be lowercase", vers);
    if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '.' && c != '-') {
      return versError("invalid character in type", vers);
    }
  }
  auto parsed = parseConstraintsSyntax(rest.substr(slash + 1));
  if (!parsed) return parsed.error();
  parsed->type = std::string(type);
  return parsed;
}

}  // namespace psirt::versions
