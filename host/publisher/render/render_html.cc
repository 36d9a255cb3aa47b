// One self-contained HTML5 page for the advisory view: inline CSS, no script,
// no external resource; every string from the document goes through
// escapeHtml (text and attribute values alike).
#include <string>

#include "host/publisher/render/render.h"
#include "host/publisher/render/view_products.h"

namespace psirt::render {
namespace {

// Band colours (the seeds' colour code: Critical, High, Medium, Low; the
// published page's swatches did not survive in the seed text, so these are
// the conventional red / orange / amber / green, chosen for contrast).
const char kStyle[] =
    "body{font-family:Arial,Helvetica,sans-serif;margin:0;background:#f4f4f4;color:#222}"
    "main{max-width:52em;margin:1.5em auto;padding:1.5em 2em;background:#fff;border-top:6px solid #6e2c91}"
    "header p{margin:.2em 0}.publisher{font-size:1.3em;font-weight:bold;color:#6e2c91}"
    ".number{font-weight:bold}h1{font-size:1.4em;margin:.6em 0 .3em}"
    "h2{font-size:1.1em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em;color:#6e2c91}"
    "h3{font-size:1em;margin:1em 0 .3em}.note{white-space:pre-line}"
    ".band{display:inline-block;padding:.05em .6em;border-radius:.3em;font-weight:bold}"
    ".band-critical{background:#c00000;color:#fff}.band-high{background:#e36c09;color:#fff}"
    ".band-medium{background:#ffc000;color:#000}.band-low{background:#4f9a3a;color:#fff}"
    ".band-not-impacted{background:#d9d9d9;color:#000}.band-unscored{background:#fff;color:#555;border:1px solid #999}"
    "code{font-family:monospace;word-break:break-all}table{border-collapse:collapse}"
    "td,th{text-align:left;vertical-align:top;padding:.15em .8em .15em 0}th{font-weight:normal;color:#555;white-space:nowrap}"
    "ul{margin:.3em 0;padding-left:1.4em}.products{color:#555;font-size:.92em}";

std::string cssClass(const std::string& band) {
  std::string out = "band band-";
  for (char c : band) out += c == ' ' ? '-' : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

std::string bandSpan(const std::string& band) {
  return "<span class=\"" + escapeHtml(cssClass(band)) + "\">" + escapeHtml(band) + "</span>";
}

std::string note(const std::string& text) { return "<p class=\"note\">" + escapeHtml(text) + "</p>\n"; }

std::string withCve(const std::string& text, const std::string& cve) {
  return cve.empty() ? escapeHtml(text) : escapeHtml(text) + " (" + escapeHtml(cve) + ")";
}

std::string link(const std::string& url) {
  // The URL is shown as text, not as a live link: an advisory is read, and a
  // javascript: or data: URL in an untrusted document must not become active.
  return "<code>" + escapeHtml(url) + "</code>";
}

void affected(std::string& h, const AdvisoryView& v) {
  h += "<section><h2>Affected products</h2>\n";
  if (v.affected.empty()) h += "<p>None listed</p>\n";
  for (const auto& p : v.affected) {
    h += "<h3>" + escapeHtml(p.product) + "</h3>\n<table>\n";
    for (const auto& s : p.statuses) {
      h += "<tr><th>" + escapeHtml(s.status) + "</th><td>" + escapeHtml(joinNames(s.versions)) + "</td></tr>\n";
    }
    h += "</table>\n";
  }
  h += "</section>\n";
}

void impacts(std::string& h, const AdvisoryView& v) {
  h += "<section><h2>Impacts</h2>\n";
  if (v.vulnerabilities.empty()) h += "<p>None</p>\n";
  for (const auto& vuln : v.vulnerabilities) {
    h += "<h3>" + escapeHtml(vuln.heading) + " " + bandSpan(vuln.band) + "</h3>\n";
    for (const auto& i : vuln.impacts) h += note(i);
    if (vuln.scores.empty()) h += "<p>No CVSS score given (unscored)</p>\n";
    if (!vuln.scores.empty()) h += "<ul>\n";
    for (const auto& s : vuln.scores) {
      h += "<li>";
      if (s.avss) {
        h += "AVSS (re-score in product context): " +
             (s.score.empty() ? std::string("unusable vector") : escapeHtml(s.score) + " " + bandSpan(s.band)) +
             ", CVSS " + escapeHtml(s.cvss_version) + " base " + escapeHtml(s.base_score);
      } else {
        h += "CVSS " + escapeHtml(s.cvss_version) + " base score: " +
             (s.score.empty() ? std::string("unusable vector") : escapeHtml(s.score) + " " + bandSpan(s.band));
      }
      h += "<br><code>" + escapeHtml(s.vector) + "</code>";
      if (!s.products.empty()) h += "<br><span class=\"products\">for: " + escapeHtml(joinNames(s.products)) + "</span>";
      h += "</li>\n";
    }
    if (!vuln.scores.empty()) h += "</ul>\n";
  }
  h += "</section>\n";
}

void fixes(std::string& h, const AdvisoryView& v) {
  h += "<section><h2>Software versions and fixes</h2>\n";
  if (v.fixes.empty()) h += "<p>None</p>\n";
  for (const auto& p : v.fixes) {
    h += "<h3>" + escapeHtml(p.product) + "</h3>\n<ul>\n";
    for (const auto& f : p.fixes) {
      h += "<li>" + escapeHtml(f.kind) + ": " + withCve(f.details, f.cve);
      if (!f.date.empty()) h += " [" + escapeHtml(f.date) + "]";
      if (!f.url.empty()) h += "<br>" + link(f.url);
      h += "</li>\n";
    }
    h += "</ul>\n";
  }
  h += "</section>\n";
}

void workarounds(std::string& h, const AdvisoryView& v) {
  h += "<section><h2>Workarounds</h2>\n";
  if (v.workarounds.empty()) h += "<p>None</p>\n";
  if (!v.workarounds.empty()) h += "<ul>\n";
  for (const auto& a : v.workarounds) {
    h += "<li>" + escapeHtml(a.kind) + ": " + withCve(a.details, a.cve);
    if (!a.products.empty()) h += "<br><span class=\"products\">for: " + escapeHtml(joinNames(a.products)) + "</span>";
    if (!a.url.empty()) h += "<br>" + link(a.url);
    h += "</li>\n";
  }
  if (!v.workarounds.empty()) h += "</ul>\n";
  h += "</section>\n";
}

}  // namespace

std::string escapeHtml(const std::string& s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string renderHtml(const AdvisoryView& v) {
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"" + escapeHtml(v.lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + escapeHtml(v.tracking_id + " Ed. " + v.edition + ": " + v.title) + "</title>\n";
  h += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<main>\n<header>\n";
  h += "<p class=\"publisher\">" + escapeHtml(v.publisher + " Security Advisory") + "</p>\n";
  h += "<p class=\"number\">No. " + escapeHtml(v.tracking_id) + " Ed. " + escapeHtml(v.edition) + "</p>\n";
  h += "<h1>" + escapeHtml(v.title) + "</h1>\n";
  h += "<p>" + (v.cves.empty() ? std::string("No CVE id") : escapeHtml(joinNames(v.cves))) + "</p>\n";
  h += "<p>Severity: " + bandSpan(v.band) + (v.status == "final" ? "" : " (status: " + escapeHtml(v.status) + ")") + "</p>\n";
  h += "</header>\n<section><h2>Summary</h2>\n";
  if (v.summary.empty()) h += "<p>No summary given</p>\n";
  for (const auto& s : v.summary) h += note(s);
  h += "</section>\n<section><h2>Other references</h2>\n";
  if (v.references.empty()) h += "<p>None</p>\n";
  if (!v.references.empty()) h += "<ul>\n";
  for (const auto& r : v.references) h += "<li>" + (r.url == r.summary ? link(r.url) : escapeHtml(r.summary) + "<br>" + link(r.url)) + "</li>\n";
  if (!v.references.empty()) h += "</ul>\n";
  h += "</section>\n";
  affected(h, v);
  h += "<section><h2>Description of the vulnerability</h2>\n";
  if (v.vulnerabilities.empty()) h += "<p>None</p>\n";
  for (const auto& vuln : v.vulnerabilities) {
    h += "<h3>" + escapeHtml(vuln.title.empty() || vuln.title == vuln.heading ? vuln.heading
                                                                               : vuln.heading + ": " + vuln.title) +
         "</h3>\n";
    if (vuln.description.empty()) h += "<p>No description given</p>\n";
    for (const auto& d : vuln.description) h += note(d);
  }
  h += "</section>\n";
  impacts(h, v);
  fixes(h, v);
  workarounds(h, v);
  h += "<section><h2>History</h2>\n<ul>\n";
  for (const auto& e : v.history) {
    h += "<li>" + escapeHtml(e.edition + " (" + e.date + "): " + e.summary) + "</li>\n";
  }
  h += "</ul>\n</section>\n</main>\n</body>\n</html>\n";
  return h;
}

}  // namespace psirt::render
