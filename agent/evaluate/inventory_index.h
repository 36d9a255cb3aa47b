// Which inventory items may be a CSAF product: built once per check from the
// InventoryView, so that a product family is compared with a handful of
// candidates instead of every installed item (2,000 packages x 20,000
// families was most of the evaluation time).
//
// Contract: candidates(id) is a superset of the items matchesIdentity(id, ·)
// accepts, in inventory order, each item once. The index only narrows;
// matchesIdentity stays the final filter, so verdicts are those of a linear
// scan (tests/unit/evaluate/index_differential_test.cc proves it on
// randomized inventories). Keys, one per matchesIdentity branch:
//   purl     (purl type, name); for deb and rpm also the source package name
//   CPE      each pair of adjacent ':'-fields of the lowered item CPE; a
//            vendor or product holding ':' falls back to every CPE item
//   vendor   (normalised purl namespace, normalised name) of vendor items
//
// The view must outlive the index and not change meanwhile (the index keeps
// positions into view.items).
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "agent/evaluate/inventory_view.h"
#include "agent/evaluate/product_descriptor.h"

namespace psirt::evaluate {

class InventoryIndex {
 public:
  explicit InventoryIndex(const InventoryView& view);
  explicit InventoryIndex(InventoryView&&) = delete;  // would dangle

  // No narrowing: every item is a candidate. The linear scan the index
  // replaces, kept as the reference for the differential test.
  static InventoryIndex linear(const InventoryView& view);

  const InventoryView& view() const { return *view_; }
  std::vector<const InstalledItem*> candidates(const Identity& id) const;

 private:
  using Positions = std::vector<std::size_t>;  // ascending positions in view.items
  InventoryIndex(const InventoryView& view, bool narrow);
  static const Positions* lookup(const std::unordered_map<std::string, Positions>& map, const std::string& key);

  const InventoryView* view_;
  bool narrow_;
  std::unordered_map<std::string, Positions> by_purl_name_;       // type '\0' name
  std::unordered_map<std::string, Positions> by_source_;          // type '\0' source name (deb, rpm items)
  std::unordered_map<std::string, Positions> by_cpe_pair_;        // lowered field ':' next field
  Positions cpe_items_;                                           // every item with a CPE
  std::unordered_map<std::string, Positions> by_vendor_product_;  // normalised ns '\0' name
};

}  // namespace psirt::evaluate
