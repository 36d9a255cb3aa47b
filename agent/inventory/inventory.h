// Collects the whole inventory of a sysroot: os-release first (it names the
// distro for purls), then every package database, the kernels, the vendor
// product manifest and the vendor SBOMs. Never fails: each ecosystem reports
// present / partial and its warnings (docs/design.md#inventory-and-versions).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "agent/inventory/item.h"
#include "agent/inventory/readers.h"
#include "platform/error/result.h"

namespace psirt::inventory {

struct InventoryOptions {
  std::string sysroot = "/";
  ProcessRunner runner;        // for rpm; empty = platform::process::run
  ControlLimits limits;
  InventoryLimits totals;      // the whole inventory's bounds (docs/formats/inventory.md, "Limits")
};

// The sysroot must be an existing, listable directory: kIo naming it
// otherwise ("sysroot does not exist", "sysroot is not a directory (<type>)",
// "sysroot unreadable: ..."). Callers refuse before collecting: an inventory
// of nothing must never look like a complete inventory of an empty system.
Status checkSysroot(const std::string& sysroot);

// An existing root without any package database, product manifest or SBOM
// yields an inventory marked incomplete: the package ecosystems are reported
// partial (nothing proves absence) with one warning naming the sysroot.
Inventory collectInventory(const InventoryOptions& options);

// Output formats (docs/formats/inventory.md), written in pieces to a sink
// (stdout): one item at a time is formatted, never the whole document.
// The sink returns false when a write failed; the writer then stops and
// returns false. Invalid UTF-8 in values is replaced (status files are not
// guaranteed UTF-8).
using OutputSink = std::function<bool(std::string_view)>;
bool writeJson(const Inventory& inventory, const OutputSink& sink);
bool writeCycloneDx(const Inventory& inventory, const OutputSink& sink);
bool writeTable(const Inventory& inventory, const OutputSink& sink);
// The same as strings (tests).
std::string toJson(const Inventory& inventory);        // psirt-inventory v1, pretty, ends with '\n'
std::string toCycloneDx(const Inventory& inventory);   // CycloneDX 1.5 JSON
std::string toTable(const Inventory& inventory);       // aligned text for people

}  // namespace psirt::inventory
