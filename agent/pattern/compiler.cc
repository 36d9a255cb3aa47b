// Pattern::compile: a recursive-descent parser (recursion bounded by
// kMaxNesting) that builds Thompson fragments directly. A fragment is a code
// block whose jump targets are relative to its start; a target equal to the
// block's size means "continue after the block". Appending relocates, so a
// repeated atom is simply copied.
#include <algorithm>
#include <string>

#include "agent/pattern/pattern.h"
#include "agent/pattern/program.h"

namespace psirt::pattern {
namespace {

using detail::CharSet;
using detail::Inst;
using detail::Op;

struct Frag {
  std::vector<Inst> code;
  bool anchored = false;  // every path starts with ^
};

void append(Frag& into, const Frag& part) {
  const auto offset = static_cast<std::uint32_t>(into.code.size());
  for (Inst inst : part.code) {
    if (inst.op == Op::kSplit || inst.op == Op::kJump) {
      inst.x += offset;
      inst.y += offset;
    }
    into.code.push_back(inst);
  }
}

std::uint32_t size32(const Frag& f) { return static_cast<std::uint32_t>(f.code.size()); }

// a | b
Frag either(const Frag& a, const Frag& b) {
  Frag out;
  out.anchored = a.anchored && b.anchored;
  out.code.push_back({Op::kSplit, 1, size32(a) + 2});
  append(out, a);
  out.code.push_back({Op::kJump, size32(a) + size32(b) + 2, 0});
  append(out, b);
  return out;
}

// a? when loop is false, a* when true.
Frag optionalOrLoop(const Frag& a, bool loop) {
  Frag out;
  out.code.push_back({Op::kSplit, 1, size32(a) + (loop ? 2 : 1)});
  append(out, a);
  if (loop) out.code.push_back({Op::kJump, 0, 0});
  return out;
}

class Compiler {
 public:
  Compiler(std::string_view source, CompileOptions options) : src_(source), options_(options) {}

  Result<detail::Program> run() {
    auto frag = alternation(0);
    if (!frag) return frag.error();
    if (pos_ < src_.size()) return fail("unmatched )", pos_);
    detail::Program program;
    program.anchored = frag->anchored;
    program.insts = std::move(frag->code);
    program.insts.push_back({Op::kMatch, 0, 0});
    program.sets = std::move(sets_);
    for (const CharSet& set : program.sets) {
      std::array<std::uint64_t, 2> bits{};
      for (char32_t c = 0; c < 128; ++c) {
        if (detail::contains(set, c)) bits[c >> 6] |= std::uint64_t{1} << (c & 63);
      }
      program.ascii.push_back(bits);
    }
    if (program.insts.size() > kMaxProgram) return tooLarge();
    return program;
  }

 private:
  Error fail(const std::string& what, std::size_t at) const {
    return makeError(ErrorCategory::kUsage, "regular expression: " + what + " at offset " + std::to_string(at));
  }
  Error tooLarge() const {
    return makeError(ErrorCategory::kLimit, "regular expression: more than " + std::to_string(kMaxProgram) +
                                                " instructions after expanding repetitions");
  }
  bool atEnd() const { return pos_ >= src_.size(); }
  char peek() const { return atEnd() ? '\0' : src_[pos_]; }

  // `folded`: the set is already closed under the case option (classes fold
  // before complementing, as [^a] with "i" excludes A too).
  Frag setFrag(CharSet set, bool folded = false) {
    if (options_.ascii_ignore_case && !folded) detail::addAsciiOtherCase(set);
    detail::normalise(set);
    auto it = std::find_if(sets_.begin(), sets_.end(), [&](const CharSet& s) {
      return std::equal(s.begin(), s.end(), set.begin(), set.end(),
                        [](const detail::Range& a, const detail::Range& b) { return a.lo == b.lo && a.hi == b.hi; });
    });
    const auto index = static_cast<std::uint32_t>(it - sets_.begin());
    if (it == sets_.end()) sets_.push_back(std::move(set));
    Frag f;
    f.code.push_back({Op::kSet, index, 0});
    return f;
  }

  Result<Frag> alternation(std::size_t depth) {
    if (depth > kMaxNesting) {
      return makeError(ErrorCategory::kLimit, "regular expression: groups nested deeper than " +
                                                  std::to_string(kMaxNesting) + " at offset " + std::to_string(pos_));
    }
    auto first = sequence(depth);
    if (!first) return first;
    if (peek() != '|') return first;
    std::vector<Frag> branches{std::move(*first)};
    while (peek() == '|') {
      ++pos_;
      auto next = sequence(depth);
      if (!next) return next;
      branches.push_back(std::move(*next));
    }
    Frag out = std::move(branches.back());
    for (std::size_t i = branches.size() - 1; i-- > 0;) {
      out = either(branches[i], out);
      if (out.code.size() > kMaxProgram) return tooLarge();
    }
    return out;
  }

