// JSON files (config_edit.h). The file is first parsed by agent/json (the one
// JSON reader: strict, bounded); only then does a small scanner walk the SAME
// validated text to find byte offsets, which agent/json's tree does not keep.
// Keys are decoded by agent/json too. So the scanner never decides validity:
// it only skips strings and brackets of a document already known to be valid.
//
// Existing member: its value's bytes are replaced by the new value's text as
// given (one JSON value, checked). Missing member (its parent object exists):
// `,<blanks before the previous key>"key": value` is inserted right after the
// object's last member (or `"key": value` after the '{' of an empty object).
// Every other byte (formatting, member order, duplicates elsewhere) is kept.
#include "agent/json/json.h"
#include "agent/remediate/config_edit.h"

namespace psirt::remediate {
namespace {

bool ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

struct Scanner {
  std::string_view t;
  std::size_t skipWs(std::size_t p) const {
    while (p < t.size() && ws(t[p])) ++p;
    return p;
  }
  std::size_t skipString(std::size_t p) const {  // p at '"'
    for (++p; p < t.size(); ++p) {
      if (t[p] == '\\') ++p;
      else if (t[p] == '"') return p + 1;
    }
    return t.size();
  }
  std::size_t skipValue(std::size_t p) const {
    if (p >= t.size()) return p;
    if (t[p] == '"') return skipString(p);
    if (t[p] == '{' || t[p] == '[') {
      int depth = 0;
      while (p < t.size()) {
        const char c = t[p];
        if (c == '"') {
          p = skipString(p);
          continue;
        }
        if (c == '{' || c == '[') ++depth;
        if (c == '}' || c == ']') {
          if (--depth == 0) return p + 1;
        }
        ++p;
      }
      return p;
    }
    while (p < t.size() && !ws(t[p]) && t[p] != ',' && t[p] != '}' && t[p] != ']') ++p;
    return p;
  }
};

struct Member {
  std::size_t key_begin, value_begin, value_end;
  std::string key;
};

// Members of the object whose '{' is at p (validated text).
std::vector<Member> membersAt(const Scanner& sc, std::size_t p, std::size_t* close) {
  std::vector<Member> out;
  p = sc.skipWs(p + 1);
  while (p < sc.t.size() && sc.t[p] == '"') {
    Member m;
    m.key_begin = p;
    const std::size_t key_end = sc.skipString(p);
    auto key = json::Document::parse(sc.t.substr(p, key_end - p));
    m.key = key ? std::string(key->root().asString()) : std::string();
    p = sc.skipWs(sc.skipWs(key_end) + 1);  // past ':'
    m.value_begin = p;
    m.value_end = sc.skipValue(p);
    out.push_back(std::move(m));
    p = sc.skipWs(m.value_end);
    if (p < sc.t.size() && sc.t[p] == ',') p = sc.skipWs(p + 1);
  }
  *close = p;
  return out;
}

// RFC 6901 reference tokens of a non-empty pointer.
Result<std::vector<std::string>> tokens(const std::string& pointer, const std::string& shown) {
  if (pointer.empty() || pointer.front() != '/') {
    return makeError(ErrorCategory::kParse, "key '" + pointer + "' is not a JSON Pointer to a member", shown);
  }
  std::vector<std::string> out(1);
  for (std::size_t i = 1; i < pointer.size(); ++i) {
    const char c = pointer[i];
    if (c == '/') {
      out.emplace_back();
    } else if (c == '~') {
      const char n = i + 1 < pointer.size() ? pointer[i + 1] : '\0';
      if (n != '0' && n != '1') return makeError(ErrorCategory::kParse, "bad '~' escape in pointer '" + pointer + "'", shown);
      out.back().push_back(n == '0' ? '~' : '/');
      ++i;
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

}  // namespace

Status checkJsonValue(std::string_view value, const std::string& where) {
  auto doc = json::Document::parse(value);
  if (!doc) return makeError(ErrorCategory::kParse, "value is not one JSON value: " + doc.error().describe(), where);
  return okStatus();
}

bool sameJsonValue(std::string_view a, std::string_view b) {
  auto da = json::Document::parse(a);
  auto db = json::Document::parse(b);
  return da && db && da->root().equals(db->root());
}

Result<KeyLocation> locateJsonMember(std::string_view text, const action::SetConfig& s, const std::string& shown) {
  if (auto doc = json::Document::parse(text); !doc) {
    return makeError(ErrorCategory::kParse, "not valid JSON: " + doc.error().describe(), shown);
  }
  PSIRT_TRY(checkJsonValue(s.value, shown + ": " + s.key));
  PSIRT_ASSIGN_OR_RETURN(toks, tokens(s.key, shown));
  const Scanner sc{text};
  std::size_t p = sc.skipWs(0);
  std::string walked;
  for (std::size_t i = 0; i + 1 < toks.size(); ++i) {
    walked += "/" + toks[i];
    bool moved = false;
    if (sc.t[p] == '{') {
      std::size_t close = 0;
      for (const Member& m : membersAt(sc, p, &close)) {
        if (m.key == toks[i]) {
          p = m.value_begin;  // the last duplicate wins, as agent/json refuses duplicates anyway
          moved = true;
        }
      }
    } else if (sc.t[p] == '[' && !toks[i].empty() && toks[i].find_first_not_of("0123456789") == std::string::npos) {
      std::size_t index = std::stoul(toks[i].substr(0, 9));
      std::size_t q = sc.skipWs(p + 1);
      while (q < sc.t.size() && sc.t[q] != ']') {
        if (index-- == 0) {
          p = q;
          moved = true;
          break;
        }
        q = sc.skipWs(sc.skipValue(q));
        if (q < sc.t.size() && sc.t[q] == ',') q = sc.skipWs(q + 1);
      }
    }
    if (!moved) return makeError(ErrorCategory::kParse, "no object or array member at " + walked, shown);
  }
  if (sc.t[p] != '{') {
    return makeError(ErrorCategory::kParse, "the parent of " + s.key + " is not an object", shown);
  }
  std::size_t close = 0;
  const std::vector<Member> members = membersAt(sc, p, &close);
  KeyLocation loc;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const Member& m = members[i];
    if (m.key != toks.back()) continue;
    loc.found = true;
    loc.begin = m.value_begin;
    loc.end = m.value_end;
    if (i > 0) {
      loc.entry_begin = members[i - 1].value_end;  // ",<blanks>"key": v": what an insertion adds
      loc.entry_end = m.value_end;
    } else {
      loc.entry_begin = m.key_begin;
      loc.entry_end = members.size() > 1 ? members[1].key_begin : m.value_end;
    }
  }
  if (loc.found) return loc;
  const std::string quoted = json::Value(toks.back()).dump();
  if (members.empty()) {
    loc.begin = p + 1;
    loc.prefix = quoted + ": ";
  } else {
    const Member& last = members.back();
    std::size_t blanks = last.key_begin;
    while (blanks > 0 && ws(sc.t[blanks - 1])) --blanks;
    loc.begin = last.value_end;
    loc.prefix = "," + std::string(sc.t.substr(blanks, last.key_begin - blanks)) + quoted + ": ";
  }
  loc.end = loc.begin;
  return loc;
}

}  // namespace psirt::remediate
