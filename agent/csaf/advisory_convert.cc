#include "agent/csaf/advisory_convert.h"

namespace psirt::csaf {
namespace {

// The helper's purl and cpe (kNoText when absent).
template <class P>
void applyHelper(const std::optional<IdentificationHelper>& h, P& p, Advisory& out) {
  if (!h) return;
  p.purl = out.internText(h->purl);
  p.cpe = out.internText(h->cpe);
}

// The path's facts, deepest wins: the same rule the stream reader applies.
struct PathFacts {
  std::string vendor, product_name, architecture, version;
  AdvisoryProduct::VersionKind kind = AdvisoryProduct::VersionKind::kNone;
};

void walk(const std::vector<Branch>& branches, PathFacts facts, Advisory& out) {
  for (const Branch& b : branches) {
    PathFacts here = facts;
    if (b.category == "vendor") here.vendor = b.name;
    else if (b.category == "product_name") here.product_name = b.name;
    else if (b.category == "architecture") here.architecture = b.name;
    else if (b.category == "product_version") here.kind = AdvisoryProduct::VersionKind::kExact, here.version = b.name;
    else if (b.category == "product_version_range") here.kind = AdvisoryProduct::VersionKind::kRange, here.version = b.name;
    if (b.product && !b.product->product_id.empty()) {
      AdvisoryProduct p;
      p.id = out.ids.intern(b.product->product_id);
      p.name = out.internText(b.product->name);
      p.vendor = out.internText(here.vendor);
      p.product_name = out.internText(here.product_name);
      p.architecture = out.internText(here.architecture);
      p.version_kind = here.kind;
      p.version = out.internText(here.version);
      applyHelper(b.product->helper, p, out);
      out.products.push_back(std::move(p));
    }
    walk(b.branches, here, out);  // depth bounded by the JSON nesting limit
  }
}

std::vector<IdRef> refs(const std::vector<std::string>& ids, IdTable& table) {
  std::vector<IdRef> out;
  out.reserve(ids.size());
  for (const auto& id : ids) out.push_back(table.intern(id));
  return out;
}

std::optional<AdvisoryCvss> cvssOf(const std::optional<CvssObject>& c) {
  if (!c) return std::nullopt;
  return AdvisoryCvss{c->version, c->vector_string};
}

}  // namespace

Advisory toAdvisory(const Document& doc) {
  Advisory a;
  const DocumentMeta& m = doc.document;
  a.category = m.category;
  a.csaf_version = m.csaf_version;
  a.title = m.title;
  a.tracking_id = m.tracking.id;
  a.tracking_version = m.tracking.version;
  a.tracking_status = m.tracking.status;
  a.current_release_date = m.tracking.current_release_date;
  a.revision_count = m.tracking.revision_history.size();

  const ProductTree& t = doc.product_tree;
  walk(t.branches, {}, a);
  for (const FullProductName& f : t.full_product_names) {
    if (f.product_id.empty()) continue;
    AdvisoryProduct p;
    p.id = a.ids.intern(f.product_id);
    p.name = a.internText(f.name);
    applyHelper(f.helper, p, a);
    a.products.push_back(std::move(p));
  }
  for (const Relationship& r : t.relationships) {
    if (r.full_product_name.product_id.empty()) continue;
    AdvisoryRelationship p;
    p.id = a.ids.intern(r.full_product_name.product_id);
    applyHelper(r.full_product_name.helper, p, a);
    if (p.purl != kNoText || p.cpe != kNoText) p.name = a.internText(r.full_product_name.name);
    p.category = relationshipCategory(r.category);
    p.component = a.ids.intern(r.product_reference);
    p.platform = a.ids.intern(r.relates_to_product_reference);
    a.relationships.push_back(p);
  }
  for (const ProductGroup& g : t.product_groups) {
    a.groups.push_back({a.group_ids.intern(g.group_id), refs(g.product_ids, a.ids)});
  }

  for (const Vulnerability& v : doc.vulnerabilities) {
    AdvisoryVulnerability out;
    out.cve = v.cve;
    if (!v.ids.empty()) out.first_id = v.ids.front().text;
    const ProductStatus& s = v.product_status;
    const std::vector<std::string>* lists[kStatusListCount] = {
        &s.first_affected, &s.first_fixed, &s.fixed, &s.known_affected,
        &s.known_not_affected, &s.last_affected, &s.recommended, &s.under_investigation};
    for (std::size_t i = 0; i < kStatusListCount; ++i) out.status[i] = refs(*lists[i], a.ids);
    for (const Remediation& r : v.remediations) {
      out.remediations.push_back({r.category, r.details, r.url, refs(r.product_ids, a.ids),
                                  refs(r.group_ids, a.group_ids)});
    }
    for (const Score& sc : v.scores) {
      out.scores.push_back({refs(sc.products, a.ids), cvssOf(sc.cvss_v3), cvssOf(sc.cvss_v2)});
    }
    a.vulnerabilities.push_back(std::move(out));
  }
  a.indexDefinitions();
  return a;
}

}  // namespace psirt::csaf
