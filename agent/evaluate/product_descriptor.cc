#include "agent/evaluate/product_descriptor.h"

#include <cctype>

#include "agent/identity/cpe.h"
#include "agent/identity/distro.h"
#include "agent/identity/purl.h"

namespace psirt::evaluate {

namespace {

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
void applyHelper(const csaf::AdvisoryProduct& p, ProductDescriptor& d) {
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

void applyBranchFacts(const csaf::AdvisoryProduct& p, ProductDescriptor& d) {
  if (!p.vendor.empty()) d.identity.vendor = normaliseName(p.vendor);
  if (!p.product_name.empty()) d.identity.product_name = normaliseName(p.product_name);
  if (!p.architecture.empty()) d.identity.arch = p.architecture;
  using K = csaf::AdvisoryProduct::VersionKind;
  if (p.version_kind == K::kExact) d.version = {VersionSpec::Kind::kExact, p.version, false};
  if (p.version_kind == K::kRange) d.version = {VersionSpec::Kind::kRange, p.version, false};
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

ProductCatalog::ProductCatalog(const csaf::Advisory& doc) : doc_(&doc), products_(doc.products.size()) {
  groups_.resize(doc.group_ids.size());
  for (const auto& g : doc.groups) {
    if (groups_[g.group_id].empty()) groups_[g.group_id] = g.products;
  }
}

const csaf::AdvisoryProduct* ProductCatalog::definition(csaf::IdRef id) const {
  const std::uint32_t def = doc_->definition(id);
  return def == csaf::kUndefined ? nullptr : &doc_->products[def];
}

const ProductDescriptor* ProductCatalog::find(csaf::IdRef id) const {
  const std::uint32_t def = doc_->definition(id);
  if (def == csaf::kUndefined) return nullptr;
  auto& slot = products_[def];
  if (!slot) {
    const csaf::AdvisoryProduct& p = doc_->products[def];
    slot = std::make_unique<ProductDescriptor>();
    ProductDescriptor& d = *slot;
    d.product_id = doc_->ids.at(p.id);
    d.display_name = p.name;
    applyBranchFacts(p, d);
    applyHelper(p, d);
    d.relationship = p.relationship;
    d.component = p.component;
    d.platform = p.platform;
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
