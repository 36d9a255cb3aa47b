// Real package files and real package databases for the remediation tests,
// built at test time with the host's own tools (no checked-in binaries):
//   .deb  dpkg-deb --root-owner-group --build of a tree installing one file
//   .rpm  rpmbuild -bb of a generated spec (temp %_topdir, noarch, no network)
//   roots an empty dpkg database (var/lib/dpkg/status, available, info/,
//         updates/) or `rpm --root R --dbpath /var/lib/rpm --initdb`
// and the ORACLES the tests assert with: dpkg-query --admindir / rpm --root
// -q, run directly, never through the code under test.
#pragma once

#include <optional>
#include <string>

#include "agent/remediate/step.h"

namespace psirt::test {

// Whether the host has the tools (tests GTEST_SKIP with the reason otherwise).
bool haveDebTools();  // dpkg, dpkg-deb, dpkg-query
bool haveRpmTools();  // rpm, rpmbuild

// Builds <dir>/<name>_<version>_<arch>.deb installing /usr/share/<name>/version
// holding "<version>\n". Returns its path; "" after ADD_FAILURE.
std::string buildDeb(const std::string& dir, const std::string& name, const std::string& version,
                     const std::string& arch = "all");
// Builds <name>-<version>-<release>.noarch.rpm in dir, same file and content
// ("<version>\n"). Returns its path; "" after ADD_FAILURE.
std::string buildRpm(const std::string& dir, const std::string& name, const std::string& version,
                     const std::string& release = "1");

// Creates an empty dpkg database (and var/log) under root.
void makeDpkgRoot(const std::string& root);
// Creates an empty rpm database under root (var/lib/rpm).
void makeRpmRoot(const std::string& root);

// Oracles: "installed 1.0", "absent", or "error: ..." ...
std::string dpkgState(const std::string& root, const std::string& package);
// ... "1.0-1", "absent" or "error: ...".
std::string rpmState(const std::string& root, const std::string& package);
// Installs a package file with the package manager directly (test set-up).
void dpkgInstall(const std::string& root, const std::string& file);
void rpmInstall(const std::string& root, const std::string& file);

// The content of <root>/usr/share/<name>/version, "" when missing.
std::string installedFile(const std::string& root, const std::string& name);

// Holds a POSIX record lock (fcntl F_SETLK, the kind dpkg and rpm take) on
// `path` for this process until destroyed: the package manager, another
// process, finds its database locked. ok() false after ADD_FAILURE.
class HeldRecordLock {
 public:
  explicit HeldRecordLock(const std::string& path);
  ~HeldRecordLock();
  HeldRecordLock(const HeldRecordLock&) = delete;
  HeldRecordLock& operator=(const HeldRecordLock&) = delete;
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// Prepares and applies `step` while this process holds a record lock on
// `lock_path`; returns apply's error line ("" after ADD_FAILURE when prepare
// failed or apply succeeded).
std::string applyWhileLocked(remediate::StepExecutor& exec, const action::Step& step,
                             const remediate::Context& ctx, const std::string& lock_path);

// A Context over `root` (image mode) whose artifact source maps
// "artifacts/<file name>" to <artifacts_dir>/<file name> and records nothing.
remediate::Context imageContext(const std::string& root, const std::string& artifacts_dir,
                                const std::string& transaction_dir);

// The engine's run-up to a change: check (must say "not done"), prepare,
// apply, each required to succeed (ADD_FAILURE naming the phase otherwise).
// Returns the undo record, nullopt on failure.
std::optional<remediate::UndoRecord> checkPrepareApply(remediate::StepExecutor& exec,
                                                       const action::Step& step,
                                                       const remediate::Context& ctx);

}  // namespace psirt::test
