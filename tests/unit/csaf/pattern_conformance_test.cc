// The schema "pattern"s and the "uri" expression under agent/pattern:
//  - every pattern of the embedded schemas compiles, and has hand-written
//    positives and negatives here (a new pattern fails the test until it has);
//  - a differential test against std::regex (the oracle, allowed in tests):
//    every pattern x every string value and key of the CSAF documents under
//    the conformance suite and tests/unit/evaluate/docs, plus seeded random and
//    mutated strings from each pattern's alphabet; 0 disagreements.
//
// The oracle is std::wregex over the text decoded to code points (so "." and
// negated classes consume a code point, as ours and ECMAScript "u" do), with
// \d \w \s and their negations rewritten to explicit ECMAScript classes so the
// result does not depend on the C library's locale tables.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "agent/csaf/schema_formats.h"
#include "agent/csaf/schema_validator.h"
#include "agent/json/json.h"
#include "agent/pattern/pattern.h"
#include "tests/support/test_paths.h"
#include "tests/unit/csaf/csaf_test_util.h"

namespace psirt::csaf::detail {
namespace {

using pattern::Pattern;

// ---------------------------------------------------------------- oracle ---

// UTF-8 to code points; a byte outside a valid sequence becomes 0x110000 + b
// (the convention of agent/pattern, written out independently here).
std::wstring units(const std::string& s) {
  std::wstring out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80 ? 0 : (b >> 5) == 6 ? 1 : (b >> 4) == 14 ? 2 : (b >> 3) == 30 ? 3 : 9;
    char32_t c = n == 0 ? b : n == 1 ? (b & 0x1Fu) : n == 2 ? (b & 0x0Fu) : (b & 0x07u);
    bool ok = n != 9 && i + n < s.size();
    for (std::size_t k = 1; ok && k <= n; ++k) {
      const auto cb = static_cast<unsigned char>(s[i + k]);
      ok = (cb & 0xC0) == 0x80;
      c = (c << 6) | (cb & 0x3Fu);
    }
    static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    ok = ok && c >= kMin[n] && c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF);
    out.push_back(static_cast<wchar_t>(ok ? c : 0x110000 + b));
    i += ok ? n + 1 : 1;
  }
  return out;
}

std::wstring hex4(unsigned v) {
  static const char* kDigits = "0123456789ABCDEF";
  std::wstring s = L"\\u";
  for (int shift = 12; shift >= 0; shift -= 4) s.push_back(static_cast<wchar_t>(kDigits[(v >> shift) & 0xF]));
  return s;
}

// The class body (no brackets) of \d, \w or \s in ECMAScript.
std::wstring classBody(char letter) {
  if (letter == 'd') return L"0-9";
  if (letter == 'w') return L"0-9A-Za-z_";
  std::wstring s;
  for (auto [lo, hi] : {std::pair{0x09u, 0x0Du}, {0x20u, 0x20u}, {0xA0u, 0xA0u}, {0x1680u, 0x1680u},
                        {0x2000u, 0x200Au}, {0x2028u, 0x2029u}, {0x202Fu, 0x202Fu}, {0x205Fu, 0x205Fu},
                        {0x3000u, 0x3000u}, {0xFEFFu, 0xFEFFu}}) {
    s += hex4(lo) + (lo == hi ? L"" : L"-" + hex4(hi));
  }
  return s;
}

// The pattern for std::wregex: \d \w \s \D \W \S as explicit classes.
// A negated escape inside a class is only supported as the whole class
// ("[\S]"), which is all the schemas use; anything else fails the test.
std::wstring oracleSource(const std::string& p) {
  const std::wstring w = units(p);
  std::wstring out;
  bool in_class = false;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const wchar_t c = w[i];
    if (c == L'\\' && i + 1 < w.size()) {
      const wchar_t e = w[++i];
      const auto lower = static_cast<char>(std::tolower(static_cast<int>(e)));
      const bool cls = e < 128 && std::string_view("dwsDWS").find(static_cast<char>(e)) != std::string_view::npos;
      if (!cls) {
        out += c;
        out += e;
      } else if (!in_class) {
        out += (e == lower ? L"[" : L"[^") + classBody(lower) + L"]";
      } else if (e == lower) {
        out += classBody(lower);
      } else if (out.back() == L'[' && i + 1 < w.size() && w[i + 1] == L']') {
        out += L"^" + classBody(lower);
      } else {
        ADD_FAILURE() << "oracle cannot rewrite a negated class escape inside a class: " << p;
      }
      continue;
    }
    if (c == L'[' && !in_class) in_class = true;
    else if (c == L']' && in_class) in_class = false;
    out += c;
  }
  return out;
}