  Result<Frag> sequence(std::size_t depth) {
    Frag out;
    bool first = true;
    while (!atEnd() && peek() != '|' && peek() != ')') {
      auto item = quantified(depth);
      if (!item) return item;
      if (first) out.anchored = item->anchored;
      first = false;
      append(out, *item);
      if (out.code.size() > kMaxProgram) return tooLarge();
    }
    return out;
  }

  // Parses the digits of {n}, {n,}, {n,m} after '{'; max = SIZE_MAX for none.
  Result<std::pair<std::size_t, std::size_t>> braces(std::size_t at) {
    ++pos_;  // '{'
    auto number = [&](std::size_t& out) {
      const std::size_t start = pos_;
      out = 0;
      while (!atEnd() && peek() >= '0' && peek() <= '9') {
        out = std::min<std::size_t>(out * 10 + static_cast<std::size_t>(peek() - '0'), kMaxRepeat + 1);
        ++pos_;
      }
      return pos_ > start;
    };
    std::size_t min = 0, max = 0;
    if (!number(min)) return fail("incomplete quantifier {", at);
    max = min;
    if (peek() == ',') {
      ++pos_;
      if (!number(max)) max = SIZE_MAX;
    }
    if (peek() != '}') return fail("incomplete quantifier {", at);
    ++pos_;
    if (min > kMaxRepeat || (max != SIZE_MAX && max > kMaxRepeat)) {
      return makeError(ErrorCategory::kLimit, "regular expression: repetition count above " +
                                                  std::to_string(kMaxRepeat) + " at offset " + std::to_string(at));
    }
    if (max < min) return fail("numbers out of order in {} quantifier", at);
    return std::pair{min, max};
  }

  Result<Frag> quantified(std::size_t depth) {
    const std::size_t atom_at = pos_;
    bool assertion = false;
    auto item = atom(depth, assertion);
    if (!item) return item;
    const std::size_t at = pos_;
    std::size_t min = 1, max = 1;
    const char q = peek();
    if (q == '{') {
      auto b = braces(at);
      if (!b) return b.error();
      std::tie(min, max) = *b;
    } else if (q == '*' || q == '+' || q == '?') {
      ++pos_;
      min = q == '+' ? 1 : 0;
      max = q == '?' ? 1 : SIZE_MAX;
    } else {
      return item;
    }
    if (assertion) return fail("quantified assertion", atom_at);
    if (peek() == '?') ++pos_;  // lazy: same language
    if (!atEnd() && std::string_view("*+?{").find(peek()) != std::string_view::npos) {
      return fail("nothing to repeat", pos_);
    }
    return repeat(*item, min, max);
  }

  Result<Frag> repeat(const Frag& atom, std::size_t min, std::size_t max) {
    const std::size_t copies = max == SIZE_MAX ? min + 1 : max;
    if (copies * (atom.code.size() + 2) > kMaxProgram) return tooLarge();
    Frag out;
    for (std::size_t i = 0; i < min; ++i) append(out, atom);
    out.anchored = min > 0 && atom.anchored;
    if (max == SIZE_MAX) {
      append(out, optionalOrLoop(atom, true));
    } else if (max > min) {
      // a{0,k} as (a(a(...)?)?)?: nested so equivalent threads stay merged.
      Frag tail;
      for (std::size_t i = min; i < max; ++i) {
        Frag step = atom;
        append(step, tail);
        tail = optionalOrLoop(step, false);
      }
      append(out, tail);
    }
    return out;
  }

  Result<Frag> group(std::size_t depth) {
    const std::size_t open = pos_++;
    if (peek() == '?') {
      if (src_.substr(pos_, 2) != "?:") {
        const bool look = src_.substr(pos_, 2) == "?=" || src_.substr(pos_, 2) == "?!" ||
                          src_.substr(pos_, 3) == "?<=" || src_.substr(pos_, 3) == "?<!";
        return fail(look ? "lookaround is not supported" : "unsupported group (?", open);
      }
      pos_ += 2;
    }
    auto inner = alternation(depth + 1);
    if (!inner) return inner;
    if (peek() != ')') return fail("unterminated group", open);
    ++pos_;
    return inner;
  }

  Result<Frag> atom(std::size_t depth, bool& assertion) {
    const std::size_t at = pos_;
    const char c = peek();
    switch (c) {
      case '^':
      case '$': {
        ++pos_;
        assertion = true;
        Frag f;
        f.code.push_back({c == '^' ? Op::kBegin : Op::kEnd, 0, 0});
        f.anchored = c == '^';
        return f;
      }
      case '.':
        ++pos_;
        return setFrag(detail::dotSet());
      case '(':
        return group(depth);
      case '[':
        return classFrag();
      case '\\': {
        auto unit = escape(false);
        if (!unit) return unit.error();
        return setFrag(std::move(*unit));
      }
      case '*': case '+': case '?': case '{':
        return fail("nothing to repeat", at);
      case ']': case '}':
        return fail(std::string("lone ") + c, at);
      default: {
        auto cp = literal();
        if (!cp) return cp.error();
        return setFrag({{*cp, *cp}});
      }
    }
  }

