// Internal to the package drivers (package_manager.h): the shared plumbing
// and one constructor per manager (dpkg_manager.cc, rpm_manager.cc,
// opkg_manager.cc).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agent/remediate/package_manager.h"

namespace psirt::remediate::detail {

inline constexpr std::chrono::milliseconds kQueryLimit{60000};
inline constexpr std::chrono::milliseconds kChangeLimit{600000};

// "<root>/<relative>" with exactly one '/' ("/" + "var/lib" = "/var/lib").
std::string inRoot(const std::string& root, std::string_view relative);

// Fails unless `relative` (a database directory) resolves inside `root`
// without any symbolic link on the way and is a directory. kIo naming it.
Status checkDatabaseDir(const std::string& root, const std::string& relative, const char* format);
// Whether `relative` inside `root` is a regular file / directory (no error: false).
bool isRegularIn(const std::string& root, const std::string& relative);
bool isDirectoryIn(const std::string& root, const std::string& relative);

// Runs a tool; kIo "<tool> <what> <describeOutcome>" unless it exits 0.
// When the failure output matches `lock_marker` the error is instead
// "<database> is locked by another process (<tool>: ...)".
Status runChecked(ToolRun run, const std::string& what, std::string_view lock_marker,
                  const std::string& database);

// Lines of `text` without the final empty one.
std::vector<std::string> splitLines(const std::string& text);

// The Package, Version and Architecture of a .deb or .ipk file (ar
// container), read with `dpkg-deb --field` at `dpkg_deb`; `kind` (".deb",
// ".ipk") names the format in errors. kParse for a file that is not one.
Result<PackageFile> readControlFields(const std::string& dpkg_deb, const std::string& file, const char* kind,
                                      Deadline deadline);
// A file path as given to a tool: absolute (a relative one could look like an option).
Status checkFilePath(const std::string& file);

Result<std::unique_ptr<PackageManager>> makeDpkg(const std::string& root, Deadline deadline,
                                                 const ToolFinder& find);
Result<std::unique_ptr<PackageManager>> makeRpm(const std::string& root, Deadline deadline,
                                                const ToolFinder& find);
Result<std::unique_ptr<PackageManager>> makeOpkg(const std::string& root, Deadline deadline,
                                                 const ToolFinder& find);

}  // namespace psirt::remediate::detail
