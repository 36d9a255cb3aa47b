// The linear-time matcher: each syntax feature by hand (positives and
// negatives), UTF-8 units, case folding, compile errors with offsets, and
// linear work on inputs that make backtracking engines explode. The schema
// patterns themselves and the differential test against std::regex live in
// tests/unit/csaf/pattern_conformance_test.cc.
#include "agent/pattern/pattern.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace psirt::pattern {
namespace {

Pattern compiled(std::string_view source, CompileOptions options = {}) {
  auto p = Pattern::compile(source, options);
  EXPECT_TRUE(p) << source << ": " << p.error().describe();
  if (!p) std::abort();
  return *p;
}

struct Case {
  const char* pattern;
  std::vector<std::string> match;     // search() true
  std::vector<std::string> no_match;  // search() false
};

void expectCases(const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    const Pattern p = compiled(c.pattern);
    for (const auto& s : c.match) EXPECT_TRUE(p.search(s)) << c.pattern << " should find in \"" << s << '"';
    for (const auto& s : c.no_match) EXPECT_FALSE(p.search(s)) << c.pattern << " should not find in \"" << s << '"';
  }
}

TEST(Pattern, LiteralsSearchAnywhereUnlessAnchored) {
  expectCases({
      {"abc", {"abc", "xxabcxx", "ababc"}, {"", "ab", "acb", "ABC"}},
      {"^abc", {"abc", "abcx"}, {"xabc", "ab"}},
      {"abc$", {"abc", "xabc"}, {"abcx", "abc\n"}},
      {"^abc$", {"abc"}, {"abcabc", " abc", "abc "}},
      {"", {"", "anything"}, {}},
      {"^$", {""}, {"a", "\n"}},
      {"a^b", {}, {"a^b", "ab"}},  // ^ is an assertion in the middle too (no multiline)
  });
}

TEST(Pattern, GroupsAndAlternation) {
  expectCases({
      {"^(ab|cd)$", {"ab", "cd"}, {"abcd", "a", "ac", ""}},
      {"^(?:ab|cd)+$", {"ab", "cdab", "ababcd"}, {"", "abc", "abd"}},
      {"^(a|)b$", {"ab", "b"}, {"aab"}},
      {"^(|a)$", {"", "a"}, {"aa"}},
      {"x(a(b(c)))y", {"xabcy"}, {"xaby"}},
      {"^a|b$", {"ax", "xb"}, {"xa", "bx"}},
  });
}

TEST(Pattern, QuantifiersGreedyAndLazyAcceptTheSameLanguage) {
  expectCases({
      {"^a*$", {"", "a", "aaaa"}, {"b", "aab"}},
      {"^a+$", {"a", "aaa"}, {"", "ab"}},
      {"^ab?c$", {"ac", "abc"}, {"abbc"}},
      {"^a{3}$", {"aaa"}, {"aa", "aaaa"}},
      {"^a{2,}$", {"aa", "aaaaaa"}, {"a"}},
      {"^a{2,4}$", {"aa", "aaa", "aaaa"}, {"a", "aaaaa"}},
      {"^a{0,2}$", {"", "a", "aa"}, {"aaa"}},
      {"^a{0}b$", {"b"}, {"ab"}},
      {"^(ab){2}$", {"abab"}, {"ab", "ababab"}},
      {"^a*?b+?c??d{1,2}?$", {"bd", "aabbcdd"}, {"ad", "bddd"}},
      {"^(a*)*$", {"", "aaa"}, {"b"}},  // empty loop body terminates
      {"^(a?){3}b$", {"b", "ab", "aaab"}, {"aaaab"}},
  });
}

