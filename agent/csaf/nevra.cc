#include "agent/csaf/nevra.h"

#include <algorithm>
#include <array>

namespace psirt::csaf {
namespace {

bool knownArch(std::string_view a) {
  static constexpr std::array<std::string_view, 24> kArches = {
      "x86_64", "i386",   "i486",    "i586",    "i686",   "noarch", "src",     "nosrc",
      "aarch64", "armv7hl", "armv7l", "armv6hl", "armhfp", "ppc64",  "ppc64le", "ppc",
      "s390x",  "s390",   "ia64",    "alpha",   "sparc64", "mips64el", "riscv64", "athlon"};
  return std::find(kArches.begin(), kArches.end(), a) != kArches.end();
}

bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<Nevra> parseNevra(std::string_view s) {
  Nevra n;
  std::string_view rest = s;
  // Epoch written first ("1:name-...") when the part before ':' is all digits.
  if (auto colon = rest.find(':'); colon != std::string_view::npos && allDigits(rest.substr(0, colon)) &&
                                   rest.substr(0, colon).find('-') == std::string_view::npos) {
    n.epoch = std::string(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
  }
  if (auto dot = rest.rfind('.'); dot != std::string_view::npos && knownArch(rest.substr(dot + 1))) {
    n.arch = std::string(rest.substr(dot + 1));
    rest = rest.substr(0, dot);
  }
  const auto dash_r = rest.rfind('-');
  if (dash_r == std::string_view::npos || dash_r == 0) return std::nullopt;
  n.release = std::string(rest.substr(dash_r + 1));
  rest = rest.substr(0, dash_r);
  const auto dash_v = rest.rfind('-');
  if (dash_v == std::string_view::npos || dash_v == 0) return std::nullopt;
  std::string_view version = rest.substr(dash_v + 1);
  n.name = std::string(rest.substr(0, dash_v));
  if (auto colon = version.find(':'); colon != std::string_view::npos) {
    if (!n.epoch.empty() || !allDigits(version.substr(0, colon))) return std::nullopt;
    n.epoch = std::string(version.substr(0, colon));
    version.remove_prefix(colon + 1);
  }
  n.version = std::string(version);
  if (n.name.empty() || n.version.empty() || n.release.empty()) return std::nullopt;
  if (n.version.find(':') != std::string::npos || n.name.find(':') != std::string::npos) return std::nullopt;
  return n;
}

}  // namespace psirt::csaf
