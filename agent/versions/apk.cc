// apk: the version grammar and ordering of apk-tools 2.x (src/version.c):
//   {digits}{.digits}...{letter}{_suffix{digits}}...{-r{digits}}
// with suffixes _alpha _beta _pre _rc (before the release) and _cvs _svn
// _git _hg _p (after it). Tokens are walked exactly like apk's
// get_token()/next_token(); digit values are compared as unbounded integers
// (apk-tools overflows an int there), so long digit runs order correctly.
#include <array>
#include <string>

#include "agent/versions/schemes.h"

namespace psirt::versions::detail {
namespace {

enum Token { kInvalid = -1, kDigitOrZero, kDigit, kLetter, kSuffix, kSuffixNo, kRevisionNo, kEnd };

// A token's value: a small integer, or a run of digits (an unbounded number).
struct Value {
  bool is_digits = false;
  int small = 0;
  std::string_view digits;
};

int compareValues(const Value& a, const Value& b) {
  if (a.is_digits && b.is_digits) return compareDigitRuns(a.digits, b.digits);
  if (a.is_digits) return b.small < 0 ? 1 : compareDigitRuns(a.digits, std::to_string(b.small));
  if (b.is_digits) return a.small < 0 ? -1 : compareDigitRuns(std::to_string(a.small), b.digits);
  return a.small < b.small ? -1 : (a.small > b.small ? 1 : 0);
}

struct Cursor {
  std::string_view s;
  std::size_t pos = 0;
  std::size_t left() const { return s.size() - pos; }
  char peek(std::size_t k = 0) const { return pos + k < s.size() ? s[pos + k] : '\0'; }
};

bool isLower(char c) { return c >= 'a' && c <= 'z'; }

void nextToken(Token& type, Cursor& c) {
  Token n = kInvalid;
  if (c.left() == 0 || c.peek() == '\0') {
    n = kEnd;
  } else if ((type == kDigit || type == kDigitOrZero) && isLower(c.peek())) {
    n = kLetter;
  } else if (type == kLetter && isDigit(c.peek())) {
    n = kDigit;
  } else if (type == kSuffix && isDigit(c.peek())) {
    n = kSuffixNo;
  } else {
    switch (c.peek()) {
      case '.': n = kDigitOrZero; break;
      case '_': n = kSuffix; break;
      case '-':
        if (c.left() > 1 && c.peek(1) == 'r') {
          n = kRevisionNo;
          ++c.pos;
        }
        break;
      default: break;
    }
    ++c.pos;
  }
  if (n < type) {
    if (!((n == kDigitOrZero && type == kDigit) || (n == kSuffix && type == kSuffixNo) ||
          (n == kDigit && type == kLetter))) {
      n = kInvalid;
    }
  }
  type = n;
}

Value getToken(Token& type, Cursor& c) {
  static constexpr std::array<std::string_view, 4> kPre = {"alpha", "beta", "pre", "rc"};
  static constexpr std::array<std::string_view, 5> kPost = {"cvs", "svn", "git", "hg", "p"};
  Value v;
  std::size_t i = 0;
  Token nt = kInvalid;
  if (c.left() == 0) {
    type = kEnd;
    return v;
  }
  std::string_view rest = c.s.substr(c.pos);
  switch (type) {
    case kDigitOrZero:
      if (rest[0] == '0') {  // leading zeros: a token of their own, valued -count
        while (i < rest.size() && rest[i] == '0') ++i;
        nt = kDigit;
        v.small = -static_cast<int>(i);
        break;
      }
      [[fallthrough]];
    case kDigit:
    case kSuffixNo:
    case kRevisionNo:
      while (i < rest.size() && isDigit(rest[i])) ++i;
      v.is_digits = true;
      v.digits = rest.substr(0, i);
      break;
    case kLetter:
      v.small = static_cast<unsigned char>(rest[0]);
      i = 1;
      break;
    case kSuffix: {
      bool found = false;
      for (std::size_t k = 0; k < kPre.size() && !found; ++k) {
        if (rest.substr(0, kPre[k].size()) == kPre[k]) {
          v.small = static_cast<int>(k) - static_cast<int>(kPre.size());
          i = kPre[k].size();
          found = true;
        }
      }
      for (std::size_t k = 0; k < kPost.size() && !found; ++k) {
        if (rest.substr(0, kPost[k].size()) == kPost[k]) {
          v.small = static_cast<int>(k);
          i = kPost[k].size();
          found = true;
        }
      }
      if (found) break;
      type = kInvalid;
      return v;
    }
    default:
      type = kInvalid;
      return v;
  }
  c.pos += i;
  if (c.left() == 0) type = kEnd;
  else if (nt != kInvalid) type = nt;
  else nextToken(type, c);
  return v;
}

}  // namespace

Status parseApk(std::string_view text, Version& out) {
  if (text.empty()) return parseError("empty apk version", text);
  Cursor c{text};
  Token t = kDigit;
  while (t != kEnd && t != kInvalid) (void)getToken(t, c);
  if (t != kEnd) return parseError("invalid apk version near offset " + std::to_string(c.pos), text);
  out.text = std::string(text);
  out.upstream = out.text;
  return okStatus();
}

int compareApk(const Version& a, const Version& b) {
  Cursor ca{a.text}, cb{b.text};
  Token at = kDigit, bt = kDigit;
  int cmp = 0;
  while (at == bt && at != kEnd && at != kInvalid && cmp == 0) {
    Value av = getToken(at, ca);
    Value bv = getToken(bt, cb);
    cmp = compareValues(av, bv);
  }
  if (cmp != 0) return cmp;
  if (at == bt) return 0;
  // Equal so far: the longer version is greater unless it continues with a
  // pre-release suffix.
  Token tt = at;
  Cursor probe = ca;
  if (at == kSuffix && compareValues(getToken(tt, probe), Value{}) < 0) return -1;
  tt = bt;
  probe = cb;
  if (bt == kSuffix && compareValues(getToken(tt, probe), Value{}) < 0) return 1;
  if (at > bt) return -1;
  if (bt > at) return 1;
  return 0;
}

}  // namespace psirt::versions::detail