TEST(Pattern, ClassesRangesAndEscapes) {
  expectCases({
      {"^[abc]$", {"a", "c"}, {"d", "", "ab"}},
      {"^[a-cx-z0-9]+$", {"abc", "xyz09", "b5"}, {"d", "w", "-"}},
      {"^[^a-c]$", {"d", "-", "\xC3\xA9"}, {"a", "b", ""}},
      {"^[-a]$", {"-", "a"}, {"b"}},
      {"^[a-]$", {"-", "a"}, {"b"}},
      {"^[\\-\\]\\[\\\\\\^]+$", {"-", "]", "[", "\\", "^"}, {"a"}},
      {"^[\\d_]+$", {"1_2"}, {"a"}},
      {"^[^\\s\\-]$", {"a"}, {" ", "-", "\t"}},
      {"^[\\S]$", {"a", "-"}, {" ", "\n"}},
      {"^[^\\S]$", {" ", "\n"}, {"a"}},
      {"^[]$", {}, {"", "a", "]"}},  // empty class matches nothing
      {"^[^]$", {"a", "\n"}, {"", "ab"}},
      {"^[\\b]$", {"\b"}, {"b"}},
      {"^[.]$", {"."}, {"a"}},
  });
}

TEST(Pattern, EscapesOutsideClasses) {
  expectCases({
      {"^\\d+$", {"0123456789"}, {"a", "\xD9\xA3"}},  // U+0663 Arabic-Indic three is not \d
      {"^\\D$", {"a", "\xD9\xA3"}, {"1"}},
      {"^\\w+$", {"aZ_09"}, {"-", "\xC3\xA9"}},
      {"^\\W$", {"-", "\xC3\xA9"}, {"a", "_"}},
      {"^\\s+$", {" \t\n\v\f\r", "\xC2\xA0", "\xE2\x80\xA8", "\xE3\x80\x80", "\xEF\xBB\xBF"}, {"a", "\xE2\x80\x8B"}},
      {"^\\S$", {"a", "\xE2\x80\x8B"}, {" ", "\xC2\xA0"}},
      {"^\\t\\n\\v\\f\\r$", {"\t\n\v\f\r"}, {"tnvfr"}},
      {"^\\x41\\u00e9$", {"A\xC3\xA9"}, {"Ae"}},
      {"^\\0$", {std::string(1, '\0')}, {"0"}},
      {"^\\^\\$\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\/\\\\$", {"^$.*+?()[]{}|/\\"}, {"x"}},
      {"^a.c$", {"abc", "a.c", "a\xE2\x82\xAC" "c"}, {"a\nc", "a\rc", "a\xE2\x80\xA8" "c", "ac"}},
  });
}

TEST(Pattern, DotAndNegatedClassesConsumeWholeUtf8Sequences) {
  const Pattern dot = compiled("^.$");
  for (const char* one : {"a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"}) EXPECT_TRUE(dot.search(one)) << one;
  EXPECT_FALSE(dot.search("\xC3\xA9\xC3\xA9"));
  const Pattern neg = compiled("^[^a]{2}$");
  EXPECT_TRUE(neg.search("\xF0\x9F\x98\x80\xC3\xA9"));  // two code points, six bytes
  EXPECT_FALSE(neg.search("\xF0\x9F\x98\x80"));
  // Literal non-ASCII in the pattern is one code point too.
  const Pattern euro = compiled("^\xE2\x82\xAC+$");
  EXPECT_TRUE(euro.search("\xE2\x82\xAC\xE2\x82\xAC"));
  EXPECT_FALSE(euro.search("\xE2\x82"));
}

TEST(Pattern, InvalidUtf8BytesAreSingleUnitsThatOnlyWildcardsMatch) {
  EXPECT_TRUE(compiled("^.$").search("\xFF"));
  EXPECT_TRUE(compiled("^..$").search("\xE2\x82"));  // truncated sequence: two units
  EXPECT_TRUE(compiled("^[^a]$").search(std::string("\xC0")));
  EXPECT_TRUE(compiled("^\\S\\W\\D$").search("\xED\xA0\x80"));  // surrogate encoding: three units
  EXPECT_FALSE(compiled("^.$").search("\xC0\xAF"));  // overlong '/': two units
  EXPECT_FALSE(compiled("[\\x00-\\uFFFF]").search("\xFF"));
}

