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

namespace {
const std::vector<std::string> kStatusFields = {"package", "architecture", "version", "source", "status"};
}  // namespace

// Turns stanzas into records. Record-level warnings share a budget too: a
// file of 100,000 bad records gives max_warnings lines and one count, not
// 100,000 lines.
class StatusFileStream::Records {
 public:
  Records(const std::string& file, const ControlLimits& limits, ReaderResult& out, StatusDialect dialect,
          std::function<void(StatusRecord&&)> on_record)
      : file_(file), limits_(limits), out_(out), dialect_(dialect), on_record_(std::move(on_record)) {}

  void stanza(ControlStanza&& st) {
    auto value = [&](std::string_view name) -> std::string {
      const ControlField* f = st.find(name);
      return f ? f->value : std::string();
    };
    StatusRecord r;
    r.package = value("package");
    r.arch = value("architecture");
    r.version = value("version");
    r.status = value("status");
    r.file = file_;
    r.line = st.line;
    if (r.package.empty() || r.package.find_first_of(" \t\n") != std::string::npos) {
      warn(st.line, "record without a valid Package field dropped");
      return;
    }
    auto state = classifyStatus(r.status, dialect_);
    if (!state) {
      warn(st.line, "package '" + r.package + "': " + state.error().message + "; record dropped");
      return;
    }
    r.state = *state;
    if (r.state != InstallState::kNotInstalled &&
        (r.version.empty() || r.version.find_first_of(" \t\n") != std::string::npos)) {
      warn(st.line, "package '" + r.package + "': installed without a valid Version; record dropped");
      return;
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
    on_record_(std::move(r));
  }

  void finish() {
    if (suppressed_ > 0) out_.warn(file_, 0, std::to_string(suppressed_) + " further record warnings suppressed");
  }

 private:
  void warn(std::uint32_t line, std::string message) {
    if (warnings_++ < limits_.max_warnings) out_.warn(file_, line, std::move(message));
    else ++suppressed_;
  }

  std::string file_;  // a copy: the stream outlives a temporary name
  ControlLimits limits_;  // a copy: the stream outlives a temporary ControlLimits{}
  ReaderResult& out_;
  StatusDialect dialect_;
  std::function<void(StatusRecord&&)> on_record_;
  std::size_t warnings_ = 0;
  std::size_t suppressed_ = 0;
};

StatusFileStream::StatusFileStream(const std::string& file, const ControlLimits& limits, ReaderResult& out,
                                   StatusDialect dialect, std::function<void(StatusRecord&&)> on_record)
    : records_(std::make_unique<Records>(file, limits, out, dialect, std::move(on_record))),
      control_(std::make_unique<ControlStream>(file, kStatusFields, "package", limits, out,
                                               [this](ControlStanza&& st) { records_->stanza(std::move(st)); })) {}

StatusFileStream::~StatusFileStream() = default;

void StatusFileStream::feed(std::string_view bytes) { control_->feed(bytes); }

void StatusFileStream::finish() {
  control_->finish();
  records_->finish();
}

std::vector<StatusRecord> parseStatusFile(std::string_view text, const std::string& file,
                                          const ControlLimits& limits, ReaderResult& out, StatusDialect dialect) {
  std::vector<StatusRecord> records;
  StatusFileStream::Records convert(file, limits, out, dialect, [&](StatusRecord&& r) { records.push_back(std::move(r)); });
  for (auto& st : parseControl(text, file, kStatusFields, "package", limits, out)) convert.stanza(std::move(st));
  convert.finish();
  return records;
}

}  // namespace psirt::inventory
