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

namespace psirt::inventory::detail {

// "<sysroot>/<relative>" on the host; `relative` has no leading '/'.
std::string hostPath(const std::string& sysroot, std::string_view relative);

// What exists at a host path: nothing, a directory (listable), or something
// else (a file, or anything we will try to read as one).
enum class PathKind { kMissing, kFile, kDirectory };
PathKind pathKind(const std::string& host_path);

// Reads a whole file bounded by max_bytes. On failure adds a warning naming
// `shown` (line 0) to `out`, marks it partial and returns nullopt.
std::optional<std::string> readOrWarn(const std::string& host_path, const std::string& shown, std::size_t max_bytes,
                                      ReaderResult& out);
// The same, counted against the reader's byte budget (options.left).
std::optional<std::string> readOrWarn(const std::string& host_path, const std::string& shown, std::size_t max_bytes,
                                      const ReadOptions& options, ReaderResult& out);

// Streams a file through `on_bytes` in 64 KiB chunks, bounded by max_bytes
// and the reader's byte budget. On failure adds the warning ("cannot read:
// ..." or the byte limit) naming `shown`, marks `out` partial, returns false;
// the caller then drops what it parsed from this file, as if unread.
bool streamOrWarn(const std::string& host_path, const std::string& shown, std::size_t max_bytes,
                  const ReadOptions& options, ReaderResult& out, const std::function<void(std::string_view)>& on_bytes);

// The inventory limits (ReadOptions::totals / left). takeBytes counts `n`
// bytes about to be read against what the reader has left and fails when
// they do not fit; the messages name the limit reached (the caller names the
// file and marks the result partial).
bool takeBytes(const ReadOptions& options, ReaderResult& out, std::uint64_t n);
bool itemsLeft(const ReadOptions& options, std::size_t held);
std::string itemLimitMessage(const ReadOptions& options);
std::string byteLimitMessage(const ReadOptions& options);

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
