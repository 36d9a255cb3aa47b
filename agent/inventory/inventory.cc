#include "agent/inventory/inventory.h"

#include <algorithm>
#include <cerrno>
#include <set>
#include <tuple>

#include "agent/inventory/reader_util.h"
#include "platform/fs/fs.h"
#include "platform/fs/rooted.h"

namespace psirt::inventory {

namespace {

void absorb(ReaderResult r, Inventory& inv) {
  EcosystemStatus status{r.ecosystem, r.present, r.partial, r.items.size()};
  auto it = std::find_if(inv.ecosystems.begin(), inv.ecosystems.end(),
                         [&](const EcosystemStatus& s) { return s.ecosystem == r.ecosystem; });
  if (it == inv.ecosystems.end()) {
    inv.ecosystems.push_back(status);
  } else {
    it->present = it->present || status.present;
    it->partial = it->partial || status.partial;
    it->items += status.items;
  }
  for (auto& i : r.items) inv.items.push_back(std::move(i));
  for (auto& w : r.warnings) inv.warnings.push_back(std::move(w));
}

// The running kernel's release; only meaningful for the live system.
std::string runningRelease(const std::string& sysroot, Inventory& inv) {
  if (sysroot != "/") return {};
  auto text = fs::readFile("/proc/sys/kernel/osrelease", 256);
  if (!text) {
    inv.warnings.push_back(Warning{Ecosystem::kKernel, "/proc/sys/kernel/osrelease", 0,
                                   "cannot read the running kernel release: " + text.error().message});
    return {};
  }
  std::string r = *text;
  while (!r.empty() && (r.back() == '\n' || r.back() == ' ')) r.pop_back();
  return r;
}

// Debian and Ubuntu list the packages whose update needs a reboot in
// /run/reboot-required.pkgs; those items are installed but not yet running.
void markRestartPending(const InventoryOptions& options, Inventory& inv) {
  constexpr std::string_view kPkgs = "run/reboot-required.pkgs";
  if (detail::pathKind(options.sysroot, kPkgs) != detail::PathKind::kFile) return;
  ReaderResult scratch;  // an unreadable list only loses the restart-pending hint: warned, not partial
  scratch.ecosystem = Ecosystem::kDpkg;
  auto text = detail::readOrWarn(options.sysroot, kPkgs, 1u << 20, scratch);
  for (auto& w : scratch.warnings) inv.warnings.push_back(std::move(w));
  if (!text) return;
  std::set<std::string> names;
  std::string_view rest = *text;
  while (!rest.empty()) {
    std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (!line.empty()) names.emplace(line);
  }
  for (auto& item : inv.items) {
    if (item.ecosystem == Ecosystem::kDpkg && item.state == ItemState::kInstalled && names.count(item.name)) {
      item.state = ItemState::kRestartPending;
    }
  }
}

// No source at all: absence of an item proves nothing in any package ecosystem.
void markEmptyRoot(Inventory& inv) {
  for (Ecosystem e : {Ecosystem::kDpkg, Ecosystem::kRpm, Ecosystem::kOpkg, Ecosystem::kApk, Ecosystem::kVendor,
                      Ecosystem::kSbom}) {
    auto it = std::find_if(inv.ecosystems.begin(), inv.ecosystems.end(),
                           [e](const EcosystemStatus& s) { return s.ecosystem == e; });
    if (it != inv.ecosystems.end() && (it->present || it->partial)) return;
  }
  inv.warnings.push_back(Warning{Ecosystem::kOs, inv.sysroot, 0,
                                 "no package database (dpkg, rpm, opkg, apk), product manifest or SBOM found; "
                                 "the inventory is incomplete"});
  for (Ecosystem e : {Ecosystem::kDpkg, Ecosystem::kRpm, Ecosystem::kOpkg, Ecosystem::kApk}) {
    ReaderResult none;
    none.ecosystem = e;
    none.partial = true;
    absorb(std::move(none), inv);
  }
}

}  // namespace

Status checkSysroot(const std::string& sysroot) {
  auto root = fs::RootDir::open(sysroot);
  if (!root) {
    const Error& e = root.error();
    if (e.code == ENOENT) return makeError(ErrorCategory::kIo, "sysroot does not exist", sysroot, e.code);
    if (e.code == ENOTDIR) return makeError(ErrorCategory::kIo, "sysroot is " + e.message, sysroot, e.code);
    return makeError(ErrorCategory::kIo, "sysroot unreadable: " + e.message, sysroot, e.code);
  }
  if (auto listed = root->listDirectory("."); !listed) {
    return makeError(ErrorCategory::kIo, "sysroot unreadable: " + listed.error().message, sysroot, listed.error().code);
  }
  return okStatus();
}

Inventory collectInventory(const InventoryOptions& options) {
  Inventory inv;
  inv.sysroot = options.sysroot.empty() ? "/" : options.sysroot;
  ReadOptions ro;
  ro.sysroot = inv.sysroot;
  ro.limits = options.limits;
  absorb(readOsRelease(ro.sysroot, ro.os), inv);
  inv.os = ro.os;
  absorb(readDpkg(ro), inv);
  absorb(readRpm(ro, options.runner), inv);
  absorb(readOpkg(ro), inv);
  absorb(readApk(ro), inv);
  std::string running = runningRelease(inv.sysroot, inv);
  absorb(readKernels(ro, inv.items, running), inv);
  absorb(readProductManifest(ro), inv);
  absorb(readSboms(ro), inv);
  markRestartPending(options, inv);
  markEmptyRoot(inv);
  std::stable_sort(inv.items.begin(), inv.items.end(), [](const Item& a, const Item& b) {
    return std::tie(a.ecosystem, a.name, a.arch, a.version) < std::tie(b.ecosystem, b.name, b.arch, b.version);
  });
  return inv;
}

}  // namespace psirt::inventory
