// dpkg/opkg status records: the Status triple and the Source field, on top of
// the deb822 parser.
#include <array>

#include "agent/inventory/readers.h"

namespace psirt::inventory {

namespace {

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

template <std::size_t N>
bool oneOf(std::string_view w, const std::array<std::string_view, N>& set) {
  for (auto s : set) {
    if (s == w) return true;
  }
  return false;
}

}  // namespace

Result<InstallState> classifyStatus(std::string_view status, StatusDialect dialect) {
  static constexpr std::array<std::string_view, 5> kWant = {"unknown", "install", "hold", "deinstall", "purge"};
  static constexpr std::array<std::string_view, 2> kFlag = {"ok", "reinstreq"};
  // opkg writes a comma-separated set of its own flags ("install user installed").
  static constexpr std::array<std::string_view, 8> kOpkgFlag = {"ok",      "reinstreq", "hold",     "replace",
                                                                "noprune", "prefer",    "obsolete", "user"};
  static constexpr std::array<std::string_view, 5> kInstalled = {"installed", "triggers-awaited", "triggers-pending",
                                                                 "half-configured", "unpacked"};
  static constexpr std::array<std::string_view, 3> kUncertain = {"half-installed", "post-inst-failed",
                                                                 "removal-failed"};
  static constexpr std::array<std::string_view, 2> kNot = {"config-files", "not-installed"};
  auto w = words(status);
  if (w.size() != 3) return makeError(ErrorCategory::kParse, "Status must be 'want flag state'");
  if (!oneOf(w[0], kWant)) return makeError(ErrorCategory::kParse, "unknown want '" + std::string(w[0]) + "' in Status");
  bool flagsOk = true;
  if (dialect == StatusDialect::kDpkg) {
    flagsOk = oneOf(w[1], kFlag);
  } else {
    std::string_view flags = w[1];
    while (flagsOk) {
      std::size_t comma = flags.find(',');
      flagsOk = oneOf(flags.substr(0, comma), kOpkgFlag);
      if (comma == std::string_view::npos) break;
      flags.remove_prefix(comma + 1);
    }
  }
  if (!flagsOk) return makeError(ErrorCategory::kParse, "unknown flag '" + std::string(w[1]) + "' in Status");
  if (oneOf(w[2], kInstalled)) return InstallState::kInstalled;
  if (oneOf(w[2], kUncertain)) return InstallState::kUncertain;
  if (oneOf(w[2], kNot)) return InstallState::kNotInstalled;
  return makeError(ErrorCategory::kParse, "unknown state '" + std::string(w[2]) + "' in Status");
}

std::vector<StatusRecord> parseStatusFile(std::string_view text, const std::string& file,
                                          const ControlLimits& limits, ReaderResult& out, StatusDialect dialect) {
  static const std::vector<std::string> kWanted = {"package", "architecture", "version", "source", "status"};
  std::vector<StatusRecord> records;
  std::size_t warnings = 0;
  std::size_t suppressed = 0;
  // Record-level warnings share a budget too: a file of 100,000 bad records
  // gives max_warnings lines and one count, not 100,000 lines.
  auto warn = [&](std::uint32_t line, std::string message) {
    if (warnings++ < limits.max_warnings) out.warn(file, line, std::move(message));
    else ++suppressed;
  };
  for (auto& st : parseControl(text, file, kWanted, "package", limits, out)) {
    auto value = [&](std::string_view name) -> std::string {
      const ControlField* f = st.find(name);
      return f ? f->value : std::string();
    };
    StatusRecord r;
    r.package = value("package");
    r.arch = value("architecture");
    r.version = value("version");
    r.status = value("status");
    r.file = file;
    r.line = st.line;
    if (r.package.empty() || r.package.find_first_of(" \t\n") != std::string::npos) {
      warn(st.line, "record without a valid Package field dropped");
      continue;
    }
    auto state = classifyStatus(r.status, dialect);
    if (!state) {
      warn(st.line, "package '" + r.package + "': " + state.error().message + "; record dropped");
      continue;
    }
    r.state = *state;
    if (r.state != InstallState::kNotInstalled &&
        (r.version.empty() || r.version.find_first_of(" \t\n") != std::string::npos)) {
      warn(st.line, "package '" + r.package + "': installed without a valid Version; record dropped");
      continue;
    }
    // Source: "name" or "name (version)"; defaults are the binary's own.
    std::string source = value("source");
    r.source = r.package;
    r.source_version = r.version;
    if (!source.empty()) {
      auto w = words(source);
      if (w.size() == 1) {
        r.source = std::string(w[0]);
      } else if (w.size() == 2 && w[1].size() > 2 && w[1].front() == '(' && w[1].back() == ')') {
        r.source = std::string(w[0]);
        r.source_version = std::string(w[1].substr(1, w[1].size() - 2));
      } else {
        warn(st.line, "package '" + r.package + "': Source is not 'name [(version)]'; using the package's own");
      }
    }
    records.push_back(std::move(r));
  }
  if (suppressed > 0) out.warn(file, 0, std::to_string(suppressed) + " further record warnings suppressed");
  return records;
}

}  // namespace psirt::inventory
