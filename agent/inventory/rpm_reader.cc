// The rpm database is read through the HOST's rpm (a binary from the scanned
// root could be anything, and may not even run here), pointed at the database
// inside the sysroot with --dbpath, and told which backend to use from the
// files present (the host's default may differ from the image's).
#include <algorithm>

#include "agent/inventory/reader_util.h"
#include "agent/inventory/readers.h"
#include "platform/fs/fs.h"

namespace psirt::inventory {

namespace {

constexpr char kFieldSep = '\x1f';    // ASCII unit separator: never in rpm tags we query
constexpr char kRecordSep = '\x1e';   // ASCII record separator, then '\n'
constexpr std::size_t kFields = 6;    // NAME EPOCH VERSION RELEASE ARCH SOURCERPM
// rpm's answer is held whole in memory; ~100 bytes a package, so 4 MiB holds
// the inventory's item limit several times over.
constexpr std::uint64_t kMaxRpmOutput = 4u << 20;

struct Backend {
  const char* file;
  const char* name;
};
// Checked in this order: a converted database may leave the old files behind.
constexpr Backend kBackends[] = {{"rpmdb.sqlite", "sqlite"}, {"Packages.db", "ndb"}, {"Packages", "bdb_ro"}};

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    std::size_t p = s.find(sep, start);
    if (p == std::string_view::npos) { out.push_back(s.substr(start)); break; }
    out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
  return out;
}

bool plainToken(std::string_view s) {
  if (s.empty() || s.size() > 4096) return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

// "name-version-release.src.rpm" -> (name, "version-release").
std::pair<std::string, std::string> splitSourceRpm(std::string_view srpm) {
  for (std::string_view suffix : {".src.rpm", ".nosrc.rpm"}) {
    if (srpm.size() > suffix.size() && srpm.substr(srpm.size() - suffix.size()) == suffix) {
      srpm.remove_suffix(suffix.size());
      std::size_t rel = srpm.rfind('-');
      if (rel == std::string_view::npos || rel == 0) return {};
      std::size_t ver = srpm.rfind('-', rel - 1);
      if (ver == std::string_view::npos || ver == 0) return {};
      return {std::string(srpm.substr(0, ver)), std::string(srpm.substr(ver + 1))};
    }
  }
  return {};
}

}  // namespace

std::string rpmQueryFormat() {
  std::string f;
  for (const char* tag : {"NAME", "EPOCH", "VERSION", "RELEASE", "ARCH", "SOURCERPM"}) {
    if (!f.empty()) f.push_back(kFieldSep);
    f += "%{" + std::string(tag) + "}";
  }
  f.push_back(kRecordSep);
  f.push_back('\n');
  return f;
}

std::vector<Item> parseRpmQueryOutput(std::string_view text, const std::string& evidence_path,
                                      const ReadOptions& options, ReaderResult& out) {
  std::vector<Item> items;
  std::uint32_t record = 0;
  std::size_t warnings = 0;
  auto warn = [&](std::string message) {
    if (++warnings <= options.limits.max_warnings) out.warn("rpm -qa --dbpath " + evidence_path, record, std::move(message));
    else out.partial = true;
  };
  std::string_view rest = text;
  while (!rest.empty()) {
    std::size_t end = rest.find(std::string_view("\x1e\n", 2));
    ++record;
    if (end == std::string_view::npos) {
      warn("output ends inside a record (truncated?)");
      break;
    }
    std::string_view rec = rest.substr(0, end);
    rest.remove_prefix(end + 2);
    auto f = split(rec, kFieldSep);
    if (f.size() != kFields) {
      warn("record has " + std::to_string(f.size()) + " fields, expected " + std::to_string(kFields));
      continue;
    }
    std::string_view name = f[0], epoch = f[1], version = f[2], release = f[3], arch = f[4], srpm = f[5];
    if (name == "gpg-pubkey") continue;  // imported signing keys, not software
    if (!plainToken(name) || !plainToken(version) || !plainToken(release) || !plainToken(arch) || !plainToken(srpm)) {
      warn("record with an empty or invalid field");
      continue;
    }
    if (epoch == "(none)") epoch = {};
    if (!epoch.empty() && (epoch.size() > 10 || epoch.find_first_not_of("0123456789") != std::string_view::npos)) {
      warn("package '" + std::string(name) + "': invalid epoch");
      continue;
    }
    if (items.size() >= options.limits.max_stanzas) {
      warn("more than " + std::to_string(options.limits.max_stanzas) + " packages; the rest ignored");
      break;
    }
    if (!detail::itemsLeft(options, items.size())) {
      out.warn("rpm -qa --dbpath " + evidence_path, record, detail::itemLimitMessage(options));
      break;
    }
    Item item;
    item.ecosystem = Ecosystem::kRpm;
    item.name = std::string(name);
    std::string vr = std::string(version) + "-" + std::string(release);
    item.version = epoch.empty() ? vr : std::string(epoch) + ":" + vr;
    item.arch = std::string(arch);
    item.detail = srpm == "(none)" ? std::string() : std::string(srpm);
    auto [sname, sversion] = splitSourceRpm(srpm);
    item.source_name = sname;
    item.source_version = sversion;
    item.evidence = Evidence{evidence_path, 0, {}};
    item.purl = detail::purlString("rpm", options.os.purlNamespace("rpm"), item.name, vr,
                                   {{"arch", item.arch}, {"epoch", std::string(epoch)},
                                    {"distro", options.os.distroQualifier()}});
    items.push_back(std::move(item));
  }
  return items;
}

ReaderResult readRpm(const ReadOptions& options, const ProcessRunner& runner) {
  ReaderResult out;
  out.ecosystem = Ecosystem::kRpm;
  std::string dbRelative;  // canonical: no symlink on the way (see safeDatabase)
  std::string firstDir;    // the first database directory found (host path)
  bool firstEmpty = false;
  const Backend* backend = nullptr;
  std::vector<fs::DirEntry> entries;
  for (std::string_view dir : {"usr/lib/sysimage/rpm", "var/lib/rpm"}) {
    if (detail::pathKind(options.sysroot, dir) != detail::PathKind::kDirectory) continue;
    out.present = true;
    auto canonical = detail::canonicalPath(options.sysroot, dir);
    if (!canonical) {
      out.warn(detail::hostPath(options.sysroot, dir), 0, "cannot resolve: " + canonical.error().message);
      return out;
    }
    auto listed = detail::listDirectory(options.sysroot, *canonical);
    if (!listed) {
      out.warn(detail::hostPath(options.sysroot, dir), 0, listed.error().message);
      return out;
    }
    if (firstDir.empty()) {
      firstDir = detail::hostPath(options.sysroot, *canonical);
      firstEmpty = listed->empty();
    }
    for (const auto& b : kBackends) {
      auto hit = std::find_if(listed->begin(), listed->end(), [&](const fs::DirEntry& e) { return e.name == b.file; });
      if (hit != listed->end()) {
        dbRelative = *canonical;
        backend = &b;
        entries = std::move(*listed);
        break;
      }
    }
    if (backend) break;
  }
  if (!out.present) {
    if (detail::pathKind(options.sysroot, "var/lib/rpm") != detail::PathKind::kMissing) {
      out.present = true;
      auto listed = detail::listDirectory(options.sysroot, "var/lib/rpm");
      out.warn(detail::hostPath(options.sysroot, "var/lib/rpm"), 0,
               "is not a readable directory" + (listed ? std::string() : ": " + listed.error().message));
    }
    return out;
  }
  if (!backend) {
    if (firstEmpty) {
      // Debian's rpm package ships an empty /var/lib/rpm: no database, nothing missed.
      out.present = false;
      out.warn(firstDir, 0, "empty rpm database directory; treated as no rpm database", false);
      return out;
    }
    out.warn(firstDir, 0, "rpm database directory without rpmdb.sqlite, Packages.db or Packages");
    return out;
  }
  // rpm follows paths itself, outside our resolver: it gets the canonical
  // directory (no symlink on the way), and a directory holding anything but
  // regular files and subdirectories (a symlink rpm would follow to the
  // host, a FIFO its database library would block on) is not handed to it.
  for (const auto& e : entries) {
    if (e.is_regular || e.is_directory) continue;
    out.warn(detail::hostPath(options.sysroot, dbRelative + "/" + e.name), 0,
             std::string(e.is_symlink ? "symbolic link" : "not a regular file") +
                 " in the rpm database directory (rpm would follow or block on it); database not read");
    return out;
  }
  std::string dbPath = detail::hostPath(options.sysroot, dbRelative);
  std::string dbFile = dbPath + "/" + backend->file;
  if (dbPath.empty() || dbPath[0] != '/') {
    out.warn(dbPath, 0, "rpm needs an absolute --sysroot to read this database");
    return out;
  }
  auto rpm = process::findExecutable("rpm");
  if (!rpm) {
    out.warn(dbFile, 0, "no rpm program on this host (looked in /usr/bin, /bin, /usr/sbin, /sbin)");
    return out;
  }
  process::Options popts;
  popts.environment = {{"PATH", "/usr/bin:/bin"}, {"LC_ALL", "C"}, {"HOME", "/nonexistent"}};
  popts.timeout = std::chrono::milliseconds(120000);
  // The whole output is held in memory: bounded by kMaxRpmOutput (and the
  // inventory's byte budget), not by the 64 MiB file cap.
  popts.max_stdout = static_cast<std::size_t>(
      std::min<std::uint64_t>({options.max_file_bytes, kMaxRpmOutput, options.left.max_read_bytes}));
  std::vector<std::string> argv = {*rpm,        "--dbpath", dbPath, "--define", std::string("_db_backend ") + backend->name,
                                   "-qa",       "--queryformat", rpmQueryFormat()};
  auto outcome = runner ? runner(argv, popts) : process::run(argv, popts);
  if (!outcome) {
    out.warn(dbFile, 0, "cannot run " + *rpm + ": " + outcome.error().message);
    return out;
  }
  if (!outcome->succeeded()) {
    std::string why = outcome->timed_out ? "timed out"
                      : outcome->signaled ? "killed by signal " + std::to_string(outcome->signal)
                                          : "exited with " + std::to_string(outcome->exit_code);
    std::string err = outcome->stderr_data.substr(0, outcome->stderr_data.find('\n'));
    out.warn(dbFile, 0, *rpm + " " + why + (err.empty() ? "" : ": " + err.substr(0, 300)));
    return out;
  }
  if (outcome->stdout_truncated) {
    out.warn(dbFile, 0, "rpm output larger than " + std::to_string(popts.max_stdout) + " bytes; not read");
    return out;
  }
  out.bytes_read += outcome->stdout_data.size();
  std::string evidence = "/" + dbRelative + "/" + backend->file;
  out.items = parseRpmQueryOutput(outcome->stdout_data, evidence, options, out);
  if (outcome->stdout_data.empty()) {
    auto probe = fs::readFile(dbFile, 0, fs::Follow::kNo);  // kLimit: the file has content
    if (!probe) {
      out.warn(dbFile, 0, "rpm listed no packages from a non-empty " + std::string(backend->name) + " database");
    }
  }
  return out;
}

}  // namespace psirt::inventory
