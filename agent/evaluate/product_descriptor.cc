#include "agent/evaluate/product_descriptor.h"

#include <cctype>

#include "agent/csaf/product_index.h"
#include "agent/identity/cpe.h"
#include "agent/identity/purl.h"

namespace psirt::evaluate {

namespace {

char normaliseChar(char c) {
  if (c == ' ' || c == '_') return '-';
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// Applies a product_identification_helper: purl first (type/namespace/name,
// version, arch and distro qualifiers), then CPE (vendor, product, version).
void applyHelper(const csaf::IdentificationHelper& h, ProductDescriptor& d) {
  if (!h.purl.empty()) {
    if (auto p = identity::parsePurl(h.purl)) {
      d.identity.purl_type = p->type;
      d.identity.purl_namespace = p->namespace_;
      d.identity.name = p->name;
      if (auto arch = p->qualifier("arch")) d.identity.arch = *arch;
      if (auto distro = p->qualifier("distro")) d.identity.distro = *distro;
      if (!p->version.empty() && d.version.kind == VersionSpec::Kind::kNone) {
        d.version = {VersionSpec::Kind::kExact, p->version};
      }
    }
  }
  if (!h.cpe.empty()) {
    if (auto c = identity::parseCpe(h.cpe)) {
      using identity::Cpe;
      auto value = [&](Cpe::Attribute a) {
        const auto& v = (*c)[a];
        return v.kind == identity::CpeValue::Kind::kValue ? v.value : std::string();
      };
      // Compared with items' formatted-string CPEs (cpeHasVendorProduct), so in
      // that binding: WFN quoting undone for '.', '-', '_' (never normaliseName:
      // '_' and '-' differ in CPE names).
      auto formatted = [&](Cpe::Attribute a) {
        const auto& v = (*c)[a];
        return v.kind == identity::CpeValue::Kind::kValue ? identity::formattedValue(v) : std::string();
      };
      d.identity.cpe_vendor = formatted(Cpe::kVendor);
      d.identity.cpe_product = formatted(Cpe::kProduct);
      std::string version = value(Cpe::kVersion);
      if (d.version.kind == VersionSpec::Kind::kNone && !version.empty()) {
        d.version = {VersionSpec::Kind::kExact, version};
      }
    }
  }
}

// The branch path from the root decides vendor, product name, version or
// range and architecture of a leaf product.
void applyBranchPath(const std::vector<csaf::BranchStep>& path, ProductDescriptor& d) {
  for (const auto& b : path) {
    if (b.category == "vendor") d.identity.vendor = normaliseName(b.name);
    else if (b.category == "product_name") d.identity.product_name = normaliseName(b.name);
    else if (b.category == "architecture") d.identity.arch = b.name;
    else if (b.category == "product_version") d.version = {VersionSpec::Kind::kExact, b.name};
    else if (b.category == "product_version_range") d.version = {VersionSpec::Kind::kRange, b.name};
  }
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

ProductCatalog::ProductCatalog(const csaf::Document& doc) {
  // csaf::ProductIndex resolves where each id is defined; this adds what the
  // decision needs from it (identity, version spec, relationship sides).
  const csaf::ProductIndex index(doc);
  for (const auto& entry : index.products()) {
    ProductDescriptor d;
    d.product_id = entry.product_id;
    d.display_name = entry.name;
    applyBranchPath(entry.branch_path, d);
    if (entry.helper != nullptr) applyHelper(*entry.helper, d);
    if (entry.relationship != nullptr) {
      d.relationship = entry.relationship->category;
      d.component_id = entry.relationship->product_reference;
      d.platform_id = entry.relationship->relates_to_product_reference;
    }
    products_.emplace(d.product_id, std::move(d));
  }
  for (const auto& g : doc.product_tree.product_groups) groups_[g.group_id] = g.product_ids;
}

Result<ProductDescriptor> ProductCatalog::find(const std::string& product_id) const {
  auto it = products_.find(product_id);
  if (it == products_.end()) {
    return makeError(ErrorCategory::kParse, "product id is not defined in the product tree (CSAF 6.1.1)",
                     product_id);
  }
  return it->second;
}

const std::vector<std::string>& ProductCatalog::group(const std::string& group_id) const {
  static const std::vector<std::string> kEmpty;
  auto it = groups_.find(group_id);
  return it == groups_.end() ? kEmpty : it->second;
}

}  // namespace psirt::evaluate
