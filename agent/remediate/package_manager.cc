// Shared plumbing of the package drivers (package_manager.h, package_driver.h).
#include "agent/remediate/package_manager.h"

#include "agent/remediate/package_driver.h"
#include "platform/fs/rooted.h"
#include "platform/log/log.h"

namespace psirt::remediate {

namespace {

bool nameChar(char c, bool first) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return !first && (c == '.' || c == '+' || c == '_' || c == '-');
}

}  // namespace

Status checkPackageName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 128;
  for (std::size_t i = 0; ok && i < name.size(); ++i) ok = nameChar(name[i], i == 0);
  if (!ok) {
    return makeError(ErrorCategory::kUsage,
                     "not a valid package name (letters, digits and . + _ - , at most 128)",
                     "package '" + log::oneLine(name) + "'");
  }
  return okStatus();
}

Result<bool> sameVersion(versions::Scheme scheme, const std::string& a, const std::string& b) {
  auto order = versions::compare(scheme, a, b);
  if (!order) return order.error();
  return *order == 0;
}

Result<std::unique_ptr<PackageManager>> openPackageManager(action::PackageFormat format,
                                                           const std::string& root, Deadline deadline,
                                                           const ToolFinder& find) {
  if (root.empty() || root[0] != '/') {
    return makeError(ErrorCategory::kUsage, "the target root must be an absolute path",
                     "root '" + root + "'");
  }
  switch (format) {
    case action::PackageFormat::kDpkg:
      return detail::makeDpkg(root, deadline, find);
    case action::PackageFormat::kRpm:
      return detail::makeRpm(root, deadline, find);
    case action::PackageFormat::kOpkg:
      return detail::makeOpkg(root, deadline, find);
  }
  return makeError(ErrorCategory::kInternal, "unknown package format");
}

namespace detail {

std::string inRoot(const std::string& root, std::string_view relative) {
  std::string out = root;
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  if (out != "/") out += '/';
  out += relative;
  return out;
}

Status checkDatabaseDir(const std::string& root, const std::string& relative, const char* format) {
  auto dir = fs::RootDir::open(root);
  if (!dir) return dir.error();
  auto canonical = dir->canonical(relative);
  auto kind = dir->kind(relative);
  if (!canonical || !kind || *kind != fs::RootDir::Kind::kDirectory) {
    return makeError(ErrorCategory::kIo, std::string("no ") + format + " database", inRoot(root, relative));
  }
  if (*canonical != relative) {
    return makeError(ErrorCategory::kIo,
                     std::string("a symbolic link lies on the path of the ") + format +
                         " database (the package manager would follow it); refused",
                     inRoot(root, relative));
  }
  return okStatus();
}

namespace {

bool kindIn(const std::string& root, const std::string& relative, fs::RootDir::Kind want) {
  auto dir = fs::RootDir::open(root);
  if (!dir) return false;
  auto kind = dir->kind(relative);
  return kind && *kind == want;
}

}  // namespace

bool isRegularIn(const std::string& root, const std::string& relative) {
  return kindIn(root, relative, fs::RootDir::Kind::kRegular);
}

bool isDirectoryIn(const std::string& root, const std::string& relative) {
  return kindIn(root, relative, fs::RootDir::Kind::kDirectory);
}

Status runChecked(ToolRun run, const std::string& what, std::string_view lock_marker,
                  const std::string& database) {
  std::string tool = toolName(run.argv[0]);
  auto outcome = runTool(run);
  if (!outcome) return outcome.error();
  if (outcome->succeeded()) return okStatus();
  std::string why = describeOutcome(*outcome, run.limit);
  if (!lock_marker.empty() && !outcome->timed_out &&
      (outcome->stderr_data.find(lock_marker) != std::string::npos ||
       outcome->stdout_data.find(lock_marker) != std::string::npos)) {
    return makeError(ErrorCategory::kIo, "is locked by another process (" + tool + " " + why + ")", database);
  }
  return makeError(ErrorCategory::kIo, tool + " " + what + " " + why);
}

std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Status checkFilePath(const std::string& file) {
  if (file.empty() || file[0] != '/') {
    return makeError(ErrorCategory::kInternal, "package file path is not absolute",
                     "'" + log::oneLine(file) + "'");
  }
  return okStatus();
}


Result<PackageFile> readControlFields(const std::string& dpkg_deb, const std::string& file, const char* kind,
                                      Deadline deadline) {
  PSIRT_TRY(checkFilePath(file));
  ToolRun run = toolRun({dpkg_deb, "--field", file, "Package", "Version", "Architecture"}, kQueryLimit, deadline);
  auto outcome = runTool(run);
  if (!outcome) return outcome.error();
  if (!outcome->succeeded()) {
    return makeError(ErrorCategory::kParse,
                     std::string("not a readable ") + kind + " package: dpkg-deb " + describeOutcome(*outcome, run.limit),
                     file);
  }
  PackageFile out;
  for (const auto& line : splitLines(outcome->stdout_data)) {
    auto colon = line.find(": ");
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon), value = line.substr(colon + 2);
    if (key == "Package")
      out.name = value;
    else if (key == "Version")
      out.version = value;
    else if (key == "Architecture")
      out.architecture = value;
  }
  if (out.name.empty() || out.version.empty())
    return makeError(ErrorCategory::kParse, "the package's control data has no Package or Version field", file);
  return out;
}

}  // namespace detail
}  // namespace psirt::remediate
