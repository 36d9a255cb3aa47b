// apk's installed database (lib/apk/db/installed): records of "X:value"
// lines separated by blank lines; P name, V version, A arch, o origin (the
// source package). File lists (F:, R:, Z:, ...) make it large, so only the
// letters we use are kept, but every line is checked against the limits.
#include <map>

#include "agent/inventory/reader_util.h"
#include "agent/inventory/readers.h"

namespace psirt::inventory {

namespace {

struct ApkRecord {
  std::string name, version, arch, origin;
  std::uint32_t line = 0;
  bool bad = false;
  bool any = false;
};

}  // namespace

std::vector<Item> parseApkInstalled(std::string_view text, const std::string& file, const ReadOptions& options,
                                    ReaderResult& out) {
  std::vector<Item> items;
  std::map<std::string, std::uint32_t> seen;  // name -> line
  std::size_t warnings = 0;
  auto warn = [&](std::uint32_t line, std::string message) {
    if (++warnings <= options.limits.max_warnings) out.warn(file, line, std::move(message));
    else out.partial = true;
  };
  ApkRecord rec;
  auto finish = [&]() {
    if (rec.any && !rec.bad) {
      if (rec.name.empty() || rec.version.empty()) {
        warn(rec.line, "record without P: or V: dropped");
      } else if (items.size() >= options.limits.max_stanzas) {
        warn(rec.line, "too many records; the rest ignored");
      } else {
        if (auto it = seen.find(rec.name); it != seen.end()) {
          warn(rec.line, "duplicate record for '" + rec.name + "' (first at line " + std::to_string(it->second) + ")");
        }
        seen[rec.name] = rec.line;
        Item item;
        item.ecosystem = Ecosystem::kApk;
        item.name = rec.name;
        item.version = rec.version;
        item.arch = rec.arch;
        item.source_name = rec.origin.empty() ? rec.name : rec.origin;
        item.source_version = rec.version;
        item.evidence = Evidence{"/lib/apk/db/installed", rec.line, {}};
        item.purl = detail::purlString("apk", options.os.purlNamespace("alpine"), rec.name, rec.version,
                                       {{"arch", rec.arch}, {"distro", options.os.distroQualifier()}});
        items.push_back(std::move(item));
      }
    }
    rec = ApkRecord{};
  };
  std::size_t pos = 0;
  std::uint32_t lineNo = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    bool last = nl == std::string_view::npos;
    std::string_view line = text.substr(pos, last ? std::string_view::npos : nl - pos);
    pos = last ? text.size() : nl + 1;
    ++lineNo;
    if (last) warn(lineNo, "file ends in the middle of a line (truncated?)");
    if (line.empty()) { finish(); continue; }
    if (rec.bad) continue;
    if (!rec.any) { rec.any = true; rec.line = lineNo; }
    if (line.size() < 2 || line[1] != ':' || line.find('\0') != std::string_view::npos) {
      warn(lineNo, "not an 'X:value' line (record from line " + std::to_string(rec.line) + " dropped)");
      rec.bad = true;
      continue;
    }
    if (line.size() > options.limits.max_field_bytes) {
      warn(lineNo, "field longer than " + std::to_string(options.limits.max_field_bytes) + " bytes (record dropped)");
      rec.bad = true;
      continue;
    }
    std::string value(line.substr(2));
    switch (line[0]) {
      case 'P':
        if (!rec.name.empty()) {
          warn(lineNo, "'P:' again without a blank line; starting a new record");
          finish();
          rec.any = true;
          rec.line = lineNo;
        }
        rec.name = std::move(value);
        break;
      case 'V': rec.version = std::move(value); break;
      case 'A': rec.arch = std::move(value); break;
      case 'o': rec.origin = std::move(value); break;
      default: break;
    }
  }
  finish();
  return items;
}

ReaderResult readApk(const ReadOptions& options) {
  ReaderResult out;
  out.ecosystem = Ecosystem::kApk;
  std::string host = detail::hostPath(options.sysroot, "lib/apk/db/installed");
  if (detail::pathKind(options.sysroot, "lib/apk/db/installed") == detail::PathKind::kMissing) return out;
  out.present = true;
  auto text = detail::readOrWarn(options.sysroot, "lib/apk/db/installed", options.max_file_bytes, out);
  if (!text) return out;
  out.items = parseApkInstalled(*text, host, options, out);
  return out;
}

}  // namespace psirt::inventory
