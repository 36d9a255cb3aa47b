#include "platform/fs/rooted.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <deque>
#include <utility>

#include "platform/fs/fd.h"
#include "platform/fs/read_open.h"

// openat2(2) is called directly (glibc has no wrapper); its number is the
// same on every architecture (the unified syscall table), and the struct is
// spelled out so older kernel headers (cross toolchains) still build.
#ifndef SYS_openat2
#define SYS_openat2 437
#endif

namespace psirt::fs {

namespace {

using detail::Fd;
using detail::ioError;

struct OpenHow {
  std::uint64_t flags;
  std::uint64_t mode;
  std::uint64_t resolve;
};
constexpr std::uint64_t kResolveNoMagicLinks = 0x02;
constexpr std::uint64_t kResolveInRoot = 0x10;

constexpr int kMaxSymlinks = 40;  // MAXSYMLINKS, as the kernel

// 1 = works, 0 = unknown, -1 = not on this kernel (or filtered).
std::atomic<int> g_openat2{0};

// openat2 in root: the fd, or -1 with errno; errno ENOSYS when unusable.
int openat2InRoot(int root, const char* path, int flags) {
  if (g_openat2.load(std::memory_order_relaxed) < 0) {
    errno = ENOSYS;
    return -1;
  }
  OpenHow how{static_cast<std::uint64_t>(flags | O_CLOEXEC), 0, kResolveInRoot | kResolveNoMagicLinks};
  for (int attempt = 0;; ++attempt) {
    const long r = ::syscall(SYS_openat2, root, path, &how, sizeof how);
    if (r >= 0) {
      g_openat2.store(1, std::memory_order_relaxed);
      return static_cast<int>(r);
    }
    // EAGAIN: the kernel saw a concurrent rename/mount and refused to guess.
    if (errno == EAGAIN && attempt < 3) continue;
    if (errno == ENOSYS || errno == EPERM || errno == E2BIG || errno == EINVAL) {
      g_openat2.store(-1, std::memory_order_relaxed);
      errno = ENOSYS;
    }
    if (errno == EAGAIN) errno = ENOSYS;  // give the portable walk a try
    return -1;
  }
}

// The components of `path`, "" and "." dropped, except that a path ending in
// "/" or "/." keeps one final ".": as for the kernel, the component before it
// must then be a directory ("file/" is ENOTDIR, "link-to-file/" too).
std::deque<std::string> components(std::string_view path) {
  std::deque<std::string> out;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view c = path.substr(pos, slash - pos);
    if (!c.empty() && c != ".") out.emplace_back(c);
    pos = slash + 1;
  }
  const bool dir_suffix = path.ends_with('/') || path.ends_with("/.");
  if (dir_suffix && !out.empty()) out.emplace_back(".");
  return out;
}

// The portable resolver's result: the directory holding the last component
// (every component before it resolved inside the root), that component's
// name ("." for the root itself) and the canonical path of the directory.
struct Walked {
  Fd dir;
  std::string leaf;
  std::string canonical_dir;  // "" = the root
};

struct Walker {
  int root;
  std::vector<Fd> dirs;          // the directories entered, below the root
  std::vector<std::string> names;
  int links = 0;

  int current() const { return dirs.empty() ? root : dirs.back().get(); }

  // Replaces the symlink `name` in the current directory by its target.
  int splice(const std::string& name, std::deque<std::string>& pending) {
    if (++links > kMaxSymlinks) return ELOOP;
    char buf[PATH_MAX];
    const ssize_t n = ::readlinkat(current(), name.c_str(), buf, sizeof buf);
    if (n < 0) return errno;
    if (static_cast<std::size_t>(n) >= sizeof buf) return ENAMETOOLONG;
    const std::string_view target(buf, static_cast<std::size_t>(n));
    if (!target.empty() && target.front() == '/') {  // absolute: from the root of the image
      dirs.clear();
      names.clear();
    }
    auto parts = components(target);
    pending.insert(pending.begin(), parts.begin(), parts.end());
    return 0;
  }

