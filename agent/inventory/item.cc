#include "agent/inventory/item.h"

#include "agent/identity/distro.h"

#include <algorithm>

namespace psirt::inventory {

std::string_view toString(Ecosystem e) {
  switch (e) {
    case Ecosystem::kDpkg: return "dpkg";
    case Ecosystem::kRpm: return "rpm";
    case Ecosystem::kOpkg: return "opkg";
    case Ecosystem::kApk: return "apk";
    case Ecosystem::kOs: return "os";
    case Ecosystem::kKernel: return "kernel";
    case Ecosystem::kVendor: return "vendor";
    case Ecosystem::kSbom: return "sbom";
  }
  return "?";
}

std::string_view toString(ItemState s) {
  switch (s) {
    case ItemState::kInstalled: return "installed";
    case ItemState::kRunning: return "running";
    case ItemState::kRestartPending: return "restart-pending";
    case ItemState::kUncertain: return "uncertain";
  }
  return "?";
}

std::string Warning::describe() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  return out + ": " + message;
}

void ReaderResult::warn(std::string file, std::uint32_t line, std::string message, bool makes_partial) {
  warnings.push_back(Warning{ecosystem, std::move(file), line, std::move(message)});
  if (makes_partial) partial = true;
}

std::string OsInfo::distroQualifier() const {
  if (id.empty()) return {};
  return version_id.empty() ? id : id + "-" + version_id;
}

std::string OsInfo::purlNamespace(std::string_view fallback) const {
  return id.empty() ? std::string(fallback) : identity::distroNamespace(id, id_like);
}

bool Inventory::partial(Ecosystem e) const {
  return std::any_of(ecosystems.begin(), ecosystems.end(),
                     [e](const EcosystemStatus& s) { return s.ecosystem == e && s.partial; });
}

}  // namespace psirt::inventory
