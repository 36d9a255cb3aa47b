// Header, summary, references, vulnerability sections (description, impacts,
// scores) and history. Products, fixes and workarounds: view_products.cc.
#include "host/publisher/render/advisory_view.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <string_view>

#include "agent/csaf/product_index.h"
#include "agent/cvss/cvss.h"
#include "host/publisher/render/view_products.h"

namespace psirt::render {
namespace {

std::string bandLabel(cvss::Band b) {
  return b == cvss::Band::kNone ? std::string("Not impacted") : std::string(cvss::bandName(b));
}

ScoreLine scoreLine(const csaf::CvssObject& obj, const std::vector<std::string>& names) {
  ScoreLine line;
  line.cvss_version = obj.version;
  line.vector = obj.vector_string;
  line.products = names;
  line.band = kUnscored;
  auto s = cvss::score(obj.vector_string);
  if (!s) return line;  // the strict loader refuses these; never shown as 0.0
  line.avss = cvss::definesEnvironmental(obj.vector_string, *s);
  const cvss::Tenths shown = line.avss ? s->overall : s->base;
  line.score = cvss::formatScore(shown);
  line.band = bandLabel(cvss::bandOf(shown));
  if (line.avss) line.base_score = cvss::formatScore(s->base);
  return line;
}

// Band of a vulnerability: per product, its highest AVSS if it has a
// re-score, else its highest base score (docs/design.md#severity); the worst product wins.
// Unscored when no usable score exists.
std::string vulnerabilityBand(const csaf::Vulnerability& v, const std::vector<ScoreLine>& lines) {
  std::map<std::string, std::pair<int, int>> by_product;  // id -> (AVSS rank, base rank)
  std::size_t line = 0;
  for (const auto& s : v.scores) {
    for (const auto* obj : {s.cvss_v3 ? &*s.cvss_v3 : nullptr, s.cvss_v2 ? &*s.cvss_v2 : nullptr}) {
      if (obj == nullptr) continue;
      const ScoreLine& l = lines[line++];
      for (const auto& id : s.products) {
        auto& [avss, base] = by_product[id];
        int& slot = l.avss ? avss : base;
        slot = std::max(slot, bandRank(l.band));
      }
    }
  }
  int worst = 0;
  for (const auto& [id, ranks] : by_product) worst = std::max(worst, ranks.first > 0 ? ranks.first : ranks.second);
  return bandName(worst);
}

std::string headingOf(const csaf::Vulnerability& v, std::size_t index) {
  if (!v.cve.empty()) return v.cve;
  if (!v.ids.empty()) return v.ids.front().system_name + " " + v.ids.front().text;
  if (!v.title.empty()) return v.title;
  return "Vulnerability " + std::to_string(index + 1);
}

VulnerabilitySection vulnerabilitySection(const csaf::Vulnerability& v, std::size_t index,
                                          const csaf::ProductIndex& products) {
  VulnerabilitySection out;
  out.heading = headingOf(v, index);
  out.title = v.title;
  for (const char* category : {"description", "details"}) {
    for (const auto& n : v.notes) {
      if (n.category == category) out.description.push_back(n.text);
    }
  }
  for (const auto& n : v.notes) {  // a summary only when nothing longer is given
    if (out.description.empty() && n.category == "summary") out.description.push_back(n.text);
  }
  for (const auto& t : v.threats) {
    if (t.category != "impact") continue;
    std::string text = t.details;
    auto ids = products.expand(t.product_ids, t.group_ids);
    if (!ids.empty()) text += " (" + joinNames(productNames(ids, products)) + ")";
    out.impacts.push_back(std::move(text));
  }
  for (const auto& s : v.scores) {
    auto names = namesOrAll(v, s.products, products);
    if (s.cvss_v3) out.scores.push_back(scoreLine(*s.cvss_v3, names));
    if (s.cvss_v2) out.scores.push_back(scoreLine(*s.cvss_v2, names));
  }
  out.band = vulnerabilityBand(v, out.scores);
  return out;
}

std::string twoDigits(std::size_t n) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02zu", n);
  return buf;
}

std::vector<HistoryLine> history(const csaf::Tracking& t) {
  std::vector<HistoryLine> out;
  for (std::size_t i = 0; i < t.revision_history.size(); ++i) {
    const auto& r = t.revision_history[i];
    HistoryLine line{"Ed." + twoDigits(i + 1), r.date.substr(0, 10), r.summary};
    // "Ed.01: creation" would read "Ed.01 (date): Ed.01: creation".
    for (const std::string& prefix : {line.edition + ": ", line.edition + " "}) {
      if (line.summary.rfind(prefix, 0) == 0) {
        line.summary.erase(0, prefix.size());
        break;
      }
    }
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace

namespace {
constexpr std::array<std::string_view, 5> kBandOrder = {"Not impacted", "Low", "Medium", "High", "Critical"};
}  // namespace

int bandRank(const std::string& band) {
  for (std::size_t i = 0; i < kBandOrder.size(); ++i) {
    if (band == kBandOrder[i]) return static_cast<int>(i) + 1;
  }
  return 0;
}

std::string bandName(int rank) {
  return rank >= 1 && rank <= 5 ? std::string(kBandOrder[static_cast<std::size_t>(rank - 1)]) : std::string(kUnscored);
}

AdvisoryView buildView(const csaf::Document& doc) {
  const csaf::DocumentMeta& d = doc.document;
  const csaf::ProductIndex products(doc);
  AdvisoryView v;
  v.publisher = d.publisher.name;
  v.tracking_id = d.tracking.id;
  v.edition = twoDigits(d.tracking.revision_history.size());
  v.title = d.title;
  v.lang = d.lang.empty() ? "en" : d.lang;
  v.status = d.tracking.status;
  for (const auto& vuln : doc.vulnerabilities) {
    if (!vuln.cve.empty()) v.cves.push_back(vuln.cve);
  }
  for (const char* category : {"summary", "description"}) {
    for (const auto& n : d.notes) {
      if (n.category == category) v.summary.push_back(n.text);
    }
    if (!v.summary.empty()) break;  // description only when there is no summary
  }
  for (const auto& r : d.references) v.references.push_back({r.summary, r.url});
  v.affected = affectedProducts(doc, products);
  for (std::size_t i = 0; i < doc.vulnerabilities.size(); ++i) {
    v.vulnerabilities.push_back(vulnerabilitySection(doc.vulnerabilities[i], i, products));
    if (bandRank(v.vulnerabilities.back().band) > bandRank(v.band)) v.band = v.vulnerabilities.back().band;
  }
  v.fixes = productFixes(doc, products);
  v.workarounds = workarounds(doc, products);
  v.history = history(d.tracking);
  return v;
}

}  // namespace psirt::render