struct Subject {
  std::string name;
  Pattern ours;
  std::wregex oracle;
  bool full;  // fullMatch (uri) or search (schema "pattern")
};

Subject subject(const std::string& source, bool uri) {
  auto ours = Pattern::compile(source, {.ascii_ignore_case = uri});
  if (!ours) {
    ADD_FAILURE() << source << ": " << ours.error().describe();
    std::abort();
  }
  auto flags = std::regex::ECMAScript | (uri ? std::regex::icase : std::regex::ECMAScript);
  return Subject{uri ? "uri" : source, *ours, std::wregex(oracleSource(source), flags), uri};
}

bool oracle(const Subject& s, const std::string& text) {
  const std::wstring w = units(text);
  return s.full ? std::regex_match(w, s.oracle) : std::regex_search(w, s.oracle);
}

bool ours(const Subject& s, const std::string& text) { return s.full ? s.ours.fullMatch(text) : s.ours.search(text); }

// ------------------------------------------------------------- hand cases ---

struct Cases {
  const char* needle;  // identifies the pattern (a substring of its source)
  std::vector<std::string> match, no_match;
};

const std::vector<Cases>& schemaCases() {
  static const std::vector<Cases> k = {
      {"cpe:2\\.3:",
       {"cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*", "cpe:2.3:o:linux:linux_kernel:5.10:-:*:en-us:*:*:*:*",
        "cpe:2.3:a:foo\\!bar:big\\$money_2010:*:*:*:*:*:*:*:*", "cpe:2.3:a:v:p:1.?:*:*:*:*:*:*:*",
        "cpe:/a:vendor:product:1.0", "cPe:/", "cpe:/o:a:b:c:d:e:f"},
       {"cpe:2.3:a:vendor:product", "cpe:2.3:x:v:p:1:*:*:*:*:*:*:*", "cpe:2.3:a:v:p:1:*:*:*:*:*:*:*:*",
        "xcpe:/a", "cpe:/x", "Cpe:/a", "cpe:/a:b:c:d:e:f:g:h", "cpe:2.3:a:v:p:1:*:*:english:*:*:*:*",
        "cpe:2.3:a:v:p:a b:*:*:*:*:*:*:*"}},
      {"{32,}",
       {std::string(32, 'a'), std::string(64, 'F'), "0123456789abcdefABCDEF0123456789"},
       {std::string(31, 'a'), std::string(32, 'g'), " " + std::string(32, 'a'), std::string(32, 'a') + "\n"}},
      {"^pkg:",
       {"pkg:deb/debian/curl@7.50.3-1?arch=i386", "pkg:npm/%40angular/animation@12.3.1", "pkg:a/\xC3\xA9"},
       {"pkg:/x", "pkg:deb/", "xpkg:deb/a", "pkg:deb/\n", "pkg:9deb/a", "PKG:deb/a"}},
      {"[Ii]-[Dd][Ee]",
       {"en", "en-US", "de-CH-1996", "i-default", "x-private", "zh-Hant-TW", "english",
        "en-a-bbb-x-a-ccc", "zh-yue-HK"},
       {"e", "en_US", "123", "en-", "", "en-US-", "verylonglanguage", "x-"}},
      {"^(0|[1-9][0-9]*)$",
       {"0", "1", "42", "1.0.0", "1.0.0-rc.1+build.5", "2.0.0-alpha", "1.0.0+20130313144700", "1.0.0-0.3.7"},
       {"01", "1.0", "1.0.0-", "v1", "1.0.0-01", "1.0.0+", "", "1.0.0 "}},
      {"[^\\s\\-_\\.](",
       {"a", "Foo Bar", "\xC3\xA9", "\xE6\x97\xA5\xE6\x9C\xAC", "a-b", "\xF0\x9F\x98\x80"},
       {"", " a", "a ", "-a", "a_", ".", "a\nb", "\xC2\xA0" "a", "a\xE3\x80\x80"}},
      {"^[\\S](",
       {"a", "a b", "-x-", "\xE2\x80\x8B"},
       {"", " a", "a\t", "\xE3\x80\x80x", "a\r\nb", "\xEF\xBB\xBF"}},
      {"^CVE-", {"CVE-2024-1234", "CVE-2024-123456"}, {"CVE-2024-123", "cve-2024-1234", "CVE-24-1234", "CVE-2024-12a4"}},
      {"^CWE-", {"CWE-79", "CWE-123456", "CWE-1"}, {"CWE-0", "CWE-1234567", "CWE-079", "CWE-"}},
      {"Au:[MSN]",
       {"AV:N/AC:L/Au:N/C:P/I:P/A:P", "AV:N", "E:POC/RL:OF/RC:C", "CDP:LM/TD:H/CR:M"},
       {"AV:X", "AV:N/", "", "/AV:N", "AV:N/AC:L/Au:Q"}},
      {"CVSS:3.0/",
       {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3x0/AV:N", "CVSS:3.0/MAV:P/MPR:U"},
       {"CVSS:3.1/AV:N", "CVSS:3.0/", "CVSS:3.0/AV:N/", "CVSS:3.0/AV:Q", "cvss:3.0/AV:N"}},
      {"CVSS:3.1/",
       {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/E:X/RL:U/RC:R", "CVSS:3x1/AV:N"},
       {"CVSS:3.0/AV:N", "CVSS:3.1/PR:U", "CVSS:3.1/AV:N/", "CVSS:3.1/AV:N/AC:L/"}},
  };
  return k;
}

const Cases* casesFor(const std::string& source) {
  const Cases* found = nullptr;
  for (const auto& c : schemaCases()) {
    if (source.find(c.needle) == std::string::npos) continue;
    EXPECT_EQ(found, nullptr) << "two hand-case entries fit " << source;
    found = &c;
  }
  return found;
}

TEST(CsafPatterns, EverySchemaPatternCompilesAndHasHandCases) {
  const auto& v = SchemaValidator::instance();
  EXPECT_TRUE(v.patternErrors().empty()) << v.patternErrors().front();
  const auto sources = v.patternSources();
  EXPECT_EQ(sources.size(), schemaCases().size());
  for (const auto& source : sources) {
    const Cases* c = casesFor(source);
    ASSERT_NE(c, nullptr) << "no hand cases for pattern " << source;
    const Subject s = subject(source, false);
    for (const auto& m : c->match) {
      EXPECT_TRUE(ours(s, m)) << source << " should match \"" << m << '"';
      EXPECT_TRUE(oracle(s, m)) << "oracle: " << source << " should match \"" << m << '"';
    }
    for (const auto& m : c->no_match) {
      EXPECT_FALSE(ours(s, m)) << source << " should not match \"" << m << '"';
      EXPECT_FALSE(oracle(s, m)) << "oracle: " << source << " should not match \"" << m << '"';
    }
  }
}

TEST(CsafPatterns, UriExpressionCompilesAndIsCaseInsensitive) {
  auto p = Pattern::compile(uriExpression(), {.ascii_ignore_case = true});
  ASSERT_TRUE(p) << p.error().describe();
  EXPECT_TRUE(isUri("HTTPS://EXAMPLE.COM/%7E"));
  EXPECT_TRUE(isUri("http://[V1.x]/"));
  EXPECT_TRUE(isUri("http://[fe80::1:2]/"));
  EXPECT_TRUE(isUri("http://192.168.0.1:8080/"));
  EXPECT_FALSE(isUri("http://[fe80::1:2:3:4:5:6:7:8]/"));
  EXPECT_FALSE(isUri("http://%zz/"));
  EXPECT_FALSE(isUri("1http://x"));
}

// A pattern string far longer than the old 4,096-byte cap is simply checked.
TEST(CsafPatterns, LongStringsAreMatchedNotRefused) {
  const std::string title(200000, 'x');
  EXPECT_TRUE(Pattern::compile("^[^\\s\\-_\\.](.*[^\\s\\-_\\.])?$")->search(title));
  EXPECT_TRUE(isUri("https://example.com/" + std::string(100000, 'a')));
}

// ---------------------------------------------------------- differential ---

void collectStrings(const json::View& j, std::set<std::string>& out) {
  if (j.isString()) out.emplace(j.asString());
  for (const json::View::Member& m : j.members()) {
    out.emplace(m.key);
    collectStrings(m.value, out);
  }
  for (const json::View& e : j.elements()) collectStrings(e, out);
}

std::set<std::string> documentStrings() {
  std::set<std::string> out;
  std::vector<std::string> files = test::jsonFilesUnder(psirt::test::conformanceDir() + "/csaf");
  for (const auto& f : test::jsonFilesUnder(psirt::test::sourcePath("tests/unit/evaluate/docs"))) files.push_back(f);
  EXPECT_GT(files.size(), 250U);
  json::ParseOptions roomy;  // the strings of every readable document, whatever its size
  roomy.max_bytes = roomy.max_values = std::size_t{1} << 30;
  roomy.max_depth = 1000;
  std::size_t unreadable = 0;
  for (const auto& f : files) {
    const auto j = json::Document::parse(psirt::test::readTextFile(f), roomy);
    if (j) collectStrings(j->root(), out);
    unreadable += j ? 0 : 1;
  }
  std::printf("[ pattern  ] %zu strings from %zu documents (%zu not JSON)\n", out.size(), files.size(), unreadable);
  return out;
}

// Code points that occur in the pattern (literals and class bounds), plus
// ones that probe \s, ".", UTF-8 width and invalid bytes.
std::vector<std::string> alphabet(const std::string& source) {
  std::set<std::string> a = {" ", "\t", "\n", "\r", "\xC2\xA0", "\xE2\x80\xA8", "\xEF\xBB\xBF", "\xC3\xA9",
                             "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xFF", "x", "0", "9", "A", "z", "-", ".", "/",
                             ":", "%", "_", "K", "k"};
  for (wchar_t c : units(source)) {
    if (c < 0x80 && c != L'\\') a.insert(std::string(1, static_cast<char>(c)));
  }
  return {a.begin(), a.end()};
}

std::string mutate(std::string s, const std::vector<std::string>& abc, std::mt19937& rng) {
  const int edits = 1 + static_cast<int>(rng() % 3);
  for (int e = 0; e < edits; ++e) {
    const std::size_t at = s.empty() ? 0 : rng() % (s.size() + 1);
    const std::string& c = abc[rng() % abc.size()];
    switch (rng() % 4) {
      case 0: s.insert(at, c); break;
      case 1: if (at < s.size()) s.erase(at, 1); break;
      case 2: if (at < s.size()) s.replace(at, 1, c); break;
      default: if (at < s.size()) s.insert(at, s.substr(at, 1 + rng() % 8)); break;  // repeat a piece
    }
  }
  return s;
}

TEST(CsafPatterns, AgreeWithStdRegexOnDocumentsAndGeneratedStrings) {
  std::vector<std::pair<std::string, bool>> sources;  // (source, is uri)
  for (const auto& s : SchemaValidator::instance().patternSources()) sources.emplace_back(s, false);
  sources.emplace_back(std::string(uriExpression()), true);

  std::set<std::string> real = documentStrings();
  std::vector<std::string> corpus;
  for (const auto& s : real) corpus.push_back(s.size() > 1000 ? s.substr(0, 1000) : s);  // oracle recursion

  std::mt19937 rng(20260101);
  std::size_t compared = 0, disagreements = 0;
  for (const auto& [source, uri] : sources) {
    const Subject s = subject(source, uri);
    std::vector<std::string> texts = corpus;
    const auto abc = alphabet(source);
    std::vector<std::string> positives;
    if (const Cases* c = uri ? nullptr : casesFor(source)) positives = c->match;
    for (const auto& t : corpus) {
      if (positives.size() < 2000 && oracle(s, t)) positives.push_back(t);
    }
    for (int i = 0; i < 3000; ++i) {
      std::string t;
      const std::size_t len = rng() % 40;
      for (std::size_t k = 0; k < len; ++k) t += abc[rng() % abc.size()];
      texts.push_back(std::move(t));
      if (!positives.empty()) texts.push_back(mutate(positives[rng() % positives.size()], abc, rng));
    }
    std::size_t matched = 0;
    for (const auto& t : texts) {
      const bool want = oracle(s, t);
      matched += want ? 1 : 0;
      ++compared;
      if (ours(s, t) != want) {
        if (++disagreements <= 20) ADD_FAILURE() << s.name << " on \"" << t << "\": std::regex says " << want;
      }
    }
    // Both outcomes must occur, or the comparison proves little.
    EXPECT_GT(matched, 20U) << s.name;
    EXPECT_GT(texts.size() - matched, 20U) << s.name;
    std::printf("[ pattern  ] %6zu strings, %5zu match: %.60s\n", texts.size(), matched, s.name.c_str());
  }
  std::printf("[ compared ] %zu (pattern, string) pairs, %zu real strings, %zu disagreements\n", compared,
              real.size(), disagreements);
  EXPECT_EQ(disagreements, 0U);
}

}  // namespace
}  // namespace psirt::csaf::detail
