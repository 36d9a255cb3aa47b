#include "agent/evaluate/product_descriptor.h"

#include <cctype>

#include "agent/identity/cpe.h"
#include "agent/identity/distro.h"
#include "agent/identity/purl.h"

namespace psirt::evaluate {

namespace {

// One definition's strings, whichever its kind.
struct Facts {
  std::string_view name, vendor, product_name, architecture, version, purl, cpe;
  csaf::AdvisoryProduct::VersionKind version_kind = csaf::AdvisoryProduct::VersionKind::kNone;
};

Facts factsOf(const csaf::Advisory& doc, const csaf::AdvisoryProduct& p) {
  return {doc.text(p.name), doc.text(p.vendor), doc.text(p.product_name), doc.text(p.architecture),
          doc.text(p.version), doc.text(p.purl), doc.text(p.cpe), p.version_kind};
}

Facts factsOf(const csaf::Advisory& doc, const csaf::AdvisoryRelationship& r) {
  Facts f;
  f.name = r.name == csaf::kNoText ? doc.ids.at(r.id) : doc.text(r.name);
  f.purl = doc.text(r.purl);
  f.cpe = doc.text(r.cpe);
  return f;
}

char normaliseChar(char c) {
  if (c == ' ' || c == '_') return '-';
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// A CPE update "spN" is a service pack: it narrows the release line
// (cpe:/o:suse:sles:15:sp4 is line 15.4, which SLES 15 SP4 reports as
// VERSION_ID 15.4): a statement about SP4 never decides an SP5 system.
std::string servicePack(const identity::CpeValue& update) {
  if (update.kind != identity::CpeValue::Kind::kValue) return {};
  const std::string& u = update.value;
  if (u.size() < 3 || (u[0] != 's' && u[0] != 'S') || (u[1] != 'p' && u[1] != 'P')) return {};
  for (std::size_t i = 2; i < u.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(u[i]))) return {};
  }
  return "." + u.substr(2);
}

// Applies a product_identification_helper: purl first (type/namespace/name,
// version, arch and distro qualifiers), then CPE (vendor, product, version).
// A helper's version counts only where no branch gave one.
void applyHelper(const Facts& p, ProductDescriptor& d) {
  if (!p.purl.empty()) {
    if (auto u = identity::parsePurl(p.purl)) {
      d.identity.purl_type = u->type;
      d.identity.purl_namespace = identity::canonicalNamespace(u->namespace_);
      d.identity.name = u->name;
      if (auto arch = u->qualifier("arch")) d.identity.arch = *arch;
      if (auto distro = u->qualifier("distro")) d.identity.distro = *distro;
      // The purl is the machine-readable statement: its version wins over a
      // branch's text (Red Hat writes NEVRA strings there, and names an
      // unversioned component by a product_version branch holding its
      // package name: no version at all). rpm keeps its epoch in a qualifier.
      if (!u->version.empty()) {
        std::string v = u->version;
        if (u->type == "rpm") {
          if (auto epoch = u->qualifier("epoch"); epoch && !epoch->empty() && *epoch != "0") v = *epoch + ":" + v;
        }
        d.version = {VersionSpec::Kind::kExact, v, true};
      } else if (d.version.kind == VersionSpec::Kind::kExact && d.version.text == u->name) {
        d.version = {};
      }
    }
  }
  if (!p.cpe.empty()) {
    if (auto c = identity::parseCpe(p.cpe)) {
      using identity::Cpe;
      // Compared with items' formatted-string CPEs (cpeHasVendorProduct), so in
      // that binding: WFN quoting undone for '.', '-', '_' (never normaliseName:
      // '_' and '-' differ in CPE names).
      auto formatted = [&](Cpe::Attribute a) {
        const auto& v = (*c)[a];
        return v.kind == identity::CpeValue::Kind::kValue ? identity::formattedValue(v) : std::string();
      };
      d.identity.cpe_vendor = formatted(Cpe::kVendor);
      d.identity.cpe_product = formatted(Cpe::kProduct);
      auto os = identity::osStreamProduct(d.identity.cpe_vendor, d.identity.cpe_product);
      if (!os.empty()) d.identity.cpe_product = std::string(os);
      const auto& version = (*c)[Cpe::kVersion];
      if (d.version.kind == VersionSpec::Kind::kNone && version.kind == identity::CpeValue::Kind::kValue &&
          !version.value.empty()) {
        d.version = {VersionSpec::Kind::kExact, version.value + servicePack((*c)[Cpe::kUpdate]), true};
      }
    }
  }
}

void applyBranchFacts(const Facts& p, ProductDescriptor& d) {
  if (!p.vendor.empty()) d.identity.vendor = normaliseName(p.vendor);
  if (!p.product_name.empty()) d.identity.product_name = normaliseName(p.product_name);
  if (!p.architecture.empty()) d.identity.arch = std::string(p.architecture);
  using K = csaf::AdvisoryProduct::VersionKind;
  if (p.version_kind == K::kExact) d.version = {VersionSpec::Kind::kExact, std::string(p.version), false};
  if (p.version_kind == K::kRange) d.version = {VersionSpec::Kind::kRange, std::string(p.version), false};
}

}  // namespace

