#include "tests/unit/csaf/advisory_equal.h"

#include <optional>
#include <vector>

namespace psirt::csaf::test {
namespace {

// Collects the first difference; later comparisons are no-ops once one is found.
class Diff {
 public:
  Diff(const Advisory& a, const Advisory& b) : a_(a), b_(b) {}
  const std::string& result() const { return diff_; }

  void str(const std::string& where, const std::string& x, const std::string& y) {
    if (diff_.empty() && x != y) diff_ = where + ": '" + x + "' != '" + y + "'";
  }
  void num(const std::string& where, std::size_t x, std::size_t y) {
    str(where, std::to_string(x), std::to_string(y));
  }
  std::string id(const Advisory& adv, IdRef r) const { return r == kNoId ? "<none>" : std::string(adv.ids.at(r)); }
  std::string group(const Advisory& adv, IdRef r) const {
    return r == kNoId ? "<none>" : std::string(adv.group_ids.at(r));
  }
  // A product string of each side (TextRefs differ between builders too).
  void text(const std::string& where, TextRef x, TextRef y) {
    str(where, std::string(a_.text(x)), std::string(b_.text(y)));
  }
  void ref(const std::string& where, IdRef x, IdRef y) { str(where, id(a_, x), id(b_, y)); }
  void refs(const std::string& where, const std::vector<IdRef>& x, const std::vector<IdRef>& y, bool groups = false) {
    num(where + ".size", x.size(), y.size());
    for (std::size_t i = 0; diff_.empty() && i < x.size(); ++i) {
      const std::string w = where + "[" + std::to_string(i) + "]";
      if (groups) str(w, group(a_, x[i]), group(b_, y[i]));
      else ref(w, x[i], y[i]);
    }
  }
  void cvss(const std::string& where, const std::optional<AdvisoryCvss>& x, const std::optional<AdvisoryCvss>& y) {
    num(where + " present", x.has_value(), y.has_value());
    if (!x || !y) return;
    str(where + ".version", x->version, y->version);
    str(where + ".vector_string", x->vector_string, y->vector_string);
  }
  void product(const std::string& w, const AdvisoryProduct& x, const AdvisoryProduct& y) {
    ref(w + ".id", x.id, y.id);
    text(w + ".name", x.name, y.name);
    text(w + ".vendor", x.vendor, y.vendor);
    text(w + ".product_name", x.product_name, y.product_name);
    text(w + ".architecture", x.architecture, y.architecture);
    num(w + ".version_kind", static_cast<std::size_t>(x.version_kind), static_cast<std::size_t>(y.version_kind));
    text(w + ".version", x.version, y.version);
    text(w + ".purl", x.purl, y.purl);
    text(w + ".cpe", x.cpe, y.cpe);
    definition(w, x.id, y.id);
  }
  void relationship(const std::string& w, const AdvisoryRelationship& x, const AdvisoryRelationship& y) {
    ref(w + ".id", x.id, y.id);
    ref(w + ".component", x.component, y.component);
    ref(w + ".platform", x.platform, y.platform);
    text(w + ".purl", x.purl, y.purl);
    text(w + ".cpe", x.cpe, y.cpe);
    text(w + ".name", x.name, y.name);
    num(w + ".category", static_cast<std::size_t>(x.category), static_cast<std::size_t>(y.category));
    definition(w, x.id, y.id);
  }
  // The definition index must point at the same definition in both.
  void definition(const std::string& w, IdRef x, IdRef y) {
    const auto dx = a_.definition(x), dy = b_.definition(y);
    num(w + " definition kind", static_cast<std::size_t>(dx.kind), static_cast<std::size_t>(dy.kind));
    num(w + " definition", dx.index, dy.index);
  }
  void vulnerability(const std::string& w, const AdvisoryVulnerability& x, const AdvisoryVulnerability& y) {
    str(w + ".cve", x.cve, y.cve);
    str(w + ".first_id", x.first_id, y.first_id);
    for (std::size_t l = 0; l < kStatusListCount; ++l) {
      refs(w + ".status." + std::string(toString(static_cast<StatusList>(l))), x.status[l], y.status[l]);
    }
    num(w + ".remediations.size", x.remediations.size(), y.remediations.size());
    for (std::size_t i = 0; diff_.empty() && i < x.remediations.size(); ++i) {
      const std::string r = w + ".remediations[" + std::to_string(i) + "]";
      const AdvisoryRemediation &p = x.remediations[i], &q = y.remediations[i];
      str(r + ".category", p.category, q.category);
      str(r + ".details", p.details, q.details);
      str(r + ".url", p.url, q.url);
      refs(r + ".products", p.products, q.products);
      refs(r + ".groups", p.groups, q.groups, true);
    }
    num(w + ".scores.size", x.scores.size(), y.scores.size());
    for (std::size_t i = 0; diff_.empty() && i < x.scores.size(); ++i) {
      const std::string s = w + ".scores[" + std::to_string(i) + "]";
      refs(s + ".products", x.scores[i].products, y.scores[i].products);
      cvss(s + ".cvss_v3", x.scores[i].cvss_v3, y.scores[i].cvss_v3);
      cvss(s + ".cvss_v2", x.scores[i].cvss_v2, y.scores[i].cvss_v2);
    }
  }

 private:
  const Advisory& a_;
  const Advisory& b_;
  std::string diff_;
};

}  // namespace

std::string advisoryDifference(const Advisory& a, const Advisory& b) {
  Diff d(a, b);
  d.str("category", a.category, b.category);
  d.str("csaf_version", a.csaf_version, b.csaf_version);
  d.str("title", a.title, b.title);
  d.str("tracking_id", a.tracking_id, b.tracking_id);
  d.str("tracking_version", a.tracking_version, b.tracking_version);
  d.str("tracking_status", a.tracking_status, b.tracking_status);
  d.str("current_release_date", a.current_release_date, b.current_release_date);
  d.num("revision_count", a.revision_count, b.revision_count);
  d.num("products.size", a.products.size(), b.products.size());
  for (std::size_t i = 0; d.result().empty() && i < a.products.size(); ++i) {
    d.product("products[" + std::to_string(i) + "]", a.products[i], b.products[i]);
  }
  d.num("relationships.size", a.relationships.size(), b.relationships.size());
  for (std::size_t i = 0; d.result().empty() && i < a.relationships.size(); ++i) {
    d.relationship("relationships[" + std::to_string(i) + "]", a.relationships[i], b.relationships[i]);
  }
  d.num("groups.size", a.groups.size(), b.groups.size());
  for (std::size_t i = 0; d.result().empty() && i < a.groups.size(); ++i) {
    const std::string w = "groups[" + std::to_string(i) + "]";
    d.str(w + ".group_id", d.group(a, a.groups[i].group_id), d.group(b, b.groups[i].group_id));
    d.refs(w + ".products", a.groups[i].products, b.groups[i].products);
  }
  d.num("vulnerabilities.size", a.vulnerabilities.size(), b.vulnerabilities.size());
  for (std::size_t i = 0; d.result().empty() && i < a.vulnerabilities.size(); ++i) {
    d.vulnerability("vulnerabilities[" + std::to_string(i) + "]", a.vulnerabilities[i], b.vulnerabilities[i]);
  }
  d.ref("duplicateDefinition", a.duplicateDefinition(), b.duplicateDefinition());
  return d.result();
}

}  // namespace psirt::csaf::test
