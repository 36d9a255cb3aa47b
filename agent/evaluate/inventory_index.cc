#include "agent/evaluate/inventory_index.h"

#include <algorithm>
#include <iterator>
#include <string_view>

#include "agent/evaluate/train.h"

namespace psirt::evaluate {

namespace {

std::string pairKey(std::string_view a, std::string_view b, char sep) {
  std::string key;
  key.reserve(a.size() + b.size() + 1);
  key.append(a).push_back(sep);
  key.append(b);
  return key;
}

// Items are added in inventory order: each list stays ascending, each item once.
template <class Map>
void add(Map& map, std::string key, std::size_t pos) {
  auto& list = map[std::move(key)];
  if (list.empty() || list.back() != pos) list.push_back(pos);
}

// The ':'-separated fields of a CPE string, lowered as matchesIdentity
// lowers it; empty fields kept (an empty product is the pair "vendor:").
std::vector<std::string> loweredFields(std::string_view cpe) {
  std::vector<std::string> fields(1);
  for (char c : cpe) {
    const char l = lowerByte(c);
    if (l == ':') fields.emplace_back();
    else fields.back().push_back(l);
  }
  return fields;
}

}  // namespace

InventoryIndex::InventoryIndex(const InventoryView& view) : InventoryIndex(view, true) {}

InventoryIndex InventoryIndex::linear(const InventoryView& view) { return InventoryIndex(view, false); }

InventoryIndex::InventoryIndex(const InventoryView& view, bool narrow) : view_(&view), narrow_(narrow) {
  if (!narrow_) return;
  for (std::size_t pos = 0; pos < view.items.size(); ++pos) {
    const InstalledItem& item = view.items[pos];
    add(by_purl_name_, pairKey(item.purl_type, item.name, '\0'), pos);
    if ((item.purl_type == "deb" || item.purl_type == "rpm") && !item.source_name.empty()) {
      add(by_source_, pairKey(item.purl_type, item.source_name, '\0'), pos);
    }
    if (!item.cpe.empty()) {
      cpe_items_.push_back(pos);
      const auto fields = loweredFields(item.cpe);
      for (std::size_t i = 0; i + 1 < fields.size(); ++i) add(by_cpe_pair_, pairKey(fields[i], fields[i + 1], ':'), pos);
    }
    if (item.ecosystem == "vendor") {
      add(by_vendor_product_, pairKey(normaliseName(item.purl_namespace), normaliseName(item.name), '\0'), pos);
    }
  }
}

const InventoryIndex::Positions* InventoryIndex::lookup(const std::unordered_map<std::string, Positions>& map,
                                                       const std::string& key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

std::vector<const InstalledItem*> InventoryIndex::candidates(const Identity& id) const {
  std::vector<const InstalledItem*> out;
  if (!narrow_) {
    out.reserve(view_->items.size());
    for (const auto& item : view_->items) out.push_back(&item);
    return out;
  }
  // The same branch order as matchesIdentity: purl, else CPE, else vendor/product.
  const Positions* a = nullptr;
  const Positions* b = nullptr;
  if (!id.purl_type.empty()) {
    a = lookup(by_purl_name_, pairKey(id.purl_type, id.name, '\0'));
    // Advisories name source packages (deb; rpm with arch "src").
    if (id.purl_type == "deb" || id.purl_type == "rpm") b = lookup(by_source_, pairKey(id.purl_type, id.name, '\0'));
  } else if (!id.cpe_vendor.empty()) {
    // ":v:p:" with no ':' inside v or p is a pair of adjacent fields; a quoted
    // "\:" inside a WFN value is not, so every CPE item stays a candidate.
    const bool plain = id.cpe_vendor.find(':') == std::string::npos && id.cpe_product.find(':') == std::string::npos;
    a = plain ? lookup(by_cpe_pair_, pairKey(id.cpe_vendor, id.cpe_product, ':')) : &cpe_items_;
  } else if (!id.vendor.empty() && !id.product_name.empty()) {
    a = lookup(by_vendor_product_, pairKey(id.vendor, id.product_name, '\0'));
  }
  Positions merged;
  if (a != nullptr && b != nullptr) {
    std::set_union(a->begin(), a->end(), b->begin(), b->end(), std::back_inserter(merged));
    a = &merged;
  } else if (a == nullptr) {
    a = b;
  }
  if (a == nullptr) return out;
  out.reserve(a->size());
  for (std::size_t pos : *a) out.push_back(&view_->items[pos]);
  return out;
}

}  // namespace psirt::evaluate
