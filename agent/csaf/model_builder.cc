// JSON -> model. Runs after the schema check, so it is tolerant by design: a
// member of the wrong type is skipped (the schema check already reported it)
// and the mandatory tests still see everything that is well-typed, like the
// reference validator does on the raw JSON.
#include "agent/csaf/model_builder.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace psirt::csaf::detail {
namespace {

using json::View;

// A null value: what member() gives for an absent member.
const View& nullView() {
  static const json::Document kNull = json::Document::from(json::Value());
  static const View kView = kNull.root();
  return kView;
}

// The member `key` of `o`; null when `o` is not an object or has no such
// member (the readers below treat a wrong type and absence alike).
View member(const View& o, std::string_view key) {
  if (auto v = o.find(key)) return std::move(*v);
  return nullView();
}

// The string member `key`, or "" when absent or not a string.
std::string str(const View& o, std::string_view key) {
  auto v = o.find(key);
  return v ? std::string(v->asString()) : std::string();
}

std::optional<double> num(const View& o, std::string_view key) {
  auto v = o.find(key);
  if (!v || !v->isNumber()) return std::nullopt;
  return v->asNumber();
}

// The string elements of array member `key` (others skipped).
std::vector<std::string> strList(const View& o, std::string_view key) {
  std::vector<std::string> out;
  auto list = o.find(key);
  if (!list) return out;
  for (const View& e : list->elements()) {
    if (e.isString()) out.emplace_back(e.asString());
  }
  return out;
}

// Calls f(element) for every object element of array member `key`.
template <typename F>
void eachObject(const View& o, std::string_view key, F&& f) {
  auto list = o.find(key);
  if (!list) return;
  for (const View& e : list->elements()) {
    if (e.isObject()) f(e);
  }
}

std::vector<Note> notes(const View& o) {
  std::vector<Note> out;
  eachObject(o, "notes", [&](const View& n) {
    out.push_back(Note{str(n, "category"), str(n, "text"), str(n, "title"), str(n, "audience")});
  });
  return out;
}

std::vector<Reference> references(const View& o) {
  std::vector<Reference> out;
  eachObject(o, "references", [&](const View& r) {
    std::string category = str(r, "category");
    out.push_back(Reference{category.empty() ? "external" : category, str(r, "summary"), str(r, "url")});
  });
  return out;
}

IdentificationHelper helper(const View& h) {
  IdentificationHelper out;
  out.cpe = str(h, "cpe");
  out.purl = str(h, "purl");
  eachObject(h, "hashes", [&](const View& x) {
    Hashes hashes{str(x, "filename"), {}};
    eachObject(x, "file_hashes", [&](const View& f) {
      hashes.file_hashes.push_back(FileHash{str(f, "algorithm"), str(f, "value")});
    });
    out.hashes.push_back(std::move(hashes));
  });
  out.model_numbers = strList(h, "model_numbers");
  out.sbom_urls = strList(h, "sbom_urls");
  out.serial_numbers = strList(h, "serial_numbers");
  out.skus = strList(h, "skus");
  eachObject(h, "x_generic_uris", [&](const View& u) {
    out.x_generic_uris.push_back(GenericUri{str(u, "namespace"), str(u, "uri")});
  });
  return out;
}

FullProductName fullProductName(const View& o) {
  FullProductName out{str(o, "name"), str(o, "product_id"), std::nullopt};
  const View h = member(o, "product_identification_helper");
  if (h.isObject()) out.helper = helper(h);
  return out;
}

// Recursion depth is bounded by the JSON nesting limit (Limits::max_depth).
Branch branch(const View& o) {
  Branch out{str(o, "category"), str(o, "name"), std::nullopt, {}};
  const View p = member(o, "product");
  if (p.isObject()) out.product = fullProductName(p);
  eachObject(o, "branches", [&](const View& b) { out.branches.push_back(branch(b)); });
  return out;
}

ProductTree productTree(const View& t) {
  ProductTree out;
  eachObject(t, "branches", [&](const View& b) { out.branches.push_back(branch(b)); });
  eachObject(t, "full_product_names", [&](const View& f) { out.full_product_names.push_back(fullProductName(f)); });
  eachObject(t, "relationships", [&](const View& r) {
    out.relationships.push_back(Relationship{str(r, "category"), str(r, "product_reference"),
                                             str(r, "relates_to_product_reference"),
                                             fullProductName(member(r, "full_product_name"))});
  });
  eachObject(t, "product_groups", [&](const View& g) {
    out.product_groups.push_back(ProductGroup{str(g, "group_id"), str(g, "summary"), strList(g, "product_ids")});
  });
  return out;
}

CvssObject cvss(const View& o) {
  CvssObject out;
  out.version = str(o, "version");
  out.vector_string = str(o, "vectorString");
  out.base_score = num(o, "baseScore");
  out.temporal_score = num(o, "temporalScore");
  out.environmental_score = num(o, "environmentalScore");
  out.base_severity = str(o, "baseSeverity");
  out.temporal_severity = str(o, "temporalSeverity");
  out.environmental_severity = str(o, "environmentalSeverity");
  for (const View::Member& m : o.members()) {
    if (m.value.isString()) out.attributes.emplace_back(m.key, m.value.asString());
  }
  return out;
}

Vulnerability vulnerability(const View& v) {
  Vulnerability out;
  out.cve = str(v, "cve");
  out.title = str(v, "title");
  eachObject(v, "ids", [&](const View& i) { out.ids.push_back(VulnerabilityId{str(i, "system_name"), str(i, "text")}); });
  out.notes = notes(v);
  out.references = references(v);
  const View s = member(v, "product_status");
  ProductStatus& ps = out.product_status;
  ps.first_affected = strList(s, "first_affected");
  ps.first_fixed = strList(s, "first_fixed");
  ps.fixed = strList(s, "fixed");
  ps.known_affected = strList(s, "known_affected");
  ps.known_not_affected = strList(s, "known_not_affected");
  ps.last_affected = strList(s, "last_affected");
  ps.recommended = strList(s, "recommended");
  ps.under_investigation = strList(s, "under_investigation");
  eachObject(v, "flags", [&](const View& f) {
    out.flags.push_back(Flag{str(f, "label"), str(f, "date"), strList(f, "product_ids"), strList(f, "group_ids")});
  });
  eachObject(v, "remediations", [&](const View& r) {
    Remediation rem{str(r, "category"), str(r, "details"), str(r, "date"), str(r, "url"),
                    strList(r, "product_ids"), strList(r, "group_ids"), strList(r, "entitlements"), std::nullopt};
    const View rr = member(r, "restart_required");
    if (rr.isObject()) rem.restart_required = RestartRequired{str(rr, "category"), str(rr, "details")};
    out.remediations.push_back(std::move(rem));
  });
  eachObject(v, "scores", [&](const View& sc) {
    Score score{strList(sc, "products"), std::nullopt, std::nullopt};
    if (const View c = member(sc, "cvss_v2"); c.isObject()) score.cvss_v2 = cvss(c);
    if (const View c = member(sc, "cvss_v3"); c.isObject()) score.cvss_v3 = cvss(c);
    out.scores.push_back(std::move(score));
  });
  eachObject(v, "threats", [&](const View& t) {
    out.threats.push_back(Threat{str(t, "category"), str(t, "details"), str(t, "date"), strList(t, "product_ids"),
                                 strList(t, "group_ids")});
  });
  return out;
}

}  // namespace

