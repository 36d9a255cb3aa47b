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

// Merges one record into `db`, which holds at most options.left.max_items
// records (installed or not: all cost memory). Returns false when the limit
// dropped it.
bool merge(StatusRecord&& r, bool is_update, const ReadOptions& options, std::map<Key, StatusRecord>& db,
           ReaderResult& out) {
  Key key{r.package, r.arch};
  auto it = db.find(key);
  if (it != db.end() && !is_update && it->second.file == r.file) {
    out.warn(r.file, r.line, "duplicate record for '" + r.package + (r.arch.empty() ? "" : ":" + r.arch) +
                                 "' (first at line " + std::to_string(it->second.line) + "); the later one is used");
  }
  if (it != db.end()) {
    it->second = std::move(r);
    return true;
  }
  if (!detail::itemsLeft(options, db.size())) return false;
  db.emplace(std::move(key), std::move(r));
  return true;
}

bool allDigits(std::string_view s) {
  return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Empties `db` as it goes: each record's memory is freed as its item is made.
void toItems(std::map<Key, StatusRecord>& db, Ecosystem ecosystem, std::string_view purl_type,
             std::string_view default_namespace, const OsInfo& os, ReaderResult& out) {
  std::size_t installed = 0;
  for (const auto& [key, r] : db) installed += r.state != InstallState::kNotInstalled ? 1 : 0;
  out.items.reserve(out.items.size() + installed);
  while (!db.empty()) {
    auto node = db.extract(db.begin());
    StatusRecord& r = node.mapped();
    if (r.state == InstallState::kNotInstalled) continue;
    Item item;
    item.ecosystem = ecosystem;
    item.purl = detail::purlString(purl_type, os.purlNamespace(default_namespace), r.package, r.version,
                                   {{"arch", r.arch}, {"distro", os.distroQualifier()}});
    item.name = std::move(r.package);
    item.version = std::move(r.version);
    item.arch = std::move(r.arch);
    item.source_name = std::move(r.source);
    item.source_version = std::move(r.source_version);
    item.detail = std::move(r.status);
    item.state = r.state == InstallState::kUncertain ? ItemState::kUncertain : ItemState::kInstalled;
    item.evidence = Evidence{std::move(r.file), r.line, {}};
    out.items.push_back(std::move(item));
  }
}

// Streams one status file into `db`, record by record; returns false if it
// could not be read to its end (the records read before the failure are
// kept: the warning marks the ecosystem partial).
bool readStatus(const ReadOptions& options, std::string_view relative, bool is_update,
                std::map<Key, StatusRecord>& db, ReaderResult& out) {
  StatusDialect dialect = out.ecosystem == Ecosystem::kOpkg ? StatusDialect::kOpkg : StatusDialect::kDpkg;
  std::string host = detail::hostPath(options.sysroot, relative);
  const std::string evidence = "/" + std::string(relative);
  // Evidence names the file inside the sysroot; warnings name it on the host.
  bool limited = false;
  StatusFileStream parser(host, options.limits, out, dialect, [&](StatusRecord&& r) {
    r.file = evidence;
    if (!merge(std::move(r), is_update, options, db, out)) limited = true;
  });
  bool read = detail::streamOrWarn(options.sysroot, relative, options.max_file_bytes, options, out,
                                   [&](std::string_view bytes) { parser.feed(bytes); });
  if (read) parser.finish();
  if (limited) out.warn(host, 0, detail::itemLimitMessage(options));
  return read;
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
