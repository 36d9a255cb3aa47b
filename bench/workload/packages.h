// The installed system of the workload: source packages, each with 1-3
// binary packages (dpkg), Debian 12 versions "[E:]X.Y.Z-R[+deb12uN]" and a
// few binNMUs ("+bN", Source: "name (version)"), written as a dpkg status
// file that agent/inventory reads (docs/formats/inventory.md).
#pragma once

#include <string>
#include <vector>

#include "bench/workload/rng.h"

namespace psirt::bench {

struct DebVersion {
  int epoch = 0;
  int major = 1, minor = 0, patch = 0;
  int revision = 1;
  int security = 0;  // N of "+deb12uN"; 0 = none
  std::string str() const;
  // A version strictly above / strictly below this one in dpkg order.
  DebVersion above(Rng& rng) const;
  DebVersion below(Rng& rng) const;
};

struct SourcePackage {
  std::string name;
  DebVersion version;
  std::vector<std::string> binaries;
};

struct System {
  std::vector<SourcePackage> sources;
  std::size_t package_count = 0;
};

System makeSystem(Rng& rng, int packages);
std::string dpkgStatus(const System& system, Rng& rng);

}  // namespace psirt::bench
