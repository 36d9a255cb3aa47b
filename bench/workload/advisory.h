// One generated CSAF 2.0 security advisory (csaf_security_advisory profile)
// about the workload's system: Debian-style products per source package
// (purl pkg:deb/debian/<source>?distro=debian-12, vers:deb ranges), each
// product given a planned outcome on the installed system:
//
//   affected      vers:deb/<F (or >=A|<F) known_affected, F fixed, F above installed
//   fixed         same shape with F at or below installed (exact or inferred)
//   not_affected  the installed version listed known_not_affected (+ VEX flag)
//   investigating a range containing the installed version, under_investigation
//   not_installed a package name that is not installed
//   platform      affected range installed_on the Debian 12 platform (relationship)
//
// plus noise the evaluator must still walk: Debian 11 (other train) entries,
// deep branch trees (vendor / family / release / name / version), product
// groups, scores, threats, remediations, notes, references, revision history.
// A "big" advisory (a firmware roll-up) adds thousands of vendor component
// versions that are not installed, to exceed target_bytes (> 1 MB).
#pragma once

#include <string>

#include "bench/workload/packages.h"
#include "bench/workload/rng.h"

namespace psirt::bench {

struct Advisory {
  std::string tracking_id;
  std::string target_name;  // advisories/<id per the CSAF file-name rule>.json
  std::string text;
  std::string expected;  // planned worst status on the system
};

// index: 0-based, unique per workload (CVE and tracking numbers derive from
// it); big_bytes: 0 for a normal advisory, else the size to exceed.
Advisory makeAdvisory(int index, const System& system, Rng& rng, std::size_t big_bytes);

}  // namespace psirt::bench
