// R1: identity matching of a CSAF product against an installed item, and the
// release train that scopes version comparison.
#pragma once

#include <string>
#include <string_view>

#include "agent/evaluate/inventory_view.h"
#include "agent/evaluate/product_descriptor.h"

namespace psirt::evaluate {

// The installed version the advisory speaks about: for a deb product named
// after the item's source package, the source version; else the version.
struct MatchedVersion {
  std::string version;
  bool via_source = false;
};

// Whether the item is the product (purl type/namespace/name/arch, else CPE
// vendor:product, else vendor/product_name). Sets `out` on a match. Allocates
// nothing: it is the final filter on every candidate InventoryIndex yields.
bool matchesIdentity(const Identity& id, const InstalledItem& item, MatchedVersion* out);

// Case folding of identity matching: one byte through std::tolower.
char lowerByte(char c);
// Equal after lowering both sides byte by byte.
bool equalsIgnoreCase(std::string_view a, std::string_view b);
// Whether the lowered `cpe` contains ":<vendor>:<product>:" (vendor and
// product as Identity holds them: already lower case).
bool cpeHasVendorProduct(std::string_view cpe, std::string_view vendor, std::string_view product);

// Whether an anchor's version spec belongs to the item's release train: deb
// distro release, rpm dist stream (".el8"), omnipcx release line.
bool sameTrain(const ProductDescriptor& anchor, const InstalledItem& item);

// rpm "dist stream" of a release: "el8" for "5.el8_5", "" if none.
std::string rpmDistStream(std::string_view release_or_evr);

// The ecosystem an identity's items come from (for R5's partial check).
std::string ecosystemOf(const Identity& id);

// Splits an rpm NEVRA leaf "name-[epoch:]version-release.arch" when it starts
// with `name-`: returns "[epoch:]version-release" and sets arch; else the input.
std::string stripNevra(const std::string& name, const std::string& text, std::string* arch);

}  // namespace psirt::evaluate
