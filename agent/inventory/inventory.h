// Collects the whole inventory of a sysroot: os-release first (it names the
// distro for purls), then every package database, the kernels, the vendor
// product manifest and the vendor SBOMs. Never fails: each ecosystem reports
// present / partial and its warnings (docs/design.md#inventory-and-versions).
#pragma once

#include <string>

#include "agent/inventory/item.h"
#include "agent/inventory/readers.h"

namespace psirt::inventory {

struct InventoryOptions {
  std::string sysroot = "/";
  ProcessRunner runner;        // for rpm; empty = platform::process::run
  ControlLimits limits;
};

Inventory collectInventory(const InventoryOptions& options);

// Output formats (docs/formats/inventory.md).
std::string toJson(const Inventory& inventory);        // psirt-inventory v1, pretty, ends with '\n'
std::string toCycloneDx(const Inventory& inventory);   // CycloneDX 1.5 JSON
std::string toTable(const Inventory& inventory);       // aligned text for people

}  // namespace psirt::inventory
