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
  const std::string shown = hostPath(sysroot, relative);
  auto root = openRoot(sysroot);
  if (!root) {
    out.warn(shown, 0, "cannot read: " + root.error().describe());
    return std::nullopt;
  }
  if (auto k = root->kind(relative); k && *k == fs::RootDir::Kind::kDirectory) {
    out.warn(shown, 0, "is a directory, not a file; not read");
    return std::nullopt;
  }
  auto data = root->readFile(relative, max_bytes);
  if (!data) {
    out.warn(shown, 0, "cannot read: " + data.error().message);
    return std::nullopt;
  }
  return std::move(*data);
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
