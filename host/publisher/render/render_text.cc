// Plain 80-column text rendering of the advisory view.
#include <string>
#include <string_view>
#include <vector>

#include "host/publisher/render/render.h"
#include "host/publisher/render/view_products.h"

namespace psirt::render {
namespace {

// Control characters from the document never reach a terminal: tabs and other
// controls become spaces, CR is dropped, LF separates paragraphs.
std::string sanitize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\r') continue;
    if (c == '\n' || u >= 0x20) {
      out += u == 0x7f ? ' ' : c;
    } else {
      out += ' ';
    }
  }
  return out;
}

// Display width: UTF-8 code points (continuation bytes do not count).
std::size_t width(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

class Writer {
 public:
  // Word-wrapped paragraph(s): first line at `indent`, following lines at
  // `hanging`. Each LF in `text` starts a new line; blank lines are kept once.
  void para(std::string_view text, std::size_t indent, std::size_t hanging) {
    const std::string clean = sanitize(text);
    std::size_t start = 0;
    bool first = true;
    bool last_blank = false;
    while (start <= clean.size()) {
      std::size_t end = clean.find('\n', start);
      if (end == std::string::npos) end = clean.size();
      std::string_view line(clean.data() + start, end - start);
      const bool blank = line.find_first_not_of(' ') == std::string_view::npos;
      if (!blank) {
        wrapLine(line, first ? indent : hanging, hanging);
      } else if (!first && !last_blank) {
        out_ += '\n';
      }
      last_blank = blank;
      first = false;
      start = end + 1;
    }
  }
  void para(std::string_view text, std::size_t indent) { para(text, indent, indent); }
  void heading(std::string_view title) {
    if (!out_.empty()) out_ += '\n';
    out_ += title;
    out_ += '\n';
  }
  void blank() { out_ += '\n'; }
  std::string take() { return std::move(out_); }

 private:
  void wrapLine(std::string_view line, std::size_t indent, std::size_t hanging) {
    std::string current(indent, ' ');
    std::size_t current_width = indent;
    bool empty = true;
    std::size_t pos = 0;
    while (pos < line.size()) {
      const std::size_t word_start = line.find_first_not_of(' ', pos);
      if (word_start == std::string_view::npos) break;
      std::size_t word_end = line.find(' ', word_start);
      if (word_end == std::string_view::npos) word_end = line.size();
      const std::string_view word = line.substr(word_start, word_end - word_start);
      const std::size_t w = width(word);
      if (!empty && current_width + 1 + w > kTextWidth) {
        out_ += current + '\n';
        current.assign(hanging, ' ');
        current_width = hanging;
        empty = true;
      }
      if (!empty) {
        current += ' ';
        ++current_width;
      }
      current += word;
      current_width += w;
      empty = false;
      pos = word_end;
    }
    out_ += current + '\n';
  }

  std::string out_;
};

std::string withCve(const std::string& text, const std::string& cve) {
  return cve.empty() ? text : text + " (" + cve + ")";
}

void products(Writer& w, const AdvisoryView& v) {
  w.heading("Affected products");
  if (v.affected.empty()) w.para("None listed", 2);
  for (const auto& p : v.affected) {
    w.para(p.product, 2);
    for (const auto& s : p.statuses) {
      std::string line = s.status + ":";
      for (std::size_t i = 0; i < s.versions.size(); ++i) line += (i == 0 ? " " : ", ") + s.versions[i];
      w.para(line, 4, 6);
    }
  }
}

void impacts(Writer& w, const AdvisoryView& v) {
  w.heading("Impacts");
  if (v.vulnerabilities.empty()) w.para("None", 2);
  for (const auto& vuln : v.vulnerabilities) {
    w.para(vuln.heading + ": severity " + vuln.band, 2);
    for (const auto& i : vuln.impacts) w.para(i, 4);
    if (vuln.scores.empty()) w.para("No CVSS score given (unscored)", 4);
    for (const auto& s : vuln.scores) {
      std::string line = s.avss ? "AVSS (re-score in product context): " + (s.score.empty() ? "unusable vector" : s.score + " " + s.band) +
                                      ", CVSS " + s.cvss_version + " base " + s.base_score
                                : "CVSS " + s.cvss_version + " base score: " +
                                      (s.score.empty() ? "unusable vector" : s.score + " " + s.band);
      w.para(line, 4, 6);
      w.para(s.vector, 6);
      if (!s.products.empty()) w.para("for: " + joinNames(s.products), 6, 8);
    }
  }
}

void fixes(Writer& w, const AdvisoryView& v) {
  w.heading("Software versions and fixes");
  if (v.fixes.empty()) w.para("None", 2);
  for (const auto& p : v.fixes) {
    w.para(p.product, 2);
    for (const auto& f : p.fixes) {
      std::string line = "- " + f.kind + ": " + withCve(f.details, f.cve);
      if (!f.date.empty()) line += " [" + f.date + "]";
      w.para(line, 4, 6);
      if (!f.url.empty()) w.para(f.url, 6);
    }
  }
}

void workarounds(Writer& w, const AdvisoryView& v) {
  w.heading("Workarounds");
  if (v.workarounds.empty()) w.para("None", 2);
  for (const auto& a : v.workarounds) {
    w.para("- " + a.kind + ": " + withCve(a.details, a.cve), 2, 4);
    if (!a.products.empty()) w.para("for: " + joinNames(a.products), 4, 6);
    if (!a.url.empty()) w.para(a.url, 4);
  }
}

}  // namespace

std::string renderText(const AdvisoryView& v) {
  Writer w;
  w.para(v.publisher + " Security Advisory", 0);
  w.para("No. " + v.tracking_id + " Ed. " + v.edition, 0);
  w.blank();
  w.para(v.title, 0);
  w.para(v.cves.empty() ? std::string("No CVE id") : joinNames(v.cves), 0);
  w.para("Severity: " + v.band + (v.status == "final" ? "" : " (status: " + v.status + ")"), 0);

  w.heading("Summary");
  if (v.summary.empty()) w.para("No summary given", 2);
  for (const auto& s : v.summary) w.para(s, 2);

  w.heading("Other references");
  if (v.references.empty()) w.para("None", 2);
  for (const auto& r : v.references) {
    w.para("- " + r.summary, 2, 4);
    if (r.url != r.summary) w.para(r.url, 4);
  }

  products(w, v);

  w.heading("Description of the vulnerability");
  if (v.vulnerabilities.empty()) w.para("None", 2);
  for (const auto& vuln : v.vulnerabilities) {
    w.para(vuln.title.empty() || vuln.title == vuln.heading ? vuln.heading : vuln.heading + ": " + vuln.title, 2, 4);
    if (vuln.description.empty()) w.para("No description given", 4);
    for (const auto& d : vuln.description) w.para(d, 4);
  }

  impacts(w, v);
  fixes(w, v);
  workarounds(w, v);

  w.heading("History");
  for (const auto& h : v.history) w.para(h.edition + " (" + h.date + "): " + h.summary, 2, 4);
  return w.take();
}

}  // namespace psirt::render