  Result<char32_t> literal() {
    std::size_t len = 0;
    const char32_t cp = detail::decodeUnit(src_, pos_, len);
    if (cp > detail::kMaxCodePoint) return fail("invalid UTF-8", pos_);
    pos_ += len;
    return cp;
  }

  Result<char32_t> hex(std::size_t digits, std::size_t at) {
    char32_t v = 0;
    for (std::size_t i = 0; i < digits; ++i, ++pos_) {
      const char h = peek();
      int d = -1;
      if (h >= '0' && h <= '9') d = h - '0';
      if (h >= 'a' && h <= 'f') d = h - 'a' + 10;
      if (h >= 'A' && h <= 'F') d = h - 'A' + 10;
      if (d < 0) return fail("invalid hexadecimal escape", at);
      v = v * 16 + static_cast<char32_t>(d);
    }
    return v;
  }

  // After '\': a class escape gives its set, anything else one code point.
  Result<CharSet> escape(bool in_class) {
    const std::size_t at = pos_++;
    if (atEnd()) return fail("\\ at end of pattern", at);
    const char c = src_[pos_++];
    auto one = [](char32_t cp) { return CharSet{{cp, cp}}; };
    switch (c) {
      case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
        return detail::classEscape(c);
      case 't': return one('\t');
      case 'n': return one('\n');
      case 'v': return one('\v');
      case 'f': return one('\f');
      case 'r': return one('\r');
      case '0':
        if (peek() >= '0' && peek() <= '9') return fail("octal escape is not supported", at);
        return one(0);
      case 'x': {
        auto v = hex(2, at);
        if (!v) return v.error();
        return one(*v);
      }
      case 'u': {
        auto v = hex(4, at);
        if (!v) return v.error();
        if (*v >= 0xD800 && *v <= 0xDFFF) return fail("surrogate escape is not supported", at);
        return one(*v);
      }
      case 'b':
        if (in_class) return one('\b');
        return fail("word boundary is not supported", at);
      case '-':
        if (in_class) return one('-');
        break;
      default:
        if (c >= '1' && c <= '9') return fail("backreference is not supported", at);
        if (std::string_view(R"(^$\.*+?()[]{}|/)").find(c) != std::string_view::npos) return one(c);
        break;
    }
    return fail(std::string("unsupported escape \\") + c, at);
  }

  Result<Frag> classFrag() {
    const std::size_t open = pos_++;
    const bool negated = peek() == '^';
    if (negated) ++pos_;
    CharSet set;
    // One class atom: a code point (single range) or a class escape's set.
    auto item = [&](bool& single) -> Result<CharSet> {
      if (peek() == '\\') {
        const bool class_escape = pos_ + 1 < src_.size() && std::string_view("dDwWsS").find(src_[pos_ + 1]) !=
                                                                 std::string_view::npos;
        single = !class_escape;
        return escape(true);
      }
      single = true;
      auto cp = literal();
      if (!cp) return cp.error();
      return CharSet{{*cp, *cp}};
    };
    while (true) {
      if (atEnd()) return fail("unterminated character class", open);
      if (peek() == ']') break;
      const std::size_t at = pos_;
      bool single = false;
      auto lo = item(single);
      if (!lo) return lo.error();
      if (peek() == '-' && pos_ + 1 < src_.size() && src_[pos_ + 1] != ']') {
        ++pos_;
        bool single_hi = false;
        auto hi = item(single_hi);
        if (!hi) return hi.error();
        if (!single || !single_hi) return fail("class escape in a range", at);
        if (lo->front().lo > hi->front().lo) return fail("range out of order in character class", at);
        set.push_back({lo->front().lo, hi->front().lo});
      } else {
        detail::addAll(set, *lo);
      }
    }
    ++pos_;
    if (options_.ascii_ignore_case) detail::addAsciiOtherCase(set);
    detail::normalise(set);
    return setFrag(negated ? detail::complement(set) : set, true);
  }

  std::string_view src_;
  CompileOptions options_;
  std::size_t pos_ = 0;
  std::vector<CharSet> sets_;
};

}  // namespace

Result<Pattern> Pattern::compile(std::string_view source, CompileOptions options) {
  auto program = Compiler(source, options).run();
  if (!program) return program.error();
  return Pattern(std::make_shared<const detail::Program>(std::move(*program)));
}

std::size_t Pattern::programSize() const { return program_->insts.size(); }

}  // namespace psirt::pattern
