// Streaming atomic copy and durable rename (fs.h).
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "platform/fs/fd.h"
#include "platform/fs/fs.h"
#include "platform/fs/random_access.h"

namespace psirt::fs {

namespace {

// The chunks of `src` (exactly the size seen at open: a file growing
// meanwhile is cut there, one shrinking fails with a short read).
constexpr std::size_t kChunk = 64u << 10;

std::function<Result<std::string_view>()> chunksOf(RandomAccessFile& src, std::string& buf) {
  return [&src, &buf, done = std::uint64_t{0}]() mutable -> Result<std::string_view> {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, src.size() - done));
    buf.resize(n);
    if (n == 0) return std::string_view();
    PSIRT_TRY(src.readAt(done, buf.data(), n));
    done += n;
    return std::string_view(buf);
  };
}

Result<RandomAccessFile> openBounded(const std::string& from, std::uint64_t max_bytes) {
  PSIRT_ASSIGN_OR_RETURN(src, RandomAccessFile::open(from));
  if (src.size() > max_bytes) {
    return makeError(ErrorCategory::kLimit,
                     std::to_string(src.size()) + " bytes exceed the limit of " + std::to_string(max_bytes), from);
  }
  return src;
}

}  // namespace

Status copyFileAtomic(const std::string& from, const std::string& to, unsigned mode, std::uint64_t max_bytes) {
  PSIRT_ASSIGN_OR_RETURN(src, openBounded(from, max_bytes));
  std::string buf;
  return writeFileAtomicChunked(to, mode, chunksOf(src, buf));
}

Result<PreparedReplace> PreparedReplace::copyOf(const std::string& from, const std::string& to, unsigned mode,
                                                std::uint64_t max_bytes) {
  PSIRT_ASSIGN_OR_RETURN(src, openBounded(from, max_bytes));
  std::string buf;
  return prepare(to, mode, chunksOf(src, buf));
}

Status renameDurably(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return detail::ioError("rename failed", to, errno);
  const auto slash = to.rfind('/');
  return fsyncDirectory(slash == std::string::npos ? "." : (slash == 0 ? "/" : to.substr(0, slash)));
}

}  // namespace psirt::fs
