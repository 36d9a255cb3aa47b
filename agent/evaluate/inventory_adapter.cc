#include "agent/evaluate/inventory_adapter.h"

#include "agent/identity/distro.h"
#include "agent/identity/purl.h"

namespace psirt::evaluate {

namespace {

// The versions::Scheme that orders an item's versions. Unknown purl types map
// to their own name, which versions::schemeFromName refuses: R5 then gives
// `unknown` instead of a guess.
std::string schemeOf(inventory::Ecosystem e, const std::string& purl_type, const std::string& purl_name) {
  switch (e) {
    case inventory::Ecosystem::kDpkg: return "deb";
    case inventory::Ecosystem::kRpm: return "rpm";
    case inventory::Ecosystem::kOpkg: return "opkg";
    case inventory::Ecosystem::kApk: return "apk";
    case inventory::Ecosystem::kVendor:
      // The vendor product itself uses the vendor scheme; hotfixes are generic.
      return purl_name.rfind("hotfix-", 0) == 0 ? "generic" : "omnipcx";
    default: break;
  }
  if (purl_type == "deb" || purl_type == "rpm" || purl_type == "apk" || purl_type == "generic") return purl_type;
  if (purl_type == "npm") return "semver";
  return purl_type;
}

}  // namespace

std::string ecosystemName(inventory::Ecosystem e) {
  if (e == inventory::Ecosystem::kDpkg) return "deb";
  return std::string(inventory::toString(e));
}

InstalledItem toInstalledItem(const inventory::Item& item) { return toInstalledItem(inventory::Item(item)); }

InstalledItem toInstalledItem(inventory::Item&& item) {
  InstalledItem out;
  out.ecosystem = ecosystemName(item.ecosystem);
  out.name = item.name;
  out.version = std::move(item.version);
  out.arch = std::move(item.arch);
  out.source_name = std::move(item.source_name);
  out.source_version = std::move(item.source_version);
  out.cpe = std::move(item.cpe);
  out.uncertain = item.state == inventory::ItemState::kUncertain;
  if (auto p = identity::parsePurl(item.purl)) {
    out.purl_type = p->type;
    // Compared with advisories' namespaces in the table's spelling (rhel -> redhat).
    out.purl_namespace = p->type == "generic" ? p->namespace_ : identity::canonicalNamespace(p->namespace_);
    if (auto d = p->qualifier("distro")) out.distro = *d;
    // The purl's name is the identity (the vendor manifest names the product there).
    if (!p->name.empty()) out.name = p->name;
  }
  out.version_scheme = schemeOf(item.ecosystem, out.purl_type, out.name);
  if (item.ecosystem == inventory::Ecosystem::kDpkg || item.ecosystem == inventory::Ecosystem::kOpkg) {
    if (out.source_name.empty()) out.source_name = out.name;
    if (out.source_version.empty()) out.source_version = out.version;
  }
  if (!item.detail.empty() && item.ecosystem == inventory::Ecosystem::kVendor) {
    out.label = item.name + " " + out.version + " (" + item.detail + ")";
  }
  return out;
}

InventoryView toInventoryView(const std::vector<inventory::ReaderResult>& results) {
  InventoryView view;
  for (const auto& r : results) {
    if (r.partial) view.partial_ecosystems.insert(ecosystemName(r.ecosystem));
    for (const auto& item : r.items) view.items.push_back(toInstalledItem(item));
  }
  return view;
}

InventoryView toInventoryView(const inventory::Inventory& inv) {
  InventoryView view;
  for (const auto& e : inv.ecosystems) {
    if (e.partial) view.partial_ecosystems.insert(ecosystemName(e.ecosystem));
  }
  for (const auto& item : inv.items) view.items.push_back(toInstalledItem(item));
  return view;
}

InventoryView toInventoryView(inventory::Inventory&& inv) {
  InventoryView view;
  for (const auto& e : inv.ecosystems) {
    if (e.partial) view.partial_ecosystems.insert(ecosystemName(e.ecosystem));
  }
  view.items.reserve(inv.items.size());
  for (auto& item : inv.items) {
    view.items.push_back(toInstalledItem(std::move(item)));
    item = inventory::Item{};  // frees what was not moved (purl, detail, evidence)
  }
  inv.items = {};
  return view;
}

}  // namespace psirt::evaluate
