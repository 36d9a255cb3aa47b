// The inventory data model: what is installed on a system (or in an image),
// where each fact came from, and how complete the picture is per ecosystem.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace psirt::inventory {

enum class Ecosystem { kDpkg, kRpm, kOpkg, kApk, kOs, kKernel, kVendor, kSbom };
std::string_view toString(Ecosystem e);  // "dpkg", "rpm", ...

// installed: on disk and configured; running: the version in memory (running
// kernel, active partition); restart-pending: installed but the running copy is
// older (a reboot or restart is needed); uncertain: a half-installed package
// (docs/formats/evaluation.md R5 turns it into "unknown").
enum class ItemState { kInstalled, kRunning, kRestartPending, kUncertain };
std::string_view toString(ItemState s);

// Where a fact came from: the file (relative to the sysroot, with a leading
// '/'), the 1-based line of the record when the source is line-oriented, and
// the SHA-256 of the file when the reader hashed it (vendor manifest, SBOM).
struct Evidence {
  std::string path;
  std::uint32_t line = 0;   // 0 = not line-oriented
  std::string sha256;       // lower-case hex or empty
};

struct Item {
  Ecosystem ecosystem = Ecosystem::kDpkg;
  std::string name;
  std::string version;          // as the ecosystem spells it (rpm: [E:]V-R)
  std::string arch;             // may be empty (os, vendor items)
  std::string source_name;      // deb: source package; rpm: source rpm name
  std::string source_version;   // deb: source version; rpm: source V-R
  std::string purl;             // canonical purl, always set
  std::string cpe;              // CPE 2.3 formatted string, or empty
  std::string detail;           // raw status / partition role / hotfix base, or empty
  ItemState state = ItemState::kInstalled;
  Evidence evidence;
};

// One problem found while reading: the file and line at fault (line 0 when
// the problem is about the file as a whole) and a one-line message.
struct Warning {
  Ecosystem ecosystem = Ecosystem::kDpkg;
  std::string file;
  std::uint32_t line = 0;
  std::string message;
  std::string describe() const;  // "file:line: message"
};

// What a reader returns. present: the ecosystem's database exists in the
// sysroot; partial: something could not be read, so absence of an item from
// this ecosystem proves nothing (docs/formats/evaluation.md R5).
struct ReaderResult {
  Ecosystem ecosystem = Ecosystem::kDpkg;
  bool present = false;
  bool partial = false;
  std::vector<Item> items;
  std::vector<Warning> warnings;
  std::uint64_t bytes_read = 0;  // from the sysroot, counted against InventoryLimits::max_read_bytes
  void warn(std::string file, std::uint32_t line, std::string message, bool makes_partial = true);
};

// The distribution the sysroot runs, from os-release (used for purl namespaces
// and distro qualifiers: "debian", "debian-12").
struct OsInfo {
  std::string id;          // ID, lower case, e.g. "debian", "rhel", "openwrt"
  std::string id_like;     // ID_LIKE, space-separated, lower case
  std::string version_id;  // VERSION_ID, e.g. "12"
  std::string pretty_name;
  std::string cpe;         // CPE_NAME or system-release-cpe, as a 2.3 string
  std::string distroQualifier() const;  // "<id>-<version_id>" or "<id>" or ""
  // The purl namespace vendors write for this distribution's packages
  // (identity::distroNamespace: rhel -> redhat, sles -> suse), or fallback.
  std::string purlNamespace(std::string_view fallback) const;
};

struct EcosystemStatus {
  Ecosystem ecosystem = Ecosystem::kDpkg;
  bool present = false;
  bool partial = false;
  std::size_t items = 0;
};

struct Inventory {
  std::string sysroot;
  OsInfo os;
  std::vector<Item> items;
  std::vector<EcosystemStatus> ecosystems;
  std::vector<Warning> warnings;
  bool partial(Ecosystem e) const;
};

}  // namespace psirt::inventory
