// Adapts what agent/inventory read to the engine's view (inventory_view.h):
// identity from each item's purl, the version scheme of its ecosystem, and
// the partial flag of every reader (R5).
#pragma once

#include <vector>

#include "agent/evaluate/inventory_view.h"
#include "agent/inventory/item.h"

namespace psirt::evaluate {

// The engine's name of an ecosystem: deb, rpm, opkg, apk, os, kernel, vendor, sbom.
std::string ecosystemName(inventory::Ecosystem e);

InstalledItem toInstalledItem(const inventory::Item& item);
InstalledItem toInstalledItem(inventory::Item&& item);  // moves the strings out
InventoryView toInventoryView(const std::vector<inventory::ReaderResult>& results);
// The same from a whole collected inventory (collectInventory()).
InventoryView toInventoryView(const inventory::Inventory& inventory);
// Consumes the inventory's items (check: the view replaces them, so memory
// never holds both copies of every string).
InventoryView toInventoryView(inventory::Inventory&& inventory);

}  // namespace psirt::evaluate