TEST(Pattern, AsciiIgnoreCaseFoldsLettersOnly) {
  const Pattern p = compiled("^[a-c]x[^d]$", {.ascii_ignore_case = true});
  EXPECT_TRUE(p.search("AXe"));
  EXPECT_TRUE(p.search("bxE"));
  EXPECT_FALSE(p.search("Axd"));
  EXPECT_FALSE(p.search("AxD"));  // [^d] excludes D as well
  EXPECT_FALSE(compiled("^\xC3\xA9$", {.ascii_ignore_case = true}).search("\xC3\x89"));
  EXPECT_FALSE(compiled("^[a-z]$", {.ascii_ignore_case = true}).search("\xE2\x84\xAA"));  // Kelvin sign
  EXPECT_FALSE(compiled("^[a-z]$").search("A"));
}

TEST(Pattern, FullMatchNeedsTheWholeText) {
  const Pattern p = compiled("a|ab");
  EXPECT_TRUE(p.fullMatch("ab"));
  EXPECT_TRUE(p.fullMatch("a"));
  EXPECT_FALSE(p.fullMatch("abc"));
  EXPECT_FALSE(p.fullMatch("xa"));
  EXPECT_TRUE(p.search("xab"));
  EXPECT_TRUE(compiled("").fullMatch(""));
  EXPECT_FALSE(compiled("").fullMatch("a"));
}

struct BadCase {
  std::string pattern;
  ErrorCategory category;
  std::string message;
};

TEST(Pattern, OutsideTheSubsetIsACompileErrorWithItsOffset) {
  const std::vector<BadCase> bad = {
      {"(a)\\1", ErrorCategory::kUsage, "backreference is not supported at offset 3"},
      {"a(?=b)", ErrorCategory::kUsage, "lookaround is not supported at offset 1"},
      {"a(?!b)", ErrorCategory::kUsage, "lookaround is not supported at offset 1"},
      {"(?<=a)b", ErrorCategory::kUsage, "lookaround is not supported at offset 0"},
      {"(?<!a)b", ErrorCategory::kUsage, "lookaround is not supported at offset 0"},
      {"(?<n>a)", ErrorCategory::kUsage, "unsupported group (? at offset 0"},
      {"\\bword", ErrorCategory::kUsage, "word boundary is not supported at offset 0"},
      {"\\p{L}", ErrorCategory::kUsage, "unsupported escape \\p at offset 0"},
      {"\\k<n>", ErrorCategory::kUsage, "unsupported escape \\k at offset 0"},
      {"\\a", ErrorCategory::kUsage, "unsupported escape \\a at offset 0"},
      {"\\-", ErrorCategory::kUsage, "unsupported escape \\- at offset 0"},
      {"\\01", ErrorCategory::kUsage, "octal escape is not supported at offset 0"},
      {"\\x4", ErrorCategory::kUsage, "invalid hexadecimal escape at offset 0"},
      {"\\uD800", ErrorCategory::kUsage, "surrogate escape is not supported at offset 0"},
      {"abc\\", ErrorCategory::kUsage, "\\ at end of pattern at offset 3"},
      {"(ab", ErrorCategory::kUsage, "unterminated group at offset 0"},
      {"ab)", ErrorCategory::kUsage, "unmatched ) at offset 2"},
      {"[ab", ErrorCategory::kUsage, "unterminated character class at offset 0"},
      {"[b-a]", ErrorCategory::kUsage, "range out of order in character class at offset 1"},
      {"[a-\\d]", ErrorCategory::kUsage, "class escape in a range at offset 1"},
      {"[\\w-z]", ErrorCategory::kUsage, "class escape in a range at offset 1"},
      {"*a", ErrorCategory::kUsage, "nothing to repeat at offset 0"},
      {"a**", ErrorCategory::kUsage, "nothing to repeat at offset 2"},
      {"a{2}{3}", ErrorCategory::kUsage, "nothing to repeat at offset 4"},
      {"a|+", ErrorCategory::kUsage, "nothing to repeat at offset 2"},
      {"^*", ErrorCategory::kUsage, "quantified assertion at offset 0"},
      {"a$?", ErrorCategory::kUsage, "quantified assertion at offset 1"},
      {"a{", ErrorCategory::kUsage, "incomplete quantifier { at offset 1"},
      {"a{1", ErrorCategory::kUsage, "incomplete quantifier { at offset 1"},
      {"a{,2}", ErrorCategory::kUsage, "incomplete quantifier { at offset 1"},
      {"a{3,2}", ErrorCategory::kUsage, "numbers out of order in {} quantifier at offset 1"},
      {"{1}", ErrorCategory::kUsage, "nothing to repeat at offset 0"},
      {"a]", ErrorCategory::kUsage, "lone ] at offset 1"},
      {"a}", ErrorCategory::kUsage, "lone } at offset 1"},
      {"\xC3", ErrorCategory::kUsage, "invalid UTF-8 at offset 0"},
      {"a{1001}", ErrorCategory::kLimit, "repetition count above 1000 at offset 1"},
      {"a{99999999999999999999}", ErrorCategory::kLimit, "repetition count above 1000 at offset 1"},
      {"(a{1000}){1000}", ErrorCategory::kLimit, "more than 50000 instructions"},
      {std::string(65, '(') + std::string(65, ')'), ErrorCategory::kLimit, "groups nested deeper than 64"},
  };
  for (const auto& b : bad) {
    auto p = Pattern::compile(b.pattern);
    ASSERT_FALSE(p) << b.pattern << " compiled";
    EXPECT_EQ(p.error().category, b.category) << b.pattern;
    EXPECT_NE(p.error().message.find(b.message), std::string::npos) << b.pattern << ": " << p.error().message;
    EXPECT_EQ(p.error().message.rfind("regular expression: ", 0), 0U) << p.error().message;
  }
  // The deepest nesting allowed compiles.
  EXPECT_TRUE(Pattern::compile(std::string(64, '(') + "a" + std::string(64, ')')));
}

