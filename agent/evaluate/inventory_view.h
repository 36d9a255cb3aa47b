// The engine's view of the inventory: what it needs to know of each installed
// instance, independent of the reader that found it (agent/inventory adapts
// its items to this; tests write it by hand).
#pragma once

#include <set>
#include <string>
#include <vector>

namespace psirt::evaluate {

struct InstalledItem {
  std::string ecosystem;       // deb, rpm, opkg, apk, vendor, sbom, ...
  std::string version_scheme;  // versions::Scheme name used to compare: deb, rpm, omnipcx, generic, ...
  std::string purl_type;       // deb, rpm, apk, generic, ...
  std::string purl_namespace;  // debian, redhat, <vendor>
  std::string name;
  std::string version;
  std::string arch;            // empty when not applicable
  std::string distro;          // deb/rpm: distro release, e.g. "debian-12"; empty if unknown
  std::string source_name;     // deb: source package (defaults to name)
  std::string source_version;  // deb: source version (defaults to version)
  std::string cpe;             // vendor products: CPE 2.3 string
  bool uncertain = false;      // e.g. dpkg half-installed (R5)
  std::string label;           // shown in reports; built from name/version/arch when empty
};

struct InventoryView {
  std::vector<InstalledItem> items;
  std::set<std::string> partial_ecosystems;  // readers that failed (R5)

  // Whether absence in the decision's ecosystem `eco` (train.h ecosystemOf:
  // deb, rpm, apk, opkg, else vendor) proves nothing. SBOM components are
  // decided as "vendor" (any purl type but the distributions' packages), so a
  // partial SBOM (a damaged file, an inventory limit reached) makes "vendor"
  // partial too: a dropped component must not turn into not_installed, nor
  // a found one into fixed while another instance went unread.
  bool partial(const std::string& eco) const {
    return partial_ecosystems.count(eco) != 0 || (eco == "vendor" && partial_ecosystems.count("sbom") != 0);
  }
};

}  // namespace psirt::evaluate
