#include "agent/inventory/reader_util.h"

#include "agent/identity/purl.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"
#include "platform/transport/url.h"

namespace psirt::inventory::detail {

std::string hostPath(const std::string& sysroot, std::string_view relative) {
  return fs::joinPath(sysroot.empty() ? "/" : sysroot, relative);
}

// Tells a missing database from a present one; every read still goes
// through platform/fs with its bounds. An unreadable directory counts as
// "other" (present, so its reader warns).
PathKind pathKind(const std::string& host_path) {
  auto present = fs::exists(host_path);
  if (present && !*present) return PathKind::kMissing;
  if (fs::listDirectory(host_path)) return PathKind::kDirectory;
  return PathKind::kFile;
}

std::optional<std::string> readOrWarn(const std::string& host_path, const std::string& shown, std::size_t max_bytes,
                                      ReaderResult& out) {
  return readOrWarn(host_path, shown, max_bytes, ReadOptions{}, out);
}

bool takeBytes(const ReadOptions& options, ReaderResult& out, std::uint64_t n) {
  if (out.bytes_read + n > options.left.max_read_bytes) return false;
  out.bytes_read += n;
  return true;
}

bool itemsLeft(const ReadOptions& options, std::size_t held) { return held < options.left.max_items; }

std::string itemLimitMessage(const ReadOptions& options) {
  return "inventory limit of " + std::to_string(options.totals.max_items) +
         " items reached; the rest is not read (ecosystem partial)";
}

std::string byteLimitMessage(const ReadOptions& options) {
  return "inventory limit of " + std::to_string(options.totals.max_read_bytes) +
         " bytes read reached; not read (ecosystem partial)";
}

std::optional<std::string> readOrWarn(const std::string& host_path, const std::string& shown, std::size_t max_bytes,
                                      const ReadOptions& options, ReaderResult& out) {
  if (pathKind(host_path) == PathKind::kDirectory) {
    out.warn(shown, 0, "is a directory, not a file; not read");
    return std::nullopt;
  }
  const std::uint64_t left = options.left.max_read_bytes - std::min(options.left.max_read_bytes, out.bytes_read);
  auto data = fs::readFile(host_path, static_cast<std::size_t>(std::min<std::uint64_t>(max_bytes, left)));
  if (!data && data.error().category == ErrorCategory::kLimit && left < max_bytes) {
    out.warn(shown, 0, byteLimitMessage(options));
    return std::nullopt;
  }
  if (!data) {
    out.warn(shown, 0, "cannot read: " + data.error().message);
    return std::nullopt;
  }
  out.bytes_read += data->size();
  return std::move(*data);
}

bool streamOrWarn(const std::string& host_path, const std::string& shown, std::size_t max_bytes,
                  const ReadOptions& options, ReaderResult& out, const std::function<void(std::string_view)>& on_bytes) {
  if (pathKind(host_path) == PathKind::kDirectory) {
    out.warn(shown, 0, "is a directory, not a file; not read");
    return false;
  }
  const std::uint64_t left = options.left.max_read_bytes - std::min(options.left.max_read_bytes, out.bytes_read);
  Status st = fs::readChunks(host_path, 1u << 16, std::min<std::uint64_t>(max_bytes, left),
                             [&](std::span<const std::uint8_t> chunk) {
                               out.bytes_read += chunk.size();
                               on_bytes(std::string_view(reinterpret_cast<const char*>(chunk.data()), chunk.size()));
                               return okStatus();
                             });
  if (!st && st.error().category == ErrorCategory::kLimit && left < max_bytes) {
    out.warn(shown, 0, byteLimitMessage(options));
    return false;
  }
  if (!st) {
    out.warn(shown, 0, "cannot read: " + st.error().message);
    return false;
  }
  return true;
}

std::optional<json::Document> parseJsonOrWarn(std::string_view text, const std::string& file,
                                              const json::ParseOptions& options, ReaderResult& out) {
  auto doc = json::Document::parse(text, options);
  if (!doc) {
    out.warn(file, 0, "invalid JSON: " + doc.error().describe());
    return std::nullopt;
  }
  return std::move(*doc);
}

std::string stringMember(const json::View& object, std::string_view key) {
  auto member = object.find(key);
  if (!member || !member->isString()) return {};
  return std::string(member->asString());
}

std::string purlString(std::string_view type, std::string_view namespace_, std::string_view name,
                       std::string_view version, std::vector<std::pair<std::string, std::string>> qualifiers) {
  auto p = identity::makePurl(std::string(type), std::string(namespace_), std::string(name), std::string(version),
                              std::move(qualifiers));
  if (p) return p->toString();
  // purl components keep ':' (identity's canonical form does the same).
  return "pkg:generic/" + transport::percentEncode(name.empty() ? "unknown" : name, ":") +
         (version.empty() ? "" : "@" + transport::percentEncode(version, ":"));
}

std::string sha256Hex(std::string_view data) { return crypto::toHex(crypto::sha256(crypto::asBytes(data))); }

}  // namespace psirt::inventory::detail
