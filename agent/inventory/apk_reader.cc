// apk's installed database (lib/apk/db/installed): records of "X:value"
// lines separated by blank lines; P name, V version, A arch, o origin (the
// source package). File lists (F:, R:, Z:, ...) make it large, so only the
// letters we use are kept, but every line is checked against the limits.
#include <map>

#include "agent/inventory/line_splitter.h"
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

// Records of lines, one line at a time (the whole-text parser and the
// streamed reader share it). Items stop at options.left.max_items.
class ApkParser {
 public:
  ApkParser(const std::string& file, const ReadOptions& options, ReaderResult& out)
      : file_(file), options_(options), out_(out) {}

  void line(std::string_view line, bool terminated) {
    ++lineNo_;
    if (!terminated) warn(lineNo_, "file ends in the middle of a line (truncated?)");
    if (line.empty()) { finish(); return; }
    if (rec_.bad) return;
    if (!rec_.any) { rec_.any = true; rec_.line = lineNo_; }
    if (line.size() < 2 || line[1] != ':' || line.find('\0') != std::string_view::npos) {
      warn(lineNo_, "not an 'X:value' line (record from line " + std::to_string(rec_.line) + " dropped)");
      rec_.bad = true;
      return;
    }
    if (line.size() > options_.limits.max_field_bytes) {
      overlong();
      return;
    }
    std::string value(line.substr(2));
    switch (line[0]) {
      case 'P':
        if (!rec_.name.empty()) {
          warn(lineNo_, "'P:' again without a blank line; starting a new record");
          finish();
          rec_.any = true;
          rec_.line = lineNo_;
        }
        rec_.name = std::move(value);
        break;
      case 'V': rec_.version = std::move(value); break;
      case 'A': rec_.arch = std::move(value); break;
      case 'o': rec_.origin = std::move(value); break;
      default: break;
    }
  }

  // A line longer than max_field_bytes (the streamed reader does not buffer it).
  void overlong(bool counted = true) {
    if (!counted) ++lineNo_;
    if (rec_.bad) return;
    if (!rec_.any) { rec_.any = true; rec_.line = lineNo_; }
    warn(lineNo_, "field longer than " + std::to_string(options_.limits.max_field_bytes) + " bytes (record dropped)");
    rec_.bad = true;
  }

  std::vector<Item> end() {
    finish();
    if (limited_) out_.warn(file_, 0, detail::itemLimitMessage(options_));
    return std::move(items_);
  }

 private:
  void warn(std::uint32_t line, std::string message) {
    if (++warnings_ <= options_.limits.max_warnings) out_.warn(file_, line, std::move(message));
    else out_.partial = true;
  }

  void finish() {
    if (rec_.any && !rec_.bad) {
      if (rec_.name.empty() || rec_.version.empty()) {
        warn(rec_.line, "record without P: or V: dropped");
      } else if (items_.size() >= options_.limits.max_stanzas) {
        warn(rec_.line, "too many records; the rest ignored");
      } else if (!detail::itemsLeft(options_, items_.size())) {
        limited_ = true;
      } else {
        if (auto it = seen_.find(rec_.name); it != seen_.end()) {
          warn(rec_.line, "duplicate record for '" + rec_.name + "' (first at line " + std::to_string(it->second) + ")");
        }
        seen_[rec_.name] = rec_.line;
        Item item;
        item.ecosystem = Ecosystem::kApk;
        item.name = rec_.name;
        item.version = rec_.version;
        item.arch = rec_.arch;
        item.source_name = rec_.origin.empty() ? rec_.name : rec_.origin;
        item.source_version = rec_.version;
        item.evidence = Evidence{"/lib/apk/db/installed", rec_.line, {}};
        item.purl = detail::purlString("apk", options_.os.purlNamespace("alpine"), rec_.name, rec_.version,
                                       {{"arch", rec_.arch}, {"distro", options_.os.distroQualifier()}});
        items_.push_back(std::move(item));
      }
    }
    rec_ = ApkRecord{};
  }

  std::string file_;  // a copy: never dangles
  const ReadOptions& options_;
  ReaderResult& out_;
  std::vector<Item> items_;
  std::map<std::string, std::uint32_t> seen_;  // name -> line
  std::size_t warnings_ = 0;
  std::uint32_t lineNo_ = 0;
  bool limited_ = false;
  ApkRecord rec_;
};

}  // namespace

std::vector<Item> parseApkInstalled(std::string_view text, const std::string& file, const ReadOptions& options,
                                    ReaderResult& out) {
  ApkParser parser(file, options, out);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    bool last = nl == std::string_view::npos;
    parser.line(text.substr(pos, last ? std::string_view::npos : nl - pos), !last);
    pos = last ? text.size() : nl + 1;
  }
  return parser.end();
}

ReaderResult readApk(const ReadOptions& options) {
  ReaderResult out;
  out.ecosystem = Ecosystem::kApk;
  std::string host = detail::hostPath(options.sysroot, "lib/apk/db/installed");
  if (detail::pathKind(options.sysroot, "lib/apk/db/installed") == detail::PathKind::kMissing) return out;
  out.present = true;
  // Streamed: warnings of a file that then fails to read are kept apart and
  // dropped with its items (as if it had not been read).
  ReaderResult scratch;
  scratch.ecosystem = out.ecosystem;
  ApkParser parser(host, options, scratch);
  LineSplitter lines(
      options.limits.max_field_bytes, [&](std::string_view text, bool terminated) { parser.line(text, terminated); },
      [&] { parser.overlong(false); });
  if (!detail::streamOrWarn(options.sysroot, "lib/apk/db/installed", options.max_file_bytes, options, out,
                            [&](std::string_view bytes) { lines.feed(bytes); })) {
    return out;
  }
  lines.finish();
  out.items = parser.end();
  for (auto& w : scratch.warnings) out.warnings.push_back(std::move(w));
  out.partial = out.partial || scratch.partial;
  return out;
}

}  // namespace psirt::inventory
