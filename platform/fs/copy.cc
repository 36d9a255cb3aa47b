// Streaming atomic copy and durable rename (fs.h).
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "platform/fs/fd.h"
#include "platform/fs/fs.h"
#include "platform/fs/random_access.h"

namespace psirt::fs {

Status copyFileAtomic(const std::string& from, const std::string& to, unsigned mode, std::uint64_t max_bytes) {
  constexpr std::size_t kChunk = 64u << 10;
  PSIRT_ASSIGN_OR_RETURN(src, RandomAccessFile::open(from));
  if (src.size() > max_bytes) {
    return makeError(ErrorCategory::kLimit,
                     std::to_string(src.size()) + " bytes exceed the limit of " + std::to_string(max_bytes), from);
  }
  // Exactly the size seen at open: a file growing meanwhile is cut there, one
  // shrinking fails with a short read.
  std::uint64_t done = 0;
  std::string buf;
  return writeFileAtomicChunked(to, mode, [&]() -> Result<std::string_view> {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, src.size() - done));
    buf.resize(n);
    if (n == 0) return std::string_view();
    PSIRT_TRY(src.readAt(done, buf.data(), n));
    done += n;
    return std::string_view(buf);
  });
}

Status renameDurably(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return detail::ioError("rename failed", to, errno);
  const auto slash = to.rfind('/');
  return fsyncDirectory(slash == std::string::npos ? "." : (slash == 0 ? "/" : to.substr(0, slash)));
}

}  // namespace psirt::fs
