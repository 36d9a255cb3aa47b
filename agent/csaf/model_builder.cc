// JSON -> model. Runs after the schema check, so it is tolerant by design: a
// member of the wrong type is skipped (the schema check already reported it)
// and the mandatory tests still see everything that is well-typed, like the
// reference validator does on the raw JSON.
#include "agent/csaf/model_builder.h"

#include <utility>

namespace psirt::csaf::detail {
namespace {

std::string str(const Json& o, const char* key) {
  if (!o.is_object()) return {};
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<double> num(const Json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::vector<std::string> strList(const Json& o, const char* key) {
  std::vector<std::string> out;
  if (!o.is_object()) return out;
  auto it = o.find(key);
  if (it == o.end() || !it->is_array()) return out;
  for (const auto& e : *it) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

// Calls f(element) for every object element of array member `key`.
template <typename F>
void eachObject(const Json& o, const char* key, F&& f) {
  if (!o.is_object()) return;
  auto it = o.find(key);
  if (it == o.end() || !it->is_array()) return;
  for (const auto& e : *it) {
    if (e.is_object()) f(e);
  }
}

const Json& member(const Json& o, const char* key) {
  static const Json kNull;
  if (!o.is_object()) return kNull;
  auto it = o.find(key);
  return it == o.end() ? kNull : *it;
}

std::vector<Note> notes(const Json& o) {
  std::vector<Note> out;
  eachObject(o, "notes", [&](const Json& n) {
    out.push_back(Note{str(n, "category"), str(n, "text"), str(n, "title"), str(n, "audience")});
  });
  return out;
}

std::vector<Reference> references(const Json& o) {
  std::vector<Reference> out;
  eachObject(o, "references", [&](const Json& r) {
    std::string category = str(r, "category");
    out.push_back(Reference{category.empty() ? "external" : category, str(r, "summary"), str(r, "url")});
  });
  return out;
}

IdentificationHelper helper(const Json& h) {
  IdentificationHelper out;
  out.cpe = str(h, "cpe");
  out.purl = str(h, "purl");
  eachObject(h, "hashes", [&](const Json& x) {
    Hashes hashes{str(x, "filename"), {}};
    eachObject(x, "file_hashes", [&](const Json& f) {
      hashes.file_hashes.push_back(FileHash{str(f, "algorithm"), str(f, "value")});
    });
    out.hashes.push_back(std::move(hashes));
  });
  out.model_numbers = strList(h, "model_numbers");
  out.sbom_urls = strList(h, "sbom_urls");
  out.serial_numbers = strList(h, "serial_numbers");
  out.skus = strList(h, "skus");
  eachObject(h, "x_generic_uris", [&](const Json& u) {
    out.x_generic_uris.push_back(GenericUri{str(u, "namespace"), str(u, "uri")});
  });
  return out;
}

FullProductName fullProductName(const Json& o) {
  FullProductName out{str(o, "name"), str(o, "product_id"), std::nullopt};
  const Json& h = member(o, "product_identification_helper");
  if (h.is_object()) out.helper = helper(h);
  return out;
}

// Recursion depth is bounded by the JSON nesting limit (Limits::max_depth).
Branch branch(const Json& o) {
  Branch out{str(o, "category"), str(o, "name"), std::nullopt, {}};
  const Json& p = member(o, "product");
  if (p.is_object()) out.product = fullProductName(p);
  eachObject(o, "branches", [&](const Json& b) { out.branches.push_back(branch(b)); });
  return out;
}

ProductTree productTree(const Json& t) {
  ProductTree out;
  eachObject(t, "branches", [&](const Json& b) { out.branches.push_back(branch(b)); });
  eachObject(t, "full_product_names", [&](const Json& f) { out.full_product_names.push_back(fullProductName(f)); });
  eachObject(t, "relationships", [&](const Json& r) {
    out.relationships.push_back(Relationship{str(r, "category"), str(r, "product_reference"),
                                             str(r, "relates_to_product_reference"),
                                             fullProductName(member(r, "full_product_name"))});
  });
  eachObject(t, "product_groups", [&](const Json& g) {
    out.product_groups.push_back(ProductGroup{str(g, "group_id"), str(g, "summary"), strList(g, "product_ids")});
  });
  return out;
}

CvssObject cvss(const Json& o) {
  CvssObject out;
  out.version = str(o, "version");
  out.vector_string = str(o, "vectorString");
  out.base_score = num(o, "baseScore");
  out.temporal_score = num(o, "temporalScore");
  out.environmental_score = num(o, "environmentalScore");
  out.base_severity = str(o, "baseSeverity");
  out.temporal_severity = str(o, "temporalSeverity");
  out.environmental_severity = str(o, "environmentalSeverity");
  for (auto it = o.begin(); it != o.end(); ++it) {
    if (it->is_string()) out.attributes.emplace_back(it.key(), it->get<std::string>());
  }
  return out;
}

Vulnerability vulnerability(const Json& v) {
  Vulnerability out;
  out.cve = str(v, "cve");
  out.title = str(v, "title");
  eachObject(v, "ids", [&](const Json& i) { out.ids.push_back(VulnerabilityId{str(i, "system_name"), str(i, "text")}); });
  out.notes = notes(v);
  out.references = references(v);
  const Json& s = member(v, "product_status");
  ProductStatus& ps = out.product_status;
  ps.first_affected = strList(s, "first_affected");
  ps.first_fixed = strList(s, "first_fixed");
  ps.fixed = strList(s, "fixed");
  ps.known_affected = strList(s, "known_affected");
  ps.known_not_affected = strList(s, "known_not_affected");
  ps.last_affected = strList(s, "last_affected");
  ps.recommended = strList(s, "recommended");
  ps.under_investigation = strList(s, "under_investigation");
  eachObject(v, "flags", [&](const Json& f) {
    out.flags.push_back(Flag{str(f, "label"), str(f, "date"), strList(f, "product_ids"), strList(f, "group_ids")});
  });
  eachObject(v, "remediations", [&](const Json& r) {
    Remediation rem{str(r, "category"), str(r, "details"), str(r, "date"), str(r, "url"),
                    strList(r, "product_ids"), strList(r, "group_ids"), strList(r, "entitlements"), std::nullopt};
    const Json& rr = member(r, "restart_required");
    if (rr.is_object()) rem.restart_required = RestartRequired{str(rr, "category"), str(rr, "details")};
    out.remediations.push_back(std::move(rem));
  });
  eachObject(v, "scores", [&](const Json& sc) {
    Score score{strList(sc, "products"), std::nullopt, std::nullopt};
    if (const Json& c = member(sc, "cvss_v2"); c.is_object()) score.cvss_v2 = cvss(c);
    if (const Json& c = member(sc, "cvss_v3"); c.is_object()) score.cvss_v3 = cvss(c);
    out.scores.push_back(std::move(score));
  });
  eachObject(v, "threats", [&](const Json& t) {
    out.threats.push_back(Threat{str(t, "category"), str(t, "details"), str(t, "date"), strList(t, "product_ids"),
                                 strList(t, "group_ids")});
  });
  return out;
}

}  // namespace

Document buildModel(const Json& root) {
  Document doc;
  const Json& d = member(root, "document");
  DocumentMeta& m = doc.document;
  m.category = str(d, "category");
  m.csaf_version = str(d, "csaf_version");
  m.title = str(d, "title");
  m.lang = str(d, "lang");
  const Json& p = member(d, "publisher");
  m.publisher = Publisher{str(p, "category"), str(p, "name"), str(p, "namespace")};
  const Json& t = member(d, "tracking");
  m.tracking.id = str(t, "id");
  m.tracking.version = str(t, "version");
  m.tracking.status = str(t, "status");
  m.tracking.initial_release_date = str(t, "initial_release_date");
  m.tracking.current_release_date = str(t, "current_release_date");
  eachObject(t, "revision_history", [&](const Json& r) {
    m.tracking.revision_history.push_back(Revision{str(r, "date"), str(r, "number"), str(r, "summary")});
  });
  const Json& dist = member(d, "distribution");
  m.distribution_text = str(dist, "text");
  const Json& tlp = member(dist, "tlp");
  m.tlp_label = str(tlp, "label");
  m.tlp_url = str(tlp, "url");
  m.notes = notes(d);
  m.references = references(d);
  doc.product_tree = productTree(member(root, "product_tree"));
  eachObject(root, "vulnerabilities", [&](const Json& v) { doc.vulnerabilities.push_back(vulnerability(v)); });
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