Document buildModel(const View& root) {
  Document doc;
  const View d = member(root, "document");
  DocumentMeta& m = doc.document;
  m.category = str(d, "category");
  m.csaf_version = str(d, "csaf_version");
  m.title = str(d, "title");
  m.lang = str(d, "lang");
  const View p = member(d, "publisher");
  m.publisher = Publisher{str(p, "category"), str(p, "name"), str(p, "namespace")};
  const View t = member(d, "tracking");
  m.tracking.id = str(t, "id");
  m.tracking.version = str(t, "version");
  m.tracking.status = str(t, "status");
  m.tracking.initial_release_date = str(t, "initial_release_date");
  m.tracking.current_release_date = str(t, "current_release_date");
  eachObject(t, "revision_history", [&](const View& r) {
    m.tracking.revision_history.push_back(Revision{str(r, "date"), str(r, "number"), str(r, "summary")});
  });
  const View dist = member(d, "distribution");
  m.distribution_text = str(dist, "text");
  const View tlp = member(dist, "tlp");
  m.tlp_label = str(tlp, "label");
  m.tlp_url = str(tlp, "url");
  m.notes = notes(d);
  m.references = references(d);
  doc.product_tree = productTree(member(root, "product_tree"));
  eachObject(root, "vulnerabilities", [&](const View& v) { doc.vulnerabilities.push_back(vulnerability(v)); });
  return doc;
}

}  // namespace psirt::csaf::detail

namespace psirt::csaf {

const std::string* CvssObject::attribute(const std::string& name) const {
  for (const auto& [k, v] : attributes) {
    if (k == name) return &v;
  }
  return nullptr;
}

}  // namespace psirt::csaf
