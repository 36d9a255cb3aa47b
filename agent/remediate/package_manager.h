// A driver for the package manager of the target root: dpkg, rpm or opkg,
// run through platform/process only (tool_run.h: absolute program paths,
// clean environment, time limits clipped to the transaction's deadline,
// output caps). Every command names the root:
//
//   dpkg  dpkg --root=R [--log=R/var/log/dpkg.log]   (admin dir R/var/lib/dpkg)
//         dpkg-query --admindir=R/var/lib/dpkg -W,  dpkg-deb --field FILE
//   rpm   rpm --root R --dbpath D                     (D: /usr/lib/sysimage/rpm
//         when the root has it, else /var/lib/rpm; given explicitly because
//         Debian's rpm defaults to ~/.rpmdb), rpm -qp --nosignature FILE
//   opkg  opkg -o R  (untested here: no opkg on the build host)
//
// Package files are pinned by their TUF hash (Context::artifact), so rpm's
// own signature check (--nosignature) and dpkg's debsig are not used: the
// image's keyring is not the trust root. Versions are compared with
// agent/versions (deb / rpm / opkg schemes), never as strings. Each
// invocation runs under the manager's own database lock, taken by the
// manager itself: a database locked by another process is one kIo error
// "... database ... is locked by another process" and nothing is changed.
// Details and the exact options: docs/components/remediate.md.
#pragma once

#include <memory>
#include <string>

#include "agent/action/action.h"
#include "agent/remediate/tool_run.h"
#include "agent/versions/version.h"
#include "platform/error/result.h"

namespace psirt::remediate {

// What a package file says it is (its own control data / header).
struct PackageFile {
  std::string name;
  std::string version;       // deb: [epoch:]upstream[-revision]; rpm: [epoch:]version-release
  std::string architecture;  // "all", "noarch", "amd64", "x86_64", ...
};

// A package's state in the database.
struct Installed {
  enum class State {
    kAbsent,     // not installed (dpkg: no record or "not-installed")
    kInstalled,  // installed; `version` holds its version
    kBroken,     // dpkg "half-installed", "unpacked", "config-files", ...: `status` says which
  };
  State state = State::kAbsent;
  std::string version;
  std::string status;
};

class PackageManager {
 public:
  virtual ~PackageManager() = default;
  virtual const char* name() const = 0;  // "dpkg", "rpm", "opkg"
  virtual versions::Scheme scheme() const = 0;
  // The package's state. Several installed instances (multiarch, rpm
  // multi-version) are an error: the step would not know which one it changes.
  virtual Result<Installed> installed(const std::string& package) = 0;
  // The identity a package file declares. kParse naming the file when it is
  // not a package of this format.
  virtual Result<PackageFile> inspect(const std::string& file) = 0;
  // Installs the file (an absolute path). Without `allow_lower` the manager
  // itself refuses to lower an installed version (dpkg --refuse-downgrade,
  // rpm without --oldpackage, opkg without --force-downgrade), so a version
  // installed by someone else between our query and this call cannot be
  // downgraded without consent. The caller re-reads the state afterwards:
  // dpkg skips a refused downgrade with exit status 0.
  virtual Status install(const std::string& file, bool allow_lower) = 0;
  // Removes the package and its configuration (dpkg --purge, rpm -e, opkg remove).
  virtual Status remove(const std::string& package) = 0;
};

// The driver for `format` on `root` (absolute; "/" for the device). Fails,
// before anything runs, with kUnsupported "<tool> not found (...)" when a
// program is missing, kIo "no <format> database at <path>" when the root has
// none (rpm would silently create an empty one), or when a symbolic link lies
// on the database's path (the manager would follow it out of the root).
Result<std::unique_ptr<PackageManager>> openPackageManager(action::PackageFormat format,
                                                           const std::string& root, Deadline deadline,
                                                           const ToolFinder& find = findTool);

// A package name safe to pass as one argument: [A-Za-z0-9][A-Za-z0-9.+_-]{0,127}
// (no option look-alike, no glob the query tools would expand).
Status checkPackageName(const std::string& name);

// Equal versions under the manager's scheme; an unparsable version is an error.
Result<bool> sameVersion(versions::Scheme scheme, const std::string& a, const std::string& b);

}  // namespace psirt::remediate
