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
  if (inv.items.empty()) {
    inv.items = std::move(r.items);
  } else {
    inv.items.reserve(inv.items.size() + r.items.size());
    for (auto& i : r.items) inv.items.push_back(std::move(i));
  }
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

// A stable sort by (ecosystem, name, arch, version) without stable_sort's
// buffer of N items: an index is sorted (ties by position), then the items
// are permuted in place along its cycles.
void sortItems(std::vector<Item>& items) {
  std::vector<std::uint32_t> order(items.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const Item& x = items[a];
    const Item& y = items[b];
    return std::tie(x.ecosystem, x.name, x.arch, x.version, a) < std::tie(y.ecosystem, y.name, y.arch, y.version, b);
  });
  // order[k] = the index of the item that belongs at k.
  for (std::uint32_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;
    Item held = std::move(items[start]);
    std::uint32_t k = start;
    while (order[k] != start) {
      std::uint32_t from = order[k];
      items[k] = std::move(items[from]);
      order[k] = k;
      k = from;
    }
    items[k] = std::move(held);
    order[k] = k;
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
  ro.totals = options.totals;
  std::uint64_t bytes_read = 0;
  // Each reader gets what is left of the inventory's limits (in this order:
  // the package databases first, as they matter most to the decision).
  auto next = [&](ReaderResult r) {
    bytes_read += r.bytes_read;
    absorb(std::move(r), inv);
    ro.left.max_items = ro.totals.max_items - std::min(ro.totals.max_items, inv.items.size());
    ro.left.max_read_bytes = ro.totals.max_read_bytes - std::min(ro.totals.max_read_bytes, bytes_read);
  };
  next(readOsRelease(ro.sysroot, ro.os));
  inv.os = ro.os;
  next(readDpkg(ro));
  next(readRpm(ro, options.runner));
  next(readOpkg(ro));
  next(readApk(ro));
  std::string running = runningRelease(inv.sysroot, inv);
  next(readKernels(ro, inv.items, running));
  next(readProductManifest(ro));
  next(readSboms(ro));
  markRestartPending(options, inv);
  markEmptyRoot(inv);
  sortItems(inv.items);
  return inv;
}

}  // namespace psirt::inventory
