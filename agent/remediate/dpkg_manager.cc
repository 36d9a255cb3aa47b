// The dpkg driver (package_manager.h). Commands, R the root, A = R/var/lib/dpkg:
//
//   state    dpkg-query --admindir=A --showformat='${db:Status-Status}\t${Version}\n' --show NAME
//            (exit 1 with "no packages found matching": not installed)
//   identity dpkg-deb --field FILE Package Version Architecture
//   install  dpkg --root=R --log=L (--refuse-downgrade | --force-downgrade) --install FILE
//   remove   dpkg --root=R --log=L --force-remove-reinstreq --purge NAME
//            (the force lets revert remove a package a crash left
//            half-installed, which dpkg otherwise refuses to remove)
//
// "config-files" (removed, configuration files left) counts as kBroken:
// neither absent (revert would purge files the operator kept) nor installed.
// --root=R makes dpkg install under R and use A; maintainer scripts, if a
// package has any, are run by dpkg chrooted into R (root privilege and a
// shell in R needed). dpkg would log to the HOST's /var/log/dpkg.log, so in
// an image L is R/var/log/dpkg.log when R/var/log exists, else /dev/null; on
// the device (R = "/") dpkg's own log is kept. dpkg allows downgrades by
// default: --refuse-downgrade is explicit. dpkg takes lock-frontend then lock
// in A and fails with exit 2 when another process holds either.
#include <utility>

#include "agent/remediate/package_driver.h"

namespace psirt::remediate::detail {
namespace {

class Dpkg final : public PackageManager {
 public:
  Dpkg(std::string root, Deadline deadline, std::string dpkg, std::string query, std::string deb)
      : root_(std::move(root)),
        deadline_(deadline),
        dpkg_(std::move(dpkg)),
        query_(std::move(query)),
        deb_(std::move(deb)),
        admin_(inRoot(root_, "var/lib/dpkg")) {}

  const char* name() const override { return "dpkg"; }
  versions::Scheme scheme() const override { return versions::Scheme::kDeb; }

  Result<Installed> installed(const std::string& package) override {
    PSIRT_TRY(checkPackageName(package));
    ToolRun run = toolRun(
        {query_, "--admindir=" + admin_, "--showformat=${db:Status-Status}\t${Version}\n", "--show", package},
        kQueryLimit, deadline_);
    auto outcome = runTool(run);
    if (!outcome) return outcome.error();
    if (!outcome->succeeded()) {
      if (!outcome->timed_out && outcome->exit_code == 1 &&
          outcome->stderr_data.find("no packages found matching") != std::string::npos) {
        return Installed{};
      }
      return makeError(ErrorCategory::kIo, "dpkg-query " + describeOutcome(*outcome, run.limit), admin_);
    }
    auto lines = splitLines(outcome->stdout_data);
    if (lines.size() != 1) {
      return makeError(ErrorCategory::kIo,
                       std::to_string(lines.size()) + " instances of " + package +
                           " in the dpkg database (multiarch?); refused",
                       admin_);
    }
    auto tab = lines[0].find('\t');
    if (tab == std::string::npos)
      return makeError(ErrorCategory::kParse, "unexpected dpkg-query output", admin_);
    Installed out;
    out.status = lines[0].substr(0, tab);
    out.version = lines[0].substr(tab + 1);
    if (out.status == "installed" || out.status == "triggers-pending" || out.status == "triggers-awaited") {
      out.state = Installed::State::kInstalled;
    } else if (out.status == "not-installed") {
      out.state = Installed::State::kAbsent;
    } else {
      out.state = Installed::State::kBroken;
    }
    return out;
  }

  Result<PackageFile> inspect(const std::string& file) override {
    return readControlFields(deb_, file, ".deb", deadline_);
  }

  Status install(const std::string& file, bool allow_lower) override {
    PSIRT_TRY(checkFilePath(file));
    auto argv = base();
    argv.push_back(allow_lower ? "--force-downgrade" : "--refuse-downgrade");
    argv.push_back("--install");
    argv.push_back(file);
    return runChecked(toolRun(argv, kChangeLimit, deadline_), "--install " + file,
                      "locked by another process", admin_);
  }

  Status remove(const std::string& package) override {
    PSIRT_TRY(checkPackageName(package));
    auto argv = base();
    argv.push_back("--force-remove-reinstreq");
    argv.push_back("--purge");
    argv.push_back(package);
    return runChecked(toolRun(argv, kChangeLimit, deadline_), "--purge " + package,
                      "locked by another process", admin_);
  }

 private:
  std::vector<std::string> base() const {
    std::vector<std::string> argv{dpkg_, "--root=" + root_};
    if (root_ != "/") {
      argv.push_back(isDirectoryIn(root_, "var/log") ? "--log=" + inRoot(root_, "var/log/dpkg.log")
                                                     : std::string("--log=/dev/null"));
    }
    return argv;
  }

  std::string root_;
  Deadline deadline_;
  std::string dpkg_, query_, deb_, admin_;
};

}  // namespace

Result<std::unique_ptr<PackageManager>> makeDpkg(const std::string& root, Deadline deadline,
                                                 const ToolFinder& find) {
  auto dpkg = find("dpkg");
  if (!dpkg) return dpkg.error();
  auto query = find("dpkg-query");
  if (!query) return query.error();
  auto deb = find("dpkg-deb");
  if (!deb) return deb.error();
  PSIRT_TRY(checkDatabaseDir(root, "var/lib/dpkg", "dpkg"));
  if (!isRegularIn(root, "var/lib/dpkg/status")) {
    return makeError(ErrorCategory::kIo, "no dpkg database (status file missing)",
                     inRoot(root, "var/lib/dpkg/status"));
  }
  return std::unique_ptr<PackageManager>(std::make_unique<Dpkg>(root, deadline, *dpkg, *query, *deb));
}

}  // namespace psirt::remediate::detail