std::string normaliseName(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) out.push_back(normaliseChar(c));
  return out;
}

bool equalsNormalised(std::string_view raw, std::string_view normalised) {
  if (raw.size() != normalised.size()) return false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (normaliseChar(raw[i]) != normalised[i]) return false;
  }
  return true;
}

std::string Identity::key() const {
  if (!purl_type.empty()) {
    return "pkg:" + purl_type + "/" + (purl_namespace.empty() ? "" : purl_namespace + "/") + name;
  }
  if (!cpe_vendor.empty()) return "cpe:" + cpe_vendor + ":" + cpe_product;
  if (!vendor.empty() && !product_name.empty()) return "vendor:" + vendor + "/" + product_name;
  return {};
}

ProductCatalog::ProductCatalog(const csaf::Advisory& doc)
    : doc_(&doc), products_(doc.products.size() + doc.relationships.size()) {
  groups_.resize(doc.group_ids.size());
  for (const auto& g : doc.groups) {
    if (groups_[g.group_id].empty()) groups_[g.group_id] = g.products;
  }
}

const csaf::AdvisoryRelationship* ProductCatalog::relationship(csaf::IdRef id) const {
  const auto def = doc_->definition(id);
  if (def.kind != csaf::Advisory::Definition::Kind::kRelationship) return nullptr;
  const csaf::AdvisoryRelationship& r = doc_->relationships[def.index];
  return r.category == csaf::RelationshipCategory::kNone ? nullptr : &r;
}

const ProductDescriptor* ProductCatalog::find(csaf::IdRef id) const {
  using Kind = csaf::Advisory::Definition::Kind;
  const auto def = doc_->definition(id);
  if (def.kind == Kind::kUndefined) return nullptr;
  const bool rel = def.kind == Kind::kRelationship;
  auto& slot = products_[rel ? doc_->products.size() + def.index : def.index];
  if (!slot) {
    const Facts facts = rel ? factsOf(*doc_, doc_->relationships[def.index]) : factsOf(*doc_, doc_->products[def.index]);
    slot = std::make_unique<ProductDescriptor>();
    ProductDescriptor& d = *slot;
    d.product_id = doc_->ids.at(id);
    d.display_name = facts.name;
    applyBranchFacts(facts, d);
    applyHelper(facts, d);
  }
  return slot.get();
}

const ProductDescriptor* ProductCatalog::find(std::string_view product_id) const {
  auto id = doc_->ids.find(product_id);
  return id ? find(*id) : nullptr;
}

const std::vector<csaf::IdRef>& ProductCatalog::group(csaf::IdRef group_id) const {
  static const std::vector<csaf::IdRef> kEmpty;
  return group_id < groups_.size() ? groups_[group_id] : kEmpty;
}

}  // namespace psirt::evaluate
