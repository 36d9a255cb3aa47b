// Helpers shared by the readers (internal to the component).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "agent/inventory/item.h"
#include "agent/inventory/readers.h"
#include "agent/json/json.h"
#include "platform/error/result.h"
#include "platform/fs/fs.h"
#include "platform/fs/random_access.h"

namespace psirt::inventory::detail {

// "<sysroot>/<relative>" on the host; `relative` has no leading '/'. Only
// for naming a path in warnings: every access goes through the functions
// below, which resolve the path INSIDE the sysroot (fs::RootDir: symlinks
// and ".." never leave it, so an image cannot make us read host files).
std::string hostPath(const std::string& sysroot, std::string_view relative);

// What exists at a path inside the sysroot: nothing, a directory (listable),
// or something else (a file, a FIFO, a device, a link whose target is not in
// the image, a loop: anything we will try to read as a file, so that its
// reader reports it).
enum class PathKind { kMissing, kFile, kDirectory };
PathKind pathKind(const std::string& sysroot, std::string_view relative);

// Reads a whole file inside the sysroot bounded by max_bytes (regular files
// only, never blocking). On failure adds a warning naming the host path
// (line 0) to `out`, marks it partial and returns nullopt.
std::optional<std::string> readOrWarn(const std::string& sysroot, std::string_view relative, std::size_t max_bytes,
                                      ReaderResult& out);
// The same, counted against the reader's byte budget (options.left).
std::optional<std::string> readOrWarn(const std::string& sysroot, std::string_view relative, std::size_t max_bytes,
                                      const ReadOptions& options, ReaderResult& out);

// Streams a file inside the sysroot (fs::RootDir) through `on_bytes` in
// 64 KiB chunks, bounded by max_bytes and the reader's byte budget. On
// failure adds the warning ("cannot read: ..." or the byte limit) naming its
// host path, marks `out` partial, returns false; the caller then drops what
// it parsed from this file, as if unread.
bool streamOrWarn(const std::string& sysroot, std::string_view relative, std::size_t max_bytes,
                  const ReadOptions& options, ReaderResult& out, const std::function<void(std::string_view)>& on_bytes);

// The inventory limits (ReadOptions::totals / left). takeBytes counts `n`
// bytes about to be read against what the reader has left and fails when
// they do not fit; the messages name the limit reached (the caller names the
// file and marks the result partial).
bool takeBytes(const ReadOptions& options, ReaderResult& out, std::uint64_t n);
bool itemsLeft(const ReadOptions& options, std::size_t held);
std::string itemLimitMessage(const ReadOptions& options);
std::string byteLimitMessage(const ReadOptions& options);

// A file inside the sysroot opened for positional reads (fs::RootDir:
// regular files only, never blocking); kIo naming its host path.
Result<fs::RandomAccessFile> openRandomAccess(const std::string& sysroot, std::string_view relative);

// The entries of a directory inside the sysroot (kIo naming its host path).
Result<std::vector<fs::DirEntry>> listDirectory(const std::string& sysroot, std::string_view relative);

// The path inside the sysroot with every symlink resolved inside it (no
// leading '/'), for a program that follows paths itself (the host's rpm).
Result<std::string> canonicalPath(const std::string& sysroot, std::string_view relative);

// Parses a vendor JSON file (manifest, SBOM) strictly under `options`
// (duplicate keys, BOM, invalid UTF-8 refused; the reader's byte and depth
// bounds). On failure adds "invalid JSON: <where>: <what>" (line 0) to `out`,
// marks it partial and returns nullopt.
std::optional<json::Document> parseJsonOrWarn(std::string_view text, const std::string& file,
                                              const json::ParseOptions& options, ReaderResult& out);

// The string member `key` of an object, or "" when it is absent or not a
// string (the readers then report the field as missing or invalid).
std::string stringMember(const json::View& object, std::string_view key);

// A canonical purl string from raw parts; empty qualifier values are dropped.
// Never fails: on an invalid part it returns a pkg:generic fallback.
std::string purlString(std::string_view type, std::string_view namespace_, std::string_view name,
                       std::string_view version, std::vector<std::pair<std::string, std::string>> qualifiers = {});

// Lower-case hex SHA-256 of `data`.
std::string sha256Hex(std::string_view data);

}  // namespace psirt::inventory::detail
