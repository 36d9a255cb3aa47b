// Untrusted strings never become markup or terminal control sequences, the
// HTML page is self-contained, text stays within 80 columns, and every
// official CSAF example renders.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "agent/csaf/reader.h"
#include "host/publisher/render/render.h"
#include "tests/support/test_paths.h"

namespace psirt::render {
namespace {

csaf::Document loadFile(const std::string& path) {
  auto doc = csaf::loadDocument(psirt::test::readTextFile(path));
  if (!doc) {
    ADD_FAILURE() << path << ": " << doc.error().describe();
    return {};
  }
  return std::move(*doc);
}

csaf::Document escapeDoc() { return loadFile(psirt::test::sourcePath("tests/unit/publisher/docs/avss-escape.json")); }

// A line over 80 columns is allowed only when it is one word after its indent.
void expectEightyColumns(const std::string& text, const std::string& what) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::size_t width = 0;
    for (char c : line) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    if (width <= kTextWidth) continue;
    const std::size_t start = line.find_first_not_of(' ');
    EXPECT_EQ(line.find(' ', start), std::string::npos) << what << ": line over 80 columns: " << line;
  }
}

// Every element is closed in order (void elements aside) and the page has
// exactly one html, head, body and main: a structural HTML5 check.
void expectBalancedHtml(const std::string& html, const std::string& what) {
  std::vector<std::string> stack;
  std::size_t pos = html.find("<html");
  ASSERT_NE(pos, std::string::npos) << what;
  while ((pos = html.find('<', pos)) != std::string::npos) {
    const std::size_t end = html.find('>', pos);
    ASSERT_NE(end, std::string::npos) << what;
    std::string tag = html.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    const bool closing = !tag.empty() && tag[0] == '/';
    if (closing) tag.erase(0, 1);
    tag = tag.substr(0, tag.find(' '));
    if (tag == "meta" || tag == "br") continue;
    if (!closing) {
      stack.push_back(tag);
      if (tag == "style") pos = html.find("</style>", pos);  // CSS is not markup
      continue;
    }
    ASSERT_FALSE(stack.empty()) << what << ": stray </" << tag << ">";
    ASSERT_EQ(stack.back(), tag) << what << ": </" << tag << "> closes <" << stack.back() << ">";
    stack.pop_back();
  }
  EXPECT_TRUE(stack.empty()) << what;
  for (const char* once : {"<html", "<head>", "<body>", "<main>"}) {
    const std::size_t first = html.find(once);
    EXPECT_TRUE(first != std::string::npos && html.find(once, first + 1) == std::string::npos) << what << once;
  }
}

TEST(RenderHtml, ScriptInTitleIsEscapedEverywhere) {
  const std::string html = renderHtml(escapeDoc());
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("<h1>OXO &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;SIP&quot; flaws</h1>"),
            std::string::npos);
  EXPECT_NE(html.find("<title>SA-N1001 Ed. 03: OXO &lt;script&gt;"), std::string::npos);
  // Markup in notes, titles, remediations and history is shown, not obeyed.
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;and&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("SIP INVITE &lt;overflow&gt;"), std::string::npos);
  EXPECT_NE(html.find("the &lt;edge&gt; SBC"), std::string::npos);
  EXPECT_NE(html.find("patch &lt;available&gt; for R3.1"), std::string::npos);
  EXPECT_NE(html.find("https://example.com/patch?a=1&amp;b=2"), std::string::npos);
}

TEST(RenderHtml, PageIsSelfContainedWithoutScriptOrExternalResource) {
  const std::string html = renderHtml(escapeDoc());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0U);
  EXPECT_EQ(html.substr(html.size() - 8), "</html>\n");
  for (const char* banned : {"<script", "<link", "<img", "<iframe", "src=", "href=", "@import", "url("}) {
    EXPECT_EQ(html.find(banned), std::string::npos) << "found " << banned;
  }
  EXPECT_FALSE(std::regex_search(html, std::regex(" on[a-z]+=")));  // no event handler attribute
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("<style>"), std::string::npos);
  expectBalancedHtml(html, "avss-escape");
}

TEST(RenderHtml, SeverityCarriesTheBandColourClass) {
  const std::string html = renderHtml(escapeDoc());
  EXPECT_NE(html.find("Severity: <span class=\"band band-critical\">Critical</span>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"band band-medium\">Medium</span>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"band band-unscored\">unscored</span>"), std::string::npos);
  for (const char* css : {".band-critical{background:#c00000", ".band-high{background:#e36c09",
                          ".band-medium{background:#ffc000", ".band-low{background:#4f9a3a"}) {
    EXPECT_NE(html.find(css), std::string::npos) << css;
  }
}

TEST(RenderHtml, EscapeHtmlEscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(escapeHtml("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(escapeHtml("plain é"), "plain é");
}

TEST(RenderText, ControlCharactersNeverReachTheTerminal) {
  csaf::Document doc = escapeDoc();
  doc.document.title = "evil\x1b[31mred\x07 title\r";
  doc.document.notes[0].text = "tab\there\x1b]0;x\x07";
  const std::string text = renderText(doc);
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    EXPECT_TRUE(c == '\n' || (u >= 0x20 && u != 0x7f)) << "control byte " << static_cast<int>(u);
  }
  EXPECT_NE(text.find("evil [31mred title\n"), std::string::npos);
}

TEST(RenderText, LinesStayWithinEightyColumns) {
  for (const char* doc : {"tests/unit/evaluate/docs/omnipcx-asa.json", "tests/unit/evaluate/docs/vex-gateway.json",
                          "tests/unit/publisher/docs/avss-escape.json"}) {
    expectEightyColumns(renderText(loadFile(psirt::test::sourcePath(doc))), doc);
  }
}

TEST(RenderExamples, AllNineteenOfficialExamplesRenderInBothFormats) {
  std::vector<std::string> files;
  const std::string dir = psirt::test::conformanceDir() + "/csaf/examples/csaf";
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
  }
  ASSERT_EQ(files.size(), 19U);
  for (const auto& f : files) {
    const csaf::Document doc = loadFile(f);
    const std::string text = renderText(doc);
    const std::string html = renderHtml(doc);
    for (const char* section : {"\nSummary\n", "\nOther references\n", "\nAffected products\n",
                                "\nDescription of the vulnerability\n", "\nImpacts\n",
                                "\nSoftware versions and fixes\n", "\nWorkarounds\n", "\nHistory\n  Ed.01 ("}) {
      EXPECT_NE(text.find(section), std::string::npos) << f << ": missing " << section;
    }
    EXPECT_NE(text.find(" Security Advisory\nNo. " + doc.document.tracking.id + " Ed. "), std::string::npos) << f;
    expectEightyColumns(text, f);
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0U) << f;
    EXPECT_EQ(html.find("<script"), std::string::npos) << f;
    EXPECT_EQ(html.substr(html.size() - 8), "</html>\n") << f;
    expectBalancedHtml(html, f);
  }
}

}  // namespace
}  // namespace psirt::render
