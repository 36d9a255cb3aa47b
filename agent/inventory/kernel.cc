// Kernels: the running one (only meaningful when the sysroot is "/") and the
// ones installed by packages (deb linux-image-<release>, rpm kernel,
// kernel-core, kernel-rt-core), so image scans see the kernels they carry.
#include <cctype>

#include "agent/inventory/reader_util.h"
#include "agent/inventory/readers.h"

namespace psirt::inventory {

namespace {

// The kernel release a package installs, or empty if it is no kernel image.
std::string kernelRelease(const Item& item) {
  if (item.ecosystem == Ecosystem::kDpkg || item.ecosystem == Ecosystem::kOpkg) {
    constexpr std::string_view kPrefix = "linux-image-";
    if (item.name.size() > kPrefix.size() && item.name.compare(0, kPrefix.size(), kPrefix) == 0 &&
        std::isdigit(static_cast<unsigned char>(item.name[kPrefix.size()]))) {
      std::string release = item.name.substr(kPrefix.size());
      if (release.size() > 9 && release.compare(release.size() - 9, 9, "-unsigned") == 0) release.resize(release.size() - 9);
      return release;
    }
    return {};
  }
  if (item.ecosystem == Ecosystem::kRpm &&
      (item.name == "kernel" || item.name == "kernel-core" || item.name == "kernel-rt-core" ||
       item.name == "kernel-uek" || item.name == "kernel-default")) {
    std::string v = item.version;
    if (auto colon = v.find(':'); colon != std::string::npos) v = v.substr(colon + 1);  // uname has no epoch
    return v + "." + item.arch;
  }
  return {};
}

}  // namespace

ReaderResult readKernels(const ReadOptions& options, const std::vector<Item>& package_items,
                         const std::string& running_release) {
  ReaderResult out;
  out.ecosystem = Ecosystem::kKernel;
  if (!running_release.empty()) {
    out.present = true;
    Item item;
    item.ecosystem = Ecosystem::kKernel;
    item.name = "linux";
    item.version = running_release;
    item.state = ItemState::kRunning;
    item.detail = "running kernel";
    item.purl = detail::purlString("generic", "kernel.org", "linux", running_release);
    item.evidence.path = "/proc/sys/kernel/osrelease";
    out.items.push_back(std::move(item));
  }
  for (const auto& pkg : package_items) {
    std::string release = kernelRelease(pkg);
    if (release.empty() || pkg.state == ItemState::kUncertain) continue;
    out.present = true;
    Item item;
    item.ecosystem = Ecosystem::kKernel;
    item.name = "linux";
    item.version = release;
    item.arch = pkg.arch;
    item.source_name = pkg.name;
    item.source_version = pkg.version;
    item.state = (!running_release.empty() && release == running_release) ? ItemState::kRunning : ItemState::kInstalled;
    item.detail = "installed by package " + pkg.name;
    item.purl = detail::purlString("generic", "kernel.org", "linux", release);
    item.evidence = pkg.evidence;
    out.items.push_back(std::move(item));
  }
  (void)options;
  return out;
}

}  // namespace psirt::inventory