  // 0 or an errno.
  int run(std::string_view relative, Walked& out) {
    std::deque<std::string> pending = components(relative);
    while (!pending.empty()) {
      std::string c = std::move(pending.front());
      pending.pop_front();
      if (c == ".") {  // a "dir/" marker (components()): the directory itself when last
        if (pending.empty()) return finish(".", out);
        continue;
      }
      if (c == "..") {  // clamped at the root
        if (!dirs.empty()) { dirs.pop_back(); names.pop_back(); }
        continue;
      }
      struct stat st{};
      if (::fstatat(current(), c.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT && pending.empty()) return finish(std::move(c), out);
        return errno;
      }
      if (S_ISLNK(st.st_mode)) {
        if (int e = splice(c, pending); e != 0) return e;
        continue;
      }
      if (pending.empty()) return finish(std::move(c), out);
      if (!S_ISDIR(st.st_mode)) return ENOTDIR;
      Fd next(::openat(current(), c.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (next.get() < 0) return errno;
      dirs.push_back(std::move(next));
      names.push_back(std::move(c));
    }
    return finish(".", out);
  }

  int finish(std::string leaf, Walked& out) {
    out.dir = Fd(::fcntl(current(), F_DUPFD_CLOEXEC, 0));
    if (out.dir.get() < 0) return errno;
    out.leaf = std::move(leaf);
    out.canonical_dir.clear();
    for (const auto& n : names) {
      if (!out.canonical_dir.empty()) out.canonical_dir.push_back('/');
      out.canonical_dir += n;
    }
    return 0;
  }
};

std::string stripped(std::string_view relative) {
  while (!relative.empty() && relative.front() == '/') relative.remove_prefix(1);
  return relative.empty() ? std::string(".") : std::string(relative);
}

// The lexical parent and last name of a relative path ("a/b/c" -> "a/b", "c").
std::pair<std::string, std::string> splitLast(const std::string& rel) {
  const auto slash = rel.rfind('/');
  if (slash == std::string::npos) return {".", rel};
  return {rel.substr(0, slash), rel.substr(slash + 1)};
}

// A path is a C string for the kernel: a NUL would cut it there for openat2
// but not for the portable walk. No file name holds one, so refuse it.
Status noNul(const RootDir& root, std::string_view relative) {
  const auto nul = relative.find('\0');
  if (nul == std::string_view::npos) return okStatus();
  return makeError(ErrorCategory::kUsage, "path holds a NUL byte", root.shown(relative.substr(0, nul)), EINVAL);
}

}  // namespace

Result<RootDir> RootDir::open(const std::string& dir, Resolver resolver) {
  if (dir.empty()) return makeError(ErrorCategory::kUsage, "empty root directory path");
  Fd fd(::open(dir.c_str(), O_PATH | O_CLOEXEC));
  if (fd.get() < 0) return ioError("cannot open the root directory", dir, errno);
  struct stat st{};
  if (::fstat(fd.get(), &st) != 0) return ioError("cannot stat the root directory", dir, errno);
  if (!S_ISDIR(st.st_mode)) {
    return makeError(ErrorCategory::kIo, "not a directory (" + std::string(detail::fileTypeName(st.st_mode)) + ")",
                     dir, ENOTDIR);
  }
  return RootDir(fd.release(), dir, resolver);
}

RootDir::RootDir(RootDir&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)), resolver_(other.resolver_) {}

RootDir& RootDir::operator=(RootDir&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    resolver_ = other.resolver_;
  }
  return *this;
}

RootDir::~RootDir() {
  if (fd_ >= 0) ::close(fd_);
}

std::string RootDir::shown(std::string_view relative) const {
  while (!relative.empty() && relative.front() == '/') relative.remove_prefix(1);
  return joinPath(path_, relative);
}

bool RootDir::kernelResolvesInRoot() {
  Fd fd(openat2InRoot(AT_FDCWD, "/", O_PATH));
  return fd.get() >= 0;
}

