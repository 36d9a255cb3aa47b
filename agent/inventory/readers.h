// The readers, one per ecosystem. Every reader works relative to a sysroot
// ("/" for the running system, a directory for an image), never executes
// anything from it, bounds every input, and reports problems as warnings
// naming the file and line while reading on where that is safe. A reader
// whose input was damaged marks its ReaderResult partial.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agent/inventory/control_file.h"
#include "agent/inventory/item.h"
#include "platform/error/result.h"
#include "platform/process/process.h"

namespace psirt::inventory {

// Bounds on the whole inventory, whatever the image holds: they keep the
// agent's peak memory within its budget (docs/design.md#budgets) and its time
// bounded. Reaching one marks the ecosystem being read partial (R5: absence
// then proves nothing) with one warning naming the file and the limit.
struct InventoryLimits {
  std::size_t max_items = 5000;                         // items (and dpkg/opkg records held), all ecosystems
  std::uint64_t max_read_bytes = std::uint64_t{256} << 20;  // bytes read from the sysroot, all files
};

struct ReadOptions {
  std::string sysroot = "/";
  OsInfo os;                                   // from readOsRelease, for purls
  ControlLimits limits;
  std::size_t max_file_bytes = 64u << 20;      // any single database or manifest file
  std::size_t max_updates = 10000;             // dpkg updates/ entries
  InventoryLimits totals;                      // the inventory's limits (named in warnings)
  InventoryLimits left = totals;               // what this reader may still use of them
};

// ---- dpkg / opkg status databases (deb822) -----------------------------
enum class InstallState { kInstalled, kUncertain, kNotInstalled };

struct StatusRecord {
  std::string package, arch, version, source, source_version, status;
  std::string file;        // sysroot-relative path with leading '/'
  std::uint32_t line = 0;
  InstallState state = InstallState::kNotInstalled;
};

// dpkg's Status flags are "ok" / "reinstreq"; opkg adds its own
// (comma-separated: hold, replace, noprune, prefer, obsolete, user).
enum class StatusDialect { kDpkg, kOpkg };

// Parses the text of one status file. Records with a missing Package,
// Status or (for installed states) Version, or an invalid Status, are dropped
// with a warning. `file` names the file in warnings and evidence.
std::vector<StatusRecord> parseStatusFile(std::string_view text, const std::string& file,
                                          const ControlLimits& limits, ReaderResult& out,
                                          StatusDialect dialect = StatusDialect::kDpkg);

// parseStatusFile fed in chunks (a status file streamed from disk): records
// are handed to `on_record` as they end. Same rules and warnings, plus
// ControlStream's one difference (overlong lines). `file` must outlive it.
class StatusFileStream {
 public:
  StatusFileStream(const std::string& file, const ControlLimits& limits, ReaderResult& out, StatusDialect dialect,
                   std::function<void(StatusRecord&&)> on_record);
  ~StatusFileStream();
  StatusFileStream(const StatusFileStream&) = delete;
  StatusFileStream& operator=(const StatusFileStream&) = delete;
  void feed(std::string_view bytes);
  void finish();
  class Records;

 private:
  std::unique_ptr<Records> records_;
  std::unique_ptr<ControlStream> control_;
};

// docs/design.md#inventory-and-versions: installed, triggers-awaited, triggers-pending,
// half-configured, unpacked -> installed; half-installed (and opkg's
// post-inst-failed / removal-failed) -> uncertain; the rest -> not installed.
// Fails for a Status that is not "want flag state" with known words.
Result<InstallState> classifyStatus(std::string_view status, StatusDialect dialect = StatusDialect::kDpkg);

// var/lib/dpkg/status plus var/lib/dpkg/updates/<digits> applied in numeric order.
ReaderResult readDpkg(const ReadOptions& options);
// usr/lib/opkg/status and var/lib/opkg/status (both when both exist).
ReaderResult readOpkg(const ReadOptions& options);

// ---- apk ----------------------------------------------------------------
// lib/apk/db/installed: "P:name", "V:version", "A:arch", "o:origin" records.
std::vector<Item> parseApkInstalled(std::string_view text, const std::string& file, const ReadOptions& options,
                                    ReaderResult& out);
ReaderResult readApk(const ReadOptions& options);

// ---- rpm ----------------------------------------------------------------
// Runs a program; the default is platform::process::run. Tests inject fakes.
using ProcessRunner = std::function<Result<process::Outcome>(const std::vector<std::string>&, const process::Options&)>;

// Parses `rpm -qa` output in our query format (see rpm_reader.cc).
std::vector<Item> parseRpmQueryOutput(std::string_view text, const std::string& evidence_path,
                                      const ReadOptions& options, ReaderResult& out);
// The host's rpm (never one from the sysroot) with --dbpath inside the
// sysroot and the backend chosen from the files present.
ReaderResult readRpm(const ReadOptions& options, const ProcessRunner& runner = {});
// The query format and separators readRpm uses (exposed for the equality test).
std::string rpmQueryFormat();

// ---- operating system and kernel ---------------------------------------
// Parses os-release text (shell-like KEY=value, quotes and backslash escapes).
OsInfo parseOsRelease(std::string_view text, const std::string& file, ReaderResult& out);
// etc/os-release, else usr/lib/os-release; etc/system-release-cpe overrides CPE_NAME.
ReaderResult readOsRelease(const std::string& sysroot, OsInfo& os, std::size_t max_file_bytes = 1u << 20);
// The running kernel (uname release) when sysroot is "/"; always the kernels
// installed by the package items given (linux-image-*, kernel, kernel-core).
ReaderResult readKernels(const ReadOptions& options, const std::vector<Item>& package_items,
                         const std::string& running_release);

// ---- vendor product manifest and SBOM ----------------------------------
// docs/formats/product-manifest.md. `sha256` is the hex digest of `text`.
std::vector<Item> parseProductManifest(std::string_view text, const std::string& file, const std::string& sha256,
                                       ReaderResult& out);
ReaderResult readProductManifest(const ReadOptions& options);
// CycloneDX 1.4-1.6 JSON; components (nested too) with name/version/purl/cpe.
std::vector<Item> parseSbom(std::string_view text, const std::string& file, const std::string& sha256,
                            ReaderResult& out);
ReaderResult readSboms(const ReadOptions& options);

}  // namespace psirt::inventory
