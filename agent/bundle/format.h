// The offline bundle container (docs/formats/bundle.md): constants, limits and
// the entry-name rule shared by BundleWriter and BundleReader.
//
//   header  "PSIRTBDL" | u16 version (1) | u16 flags (0) | u32 entry count
//   entry   u16 name length | name | u64 content length | 32-byte SHA-256 | content
//   trailer "PSBTRAIL"  (the file ends right after it)
// All integers big-endian. The container is not trusted: TUF verifies every
// byte the updater uses; the SHA-256 only turns accidental corruption into a
// clear "corrupt bundle" error instead of a trust failure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "platform/error/result.h"

namespace psirt::bundle {

inline constexpr std::string_view kMagic = "PSIRTBDL";
inline constexpr std::string_view kTrailer = "PSBTRAIL";
inline constexpr std::uint16_t kFormatVersion = 1;
inline constexpr std::size_t kHeaderSize = 16;
inline constexpr std::size_t kDigestSize = 32;
// u16 name length + u64 content length + digest (name and content excluded).
inline constexpr std::size_t kEntryFixedSize = 2 + 8 + kDigestSize;

struct Limits {
  std::uint64_t max_bundle_bytes = std::uint64_t{2} << 30;  // 2 GiB
  std::uint32_t max_entries = 100000;
  std::size_t max_name_bytes = 1024;
  std::size_t max_total_name_bytes = std::size_t{16} << 20;  // bounds the in-memory index
};

// A relative TUF file name ("metadata/1.root.json", "targets/a/b.json"):
// non-empty, at most max_name_bytes, '/'-separated components that are
// neither empty, "." nor "..", no backslash, NUL or other control byte
// (< 0x20, 0x7f). Error (kParse) names the rule broken; context = the name
// with control bytes escaped.
Status validateName(std::string_view name, std::size_t max_name_bytes);

// The name made printable for error messages (log::oneLine, capped at 200 bytes).
std::string printableName(std::string_view name);

}  // namespace psirt::bundle
