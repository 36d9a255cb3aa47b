// dpkg and opkg databases: deb822 status files. dpkg journals changes it has
// not yet merged into "status" as numbered files in updates/; it applies them
// in numeric order when it next opens the database, so we do the same.
#include <algorithm>
#include <map>

#include "agent/inventory/reader_util.h"
#include "agent/inventory/readers.h"
#include "platform/fs/fs.h"

namespace psirt::inventory {

namespace {

using Key = std::pair<std::string, std::string>;  // (package, arch)

void merge(std::vector<StatusRecord> records, bool is_update, std::map<Key, StatusRecord>& db, ReaderResult& out) {
  for (auto& r : records) {
    Key key{r.package, r.arch};
    auto it = db.find(key);
    if (it != db.end() && !is_update && it->second.file == r.file) {
      out.warn(r.file, r.line, "duplicate record for '" + r.package + (r.arch.empty() ? "" : ":" + r.arch) +
                                   "' (first at line " + std::to_string(it->second.line) + "); the later one is used");
    }
    db[key] = std::move(r);
  }
}

bool allDigits(std::string_view s) {
  return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void toItems(const std::map<Key, StatusRecord>& db, Ecosystem ecosystem, std::string_view purl_type,
             std::string_view default_namespace, const OsInfo& os, ReaderResult& out) {
  for (const auto& [key, r] : db) {
    if (r.state == InstallState::kNotInstalled) continue;
    Item item;
    item.ecosystem = ecosystem;
    item.name = r.package;
    item.version = r.version;
    item.arch = r.arch;
    item.source_name = r.source;
    item.source_version = r.source_version;
    item.detail = r.status;
    item.state = r.state == InstallState::kUncertain ? ItemState::kUncertain : ItemState::kInstalled;
    item.evidence = Evidence{r.file, r.line, {}};
    item.purl = detail::purlString(purl_type, os.purlNamespace(default_namespace), r.package, r.version,
                                   {{"arch", r.arch}, {"distro", os.distroQualifier()}});
    out.items.push_back(std::move(item));
  }
}

// Reads one status file into `db`; returns false if it could not be read.
bool readStatus(const ReadOptions& options, std::string_view relative, bool is_update,
                std::map<Key, StatusRecord>& db, ReaderResult& out) {
  StatusDialect dialect = out.ecosystem == Ecosystem::kOpkg ? StatusDialect::kOpkg : StatusDialect::kDpkg;
  std::string host = detail::hostPath(options.sysroot, relative);
  auto text = detail::readOrWarn(options.sysroot, relative, options.max_file_bytes, out);
  if (!text) return false;
  // Evidence names the file inside the sysroot; warnings name it on the host.
  ReaderResult scratch;
  scratch.ecosystem = out.ecosystem;
  auto records = parseStatusFile(*text, host, options.limits, scratch, dialect);
  for (auto& w : scratch.warnings) out.warnings.push_back(std::move(w));
  out.partial = out.partial || scratch.partial;
  for (auto& r : records) r.file = "/" + std::string(relative);
  merge(std::move(records), is_update, db, out);
  return true;
}

}  // namespace

ReaderResult readDpkg(const ReadOptions& options) {
  ReaderResult out;
  out.ecosystem = Ecosystem::kDpkg;
  if (detail::pathKind(options.sysroot, "var/lib/dpkg") == detail::PathKind::kMissing) return out;
  out.present = true;
  std::map<Key, StatusRecord> db;
  if (detail::pathKind(options.sysroot, "var/lib/dpkg/status") == detail::PathKind::kMissing) {
    out.warn(detail::hostPath(options.sysroot, "var/lib/dpkg/status"), 0, "missing while var/lib/dpkg exists");
  } else {
    readStatus(options, "var/lib/dpkg/status", false, db, out);
  }
  std::string updates = detail::hostPath(options.sysroot, "var/lib/dpkg/updates");
  if (detail::pathKind(options.sysroot, "var/lib/dpkg/updates") != detail::PathKind::kMissing) {
    auto entries = detail::listDirectory(options.sysroot, "var/lib/dpkg/updates");
    if (!entries) {
      out.warn(updates, 0, "cannot list pending updates: " + entries.error().message);
    } else {
      std::vector<std::pair<std::uint64_t, std::string>> pending;
      for (const auto& e : *entries) {
        if (allDigits(e.name)) pending.emplace_back(std::stoull(e.name), e.name);
      }
      std::sort(pending.begin(), pending.end());
      if (pending.size() > options.max_updates) {
        out.warn(updates, 0, "more than " + std::to_string(options.max_updates) + " pending updates; the rest ignored");
        pending.resize(options.max_updates);
      }
      for (const auto& [number, name] : pending) {
        readStatus(options, "var/lib/dpkg/updates/" + name, true, db, out);
      }
    }
  }
  toItems(db, Ecosystem::kDpkg, "deb", "debian", options.os, out);
  return out;
}

ReaderResult readOpkg(const ReadOptions& options) {
  ReaderResult out;
  out.ecosystem = Ecosystem::kOpkg;
  std::map<Key, StatusRecord> db;
  for (std::string_view relative : {"usr/lib/opkg/status", "var/lib/opkg/status"}) {
    if (detail::pathKind(options.sysroot, relative) == detail::PathKind::kMissing) continue;
    out.present = true;
    readStatus(options, relative, false, db, out);
  }
  toItems(db, Ecosystem::kOpkg, "opkg", "opkg", options.os, out);
  return out;
}

}  // namespace psirt::inventory
