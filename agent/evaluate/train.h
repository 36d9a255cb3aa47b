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
// A purl with arch "src" names a source package: it matches the binary items
// built from it (deb and rpm items with that source name; rpm compares the
// binary's own version, which rpm builds share with their source). A deb
// purl, or an rpm purl without arch, matches by name or by source name.
bool matchesIdentity(const Identity& id, const InstalledItem& item, MatchedVersion* out);

// Whether `line` (a platform's CPE or purl version: "8", "8.6", "6") covers
// the installed `version` ("8.10", "8.6", "6server"): equal, or `version`
// continues `line` after a separator ('.', '-', '_', ':', '+', '~', ' ').
// "8" covers "8.10"; "8.1" does not. Compared on the leading digits and dots
// when a side carries a suffix ("6server" is line 6).
bool coversReleaseLine(std::string_view line, std::string_view version);

// The version of an OS item for release lines: its version, else the version
// field of its CPE ("6server" in RHEL 6's system-release-cpe).
std::string osVersionOf(const InstalledItem& item);

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
// The same with the minor release it was built for: "el8_5" for "5.el8_5",
// "el8" for "3.el8", "" if none.
std::string rpmDistMinorStream(std::string_view release_or_evr);

// The ecosystem an identity's items come from (for R5's partial check).
std::string ecosystemOf(const Identity& id);

// Splits an rpm NEVRA leaf "name-[epoch:]version-release.arch" when it starts
// with `name-`: returns "[epoch:]version-release" and sets arch; else the input.
std::string stripNevra(const std::string& name, const std::string& text, std::string* arch);

}  // namespace psirt::evaluate
