// The opkg driver (package_manager.h). UNTESTED against a real opkg: the
// build host has none (only the "opkg not found" path is tested). Commands,
// R the root:
//
//   state    opkg -o R status NAME          (Status / Version fields; empty: not installed)
//   identity dpkg-deb --field FILE Package Version Architecture
//            (an .ipk in the ar container, as opkg-build makes by default; a
//            tar-container .ipk is refused as unreadable)
//   install  opkg -o R [--force-downgrade] install FILE
//   remove   opkg -o R remove NAME
//
// opkg takes its own lock (R/var/lock/opkg.lock by default) and reports
// "Could not lock" when another process holds it.
#include <utility>

#include "agent/remediate/package_driver.h"

namespace psirt::remediate::detail {
namespace {

constexpr const char* kLockMarker = "lock";

class Opkg final : public PackageManager {
 public:
  Opkg(std::string root, Deadline deadline, std::string opkg, std::string deb)
      : root_(std::move(root)), deadline_(deadline), opkg_(std::move(opkg)), deb_(std::move(deb)) {}

  const char* name() const override { return "opkg"; }
  versions::Scheme scheme() const override { return versions::Scheme::kOpkg; }

  Result<Installed> installed(const std::string& package) override {
    PSIRT_TRY(checkPackageName(package));
    ToolRun run = toolRun({opkg_, "-o", root_, "status", package}, kQueryLimit, deadline_);
    auto outcome = runTool(run);
    if (!outcome) return outcome.error();
    if (!outcome->succeeded())
      return makeError(ErrorCategory::kIo, "opkg status " + describeOutcome(*outcome, run.limit), root_);
    Installed out;
    std::string status;
    for (const auto& line : splitLines(outcome->stdout_data)) {
      if (line.rfind("Version: ", 0) == 0) out.version = line.substr(9);
      if (line.rfind("Status: ", 0) == 0) status = line.substr(8);
    }
    out.status = status;
    if (status.empty() || status.find("not-installed") != std::string::npos) return Installed{};
    out.state = status.find(" installed") != std::string::npos ? Installed::State::kInstalled
                                                               : Installed::State::kBroken;
    return out;
  }

  Result<PackageFile> inspect(const std::string& file) override {
    PSIRT_TRY(checkFilePath(file));
    if (deb_.empty())
      return makeError(ErrorCategory::kUnsupported, "dpkg-deb not found: cannot read the .ipk's control data",
                       file);
    return readControlFields(deb_, file, ".ipk", deadline_);
  }

  Status install(const std::string& file, bool allow_lower) override {
    PSIRT_TRY(checkFilePath(file));
    std::vector<std::string> argv{opkg_, "-o", root_};
    if (allow_lower) argv.emplace_back("--force-downgrade");
    argv.emplace_back("install");
    argv.push_back(file);
    return runChecked(toolRun(argv, kChangeLimit, deadline_), "install " + file, kLockMarker, root_);
  }

  Status remove(const std::string& package) override {
    PSIRT_TRY(checkPackageName(package));
    return runChecked(toolRun({opkg_, "-o", root_, "remove", package}, kChangeLimit, deadline_),
                      "remove " + package, kLockMarker, root_);
  }

 private:
  std::string root_;
  Deadline deadline_;
  std::string opkg_, deb_;
};

}  // namespace

Result<std::unique_ptr<PackageManager>> makeOpkg(const std::string& root, Deadline deadline,
                                                 const ToolFinder& find) {
  auto opkg = find("opkg");
  if (!opkg) return opkg.error();
  auto deb = find("dpkg-deb");
  bool db = isRegularIn(root, "var/lib/opkg/status") || isRegularIn(root, "usr/lib/opkg/status");
  if (!db)
    return makeError(ErrorCategory::kIo, "no opkg database (var/lib/opkg/status or usr/lib/opkg/status)",
                     root);
  return std::unique_ptr<PackageManager>(
      std::make_unique<Opkg>(root, deadline, *opkg, deb ? *deb : std::string()));
}

}  // namespace psirt::remediate::detail
