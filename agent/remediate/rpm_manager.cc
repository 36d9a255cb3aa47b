// The rpm driver (package_manager.h). Commands, R the root, D the database
// directory inside R (/usr/lib/sysimage/rpm when R has it, else /var/lib/rpm):
//
//   state    rpm --root R --dbpath D -q --queryformat '%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\n' NAME
//            (exit 1 with "package NAME is not installed": not installed)
//   identity rpm -qp --nosignature --queryformat '%{NAME}\t<as above>\t%{ARCH}\n' FILE
//   install  rpm --root R --dbpath D -U --nosignature [--oldpackage] FILE
//   remove   rpm --root R --dbpath D -e NAME
//
// --dbpath is always given: Debian's rpm defaults to ~/.rpmdb. rpm creates an
// empty database where none exists, so the driver refuses a root without
// one. rpm takes its transaction lock (D/.rpm.lock) itself and fails with
// "can't create transaction lock" when another process holds it.
#include <utility>

#include "agent/remediate/package_driver.h"

namespace psirt::remediate::detail {
namespace {

constexpr const char* kEvr = "%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}";
constexpr const char* kLockMarker = "transaction lock";

class Rpm final : public PackageManager {
 public:
  Rpm(std::string root, std::string dbpath, Deadline deadline, std::string rpm)
      : root_(std::move(root)),
        dbpath_(std::move(dbpath)),
        deadline_(deadline),
        rpm_(std::move(rpm)),
        database_(inRoot(root_, dbpath_.substr(1))) {}

  const char* name() const override { return "rpm"; }
  versions::Scheme scheme() const override { return versions::Scheme::kRpm; }

  Result<Installed> installed(const std::string& package) override {
    PSIRT_TRY(checkPackageName(package));
    auto argv = base();
    for (const char* a : {"-q", "--queryformat"}) argv.emplace_back(a);
    argv.push_back(std::string(kEvr) + "\\n");
    argv.push_back(package);
    ToolRun run = toolRun(argv, kQueryLimit, deadline_);
    auto outcome = runTool(run);
    if (!outcome) return outcome.error();
    if (!outcome->succeeded()) {
      if (!outcome->timed_out && outcome->exit_code == 1 &&
          outcome->stdout_data == "package " + package + " is not installed\n") {
        return Installed{};
      }
      return makeError(ErrorCategory::kIo, "rpm -q " + describeOutcome(*outcome, run.limit), database_);
    }
    auto lines = splitLines(outcome->stdout_data);
    if (lines.size() != 1 || lines[0].empty()) {
      return makeError(ErrorCategory::kIo,
                       std::to_string(lines.size()) + " installed versions of " + package +
                           " in the rpm database; refused",
                       database_);
    }
    Installed out;
    out.state = Installed::State::kInstalled;
    out.status = "installed";
    out.version = lines[0];
    return out;
  }

  Result<PackageFile> inspect(const std::string& file) override {
    PSIRT_TRY(checkFilePath(file));
    // --dbpath even here: rpm opens a database for -qp too, and without one
    // it creates ~/.rpmdb (HOME=/nonexistent in the clean environment: a
    // host directory appeared). The root's own database, read only.
    ToolRun run = toolRun({rpm_, "--dbpath", database_, "-qp", "--nosignature", "--queryformat",
                           std::string("%{NAME}\\t") + kEvr + "\\t%{ARCH}\\n", file},
                          kQueryLimit, deadline_);
    auto outcome = runTool(run);
    if (!outcome) return outcome.error();
    if (!outcome->succeeded()) {
      return makeError(ErrorCategory::kParse,
                       "not a readable .rpm package: rpm -qp " + describeOutcome(*outcome, run.limit), file);
    }
    auto lines = splitLines(outcome->stdout_data);
    auto first = lines.empty() ? std::string::npos : lines[0].find('\t');
    auto second = first == std::string::npos ? first : lines[0].find('\t', first + 1);
    if (lines.size() != 1 || second == std::string::npos) {
      return makeError(ErrorCategory::kParse, "unexpected rpm -qp output", file);
    }
    return PackageFile{lines[0].substr(0, first), lines[0].substr(first + 1, second - first - 1),
                       lines[0].substr(second + 1)};
  }

  Status install(const std::string& file, bool allow_lower) override {
    PSIRT_TRY(checkFilePath(file));
    auto argv = base();
    argv.emplace_back("-U");
    argv.emplace_back("--nosignature");
    if (allow_lower) argv.emplace_back("--oldpackage");
    argv.push_back(file);
    return runChecked(toolRun(argv, kChangeLimit, deadline_), "-U " + file, kLockMarker, database_);
  }

  Status remove(const std::string& package) override {
    PSIRT_TRY(checkPackageName(package));
    auto argv = base();
    argv.emplace_back("-e");
    argv.push_back(package);
    return runChecked(toolRun(argv, kChangeLimit, deadline_), "-e " + package, kLockMarker, database_);
  }

 private:
  std::vector<std::string> base() const { return {rpm_, "--root", root_, "--dbpath", dbpath_}; }

  std::string root_, dbpath_;
  Deadline deadline_;
  std::string rpm_, database_;
};

}  // namespace

Result<std::unique_ptr<PackageManager>> makeRpm(const std::string& root, Deadline deadline,
                                                const ToolFinder& find) {
  auto rpm = find("rpm");
  if (!rpm) return rpm.error();
  std::string relative = isDirectoryIn(root, "usr/lib/sysimage/rpm") ? "usr/lib/sysimage/rpm" : "var/lib/rpm";
  PSIRT_TRY(checkDatabaseDir(root, relative, "rpm"));
  bool any = false;
  for (const char* file : {"rpmdb.sqlite", "Packages.db", "Packages"}) {
    any = any || isRegularIn(root, relative + "/" + file);
  }
  if (!any) {
    return makeError(ErrorCategory::kIo, "no rpm database (no rpmdb.sqlite, Packages.db or Packages)",
                     inRoot(root, relative));
  }
  return std::unique_ptr<PackageManager>(std::make_unique<Rpm>(root, "/" + relative, deadline, *rpm));
}

}  // namespace psirt::remediate::detail