Result<int> RootDir::openIn(std::string_view relative, int flags) const {
  PSIRT_TRY(noNul(*this, relative));
  const std::string rel = stripped(relative);
  if (resolver_ == Resolver::kAuto) {
    const int fd = openat2InRoot(fd_, rel.c_str(), flags);
    if (fd >= 0) return fd;
    if (errno != ENOSYS) return ioError("cannot open", shown(rel), errno);
  }
  Walker walker{fd_, {}, {}, 0};
  Walked w;
  if (int e = walker.run(rel, w); e != 0) return ioError("cannot open", shown(rel), e);
  const int fd = ::openat(w.dir.get(), w.leaf.c_str(), flags | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return ioError("cannot open", shown(rel), errno);
  return fd;
}

Result<RootDir::Kind> RootDir::kind(std::string_view relative) const {
  const std::string rel = stripped(relative);
  auto fd = openIn(rel, O_PATH);
  if (!fd) {
    const int e = fd.error().code;
    if (e == ELOOP) {
      return makeError(ErrorCategory::kIo, "symbolic link loop (or a link through /proc) inside the root", shown(rel), e);
    }
    if (e != ENOENT && e != ENOTDIR) return fd.error();
    // Missing, or a link whose target is missing inside the root?
    auto [parent, name] = splitLast(rel);
    if (name == "." || name == "..") return Kind::kMissing;
    auto dir = openIn(parent, O_PATH | O_DIRECTORY);
    if (!dir) return Kind::kMissing;
    Fd d(*dir);
    struct stat st{};
    if (::fstatat(d.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
      return Kind::kDanglingLink;
    }
    return Kind::kMissing;
  }
  Fd f(*fd);
  struct stat st{};
  if (::fstat(f.get(), &st) != 0) return ioError("cannot stat", shown(rel), errno);
  if (S_ISREG(st.st_mode)) return Kind::kRegular;
  if (S_ISDIR(st.st_mode)) return Kind::kDirectory;
  return Kind::kOther;
}

namespace {

// One error line for a path that cannot be opened inside a root.
Error explain(const RootDir& root, const std::string& rel, const Error& raw) {
  auto k = root.kind(rel);
  if (!k) return k.error();
  if (*k == RootDir::Kind::kDanglingLink) {
    return makeError(ErrorCategory::kIo, "symbolic link whose target does not exist inside the root " + root.path(),
                     root.shown(rel), ENOENT);
  }
  return raw;
}

}  // namespace

Result<std::string> RootDir::readFile(std::string_view relative, std::size_t max_bytes) const {
  std::string out;
  PSIRT_TRY(readChunks(relative, 1 << 16, max_bytes, [&](std::span<const std::uint8_t> chunk) {
    if (out.capacity() == 0) out.reserve(std::min<std::size_t>(max_bytes, 1 << 16));
    out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
    return okStatus();
  }));
  return out;
}

Result<int> RootDir::openRegular(std::string_view relative, std::uint64_t* size_out) const {
  const std::string rel = stripped(relative);
  const std::string where = shown(rel);
  // The type first, through an O_PATH descriptor (opening nothing): a FIFO,
  // device or socket is refused before any open that could block or act.
  auto probe = openIn(rel, O_PATH);
  if (!probe) return explain(*this, rel, probe.error());
  Fd p(*probe);
  struct stat before{};
  if (::fstat(p.get(), &before) != 0) return ioError("cannot stat", where, errno);
  if (!S_ISREG(before.st_mode)) return detail::notRegular(before.st_mode, where);
  auto opened = openIn(rel, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  if (!opened) return explain(*this, rel, opened.error());
  Fd fd(*opened);
  struct stat after{};
  if (::fstat(fd.get(), &after) != 0) return ioError("cannot stat", where, errno);
  if (!S_ISREG(after.st_mode)) return detail::notRegular(after.st_mode, where);
  if (after.st_dev != before.st_dev || after.st_ino != before.st_ino) {
    return makeError(ErrorCategory::kIo, "replaced while being opened", where);
  }
  if (size_out != nullptr) *size_out = static_cast<std::uint64_t>(after.st_size);
  return fd.release();
}

Status RootDir::readChunks(std::string_view relative, std::size_t chunk_size, std::uint64_t max_bytes,
                           const std::function<Status(std::span<const std::uint8_t>)>& on_chunk) const {
  PSIRT_ASSIGN_OR_RETURN(raw, openRegular(relative, nullptr));
  Fd fd(raw);
  return detail::readFdChunks(fd.get(), shown(stripped(relative)), chunk_size, max_bytes, on_chunk);
}

Result<RandomAccessFile> RootDir::openRandomAccess(std::string_view relative) const {
  std::uint64_t size = 0;
  PSIRT_ASSIGN_OR_RETURN(raw, openRegular(relative, &size));
  return RandomAccessFile(raw, size, shown(stripped(relative)));
}

Result<std::vector<DirEntry>> RootDir::listDirectory(std::string_view relative) const {
  const std::string rel = stripped(relative);
  auto fd = openIn(rel, O_RDONLY | O_DIRECTORY | O_NONBLOCK);
  if (!fd && fd.error().code == ENOTDIR) {  // name what is there instead
    if (auto probe = openIn(rel, O_PATH)) {
      Fd p(*probe);
      struct stat st{};
      if (::fstat(p.get(), &st) == 0 && !S_ISDIR(st.st_mode)) {
        return makeError(ErrorCategory::kIo,
                         "cannot list directory: not a directory (" + std::string(detail::fileTypeName(st.st_mode)) + ")",
                         shown(rel), ENOTDIR);
      }
    }
  }
  if (!fd) {
    Error e = explain(*this, rel, fd.error());
    return makeError(e.category, "cannot list directory: " + e.message, e.context, e.code);
  }
  return detail::listDirectoryFd(*fd, shown(rel));
}

Result<std::string> RootDir::canonical(std::string_view relative) const {
  PSIRT_TRY(noNul(*this, relative));
  const std::string rel = stripped(relative);
  Walker walker{fd_, {}, {}, 0};
  Walked w;
  if (int e = walker.run(rel, w); e != 0) return ioError("cannot resolve", shown(rel), e);
  if (w.leaf == ".") return w.canonical_dir;
  return w.canonical_dir.empty() ? w.leaf : w.canonical_dir + "/" + w.leaf;
}

}  // namespace psirt::fs
