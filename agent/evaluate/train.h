// R1: identity matching of a CSAF product against an installed item, and the
// release train that scopes version comparison.
#pragma once

#include <string>

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
// vendor:product, else vendor/product_name). Sets `out` on a match.
bool matchesIdentity(const Identity& id, const InstalledItem& item, MatchedVersion* out);

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