// (a+)+b, (a|a)*c, (a*)*$ and friends: exponential for a backtracking engine,
// linear here. Asserted on the step counter, never on wall time.
TEST(Pattern, PathologicalPatternsStayLinear) {
  const std::string text(100000, 'a');
  for (const char* source : {"(a+)+b", "^(a|a)*c$", "(a*)*$b", "^(a|aa)+$x", "(.*a){20}b", "^(\\w+\\s?)*$!"}) {
    const Pattern p = compiled(source);
    std::uint64_t steps = 0;
    EXPECT_FALSE(p.search(text, &steps)) << source;
    const std::uint64_t bound = (text.size() + 1) * 2 * p.programSize();
    EXPECT_LE(steps, bound) << source;
    EXPECT_GT(steps, text.size()) << source;  // the counter counts
    steps = 0;
    EXPECT_FALSE(p.fullMatch(text, &steps)) << source;
    EXPECT_LE(steps, bound) << source;
  }
}

TEST(Pattern, AnchoredSearchStopsWhenNoThreadIsLeft) {
  const Pattern p = compiled("^ab|^cd");
  std::uint64_t steps = 0;
  EXPECT_FALSE(p.search("ax" + std::string(100000, 'b'), &steps));
  EXPECT_LT(steps, 100U);
}

TEST(Pattern, CopiesShareTheCompiledProgram) {
  const Pattern a = compiled("^x+$");
  const Pattern b = a;  // NOLINT(performance-unnecessary-copy-initialization): the point of the test
  EXPECT_TRUE(b.search("xx"));
  EXPECT_EQ(a.programSize(), b.programSize());
}

}  // namespace
}  // namespace psirt::pattern
