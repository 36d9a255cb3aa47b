// rpm NEVRA strings as Red Hat advisories write them in product_version leaves:
// "kernel-0:4.18.0-305.el8.x86_64", "openssl-1.1.1k-5.el8_5.x86_64",
// "1:openssl-1.1.1k-5.el8_5.noarch" (epoch first), "bash-4.4.20-1.el8" (no arch).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace psirt::csaf {

struct Nevra {
  std::string name;
  std::string epoch;  // empty when not written (rpm treats that as 0)
  std::string version;
  std::string release;
  std::string arch;   // empty when the string has no known architecture suffix
};

// Parses name-[epoch:]version-release[.arch] (or epoch:name-version-release[.arch]).
// The arch is taken only when the last dot-separated part is a known rpm
// architecture, so a release like "5.el8_5" is never mistaken for one.
// Returns nullopt when there is no name, version or release, or the epoch is
// not all digits.
std::optional<Nevra> parseNevra(std::string_view s);

}  // namespace psirt::csaf
