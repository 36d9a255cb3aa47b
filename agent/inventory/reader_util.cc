#include "agent/inventory/reader_util.h"

#include "agent/identity/purl.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"
#include "platform/fs/rooted.h"
#include "platform/transport/url.h"

namespace psirt::inventory::detail {

std::string hostPath(const std::string& sysroot, std::string_view relative) {
  return fs::joinPath(sysroot.empty() ? "/" : sysroot, relative);
}

namespace {

// A missing or unusable sysroot is refused before any reader runs
// (checkSysroot); here it reads as an empty directory with a warning per path.
Result<fs::RootDir> openRoot(const std::string& sysroot) { return fs::RootDir::open(sysroot.empty() ? "/" : sysroot); }

}  // namespace

// Tells a missing database from a present one; every read still goes
// through the rooted reader with its bounds. Anything that is neither
// missing nor a directory counts as a file (present, so its reader warns).
PathKind pathKind(const std::string& sysroot, std::string_view relative) {
  auto root = openRoot(sysroot);
  if (!root) return PathKind::kFile;
  auto kind = root->kind(relative);
  if (!kind) return PathKind::kFile;
  switch (*kind) {
    case fs::RootDir::Kind::kMissing: return PathKind::kMissing;
    case fs::RootDir::Kind::kDirectory: return PathKind::kDirectory;
    default: return PathKind::kFile;
  }
}

std::optional<std::string> readOrWarn(const std::string& sysroot, std::string_view relative, std::size_t max_bytes,
                                      ReaderResult& out) {
  return readOrWarn(sysroot, relative, max_bytes, ReadOptions{}, out);
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

bool streamOrWarn(const std::string& sysroot, std::string_view relative, std::size_t max_bytes,
                  const ReadOptions& options, ReaderResult& out, const std::function<void(std::string_view)>& on_bytes) {
  const std::string shown = hostPath(sysroot, relative);
  auto root = openRoot(sysroot);
  if (!root) {
    out.warn(shown, 0, "cannot read: " + root.error().describe());
    return false;
  }
  if (auto k = root->kind(relative); k && *k == fs::RootDir::Kind::kDirectory) {
    out.warn(shown, 0, "is a directory, not a file; not read");
    return false;
  }
  const std::uint64_t left = options.left.max_read_bytes - std::min(options.left.max_read_bytes, out.bytes_read);
  Status st = root->readChunks(relative, 1u << 16, std::min<std::uint64_t>(max_bytes, left),
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

// The whole file is the streamed one gathered (same bounds, same warnings).
std::optional<std::string> readOrWarn(const std::string& sysroot, std::string_view relative, std::size_t max_bytes,
                                      const ReadOptions& options, ReaderResult& out) {
  std::string data;
  if (!streamOrWarn(sysroot, relative, max_bytes, options, out, [&](std::string_view bytes) {
        if (data.capacity() == 0) data.reserve(std::min<std::size_t>(max_bytes, 1u << 16));
        data.append(bytes);
      })) {
    return std::nullopt;
  }
  return data;
}

Result<fs::RandomAccessFile> openRandomAccess(const std::string& sysroot, std::string_view relative) {
  PSIRT_ASSIGN_OR_RETURN(root, openRoot(sysroot));
  return root.openRandomAccess(relative);
}

Result<std::vector<fs::DirEntry>> listDirectory(const std::string& sysroot, std::string_view relative) {
  PSIRT_ASSIGN_OR_RETURN(root, openRoot(sysroot));
  return root.listDirectory(relative);
}

Result<std::string> canonicalPath(const std::string& sysroot, std::string_view relative) {
  PSIRT_ASSIGN_OR_RETURN(root, openRoot(sysroot));
  return root.canonical(relative);
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
