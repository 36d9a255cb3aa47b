// Confined writes inside a RootDir (rooted.h): every operation works on the
// descriptor of the directory holding the file, resolved inside the root, and
// never follows the last component.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <random>

#include "platform/fs/fault_injection.h"
#include "platform/fs/fd.h"
#include "platform/fs/read_open.h"
#include "platform/fs/rooted.h"
#include "platform/fs/temp_files.h"

namespace psirt::fs {

namespace {

using detail::Fd;
using detail::ioError;

constexpr int kMaxCreateAttempts = 16;

Status writeAll(int fd, std::string_view data, const std::string& shown) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ioError("write failed", shown, errno);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return okStatus();
}

std::string randomSuffix() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  static thread_local std::mt19937_64 gen{std::random_device{}()};
  std::string s(6, 'x');
  for (char& c : s) c = kAlphabet[gen() % (sizeof kAlphabet - 1)];
  return s;
}

// Refuses anything but a regular file (or nothing) at `name` in `dir`.
Status mustBeRegularOrMissing(int dir, const std::string& name, const std::string& shown) {
  struct stat st{};
  if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return okStatus();
    return ioError("cannot stat", shown, errno);
  }
  if (!S_ISREG(st.st_mode)) return detail::notRegular(st.st_mode, shown);
  return okStatus();
}

// A fresh temp file "<name>.tmp.XXXXXX" in `dir`, created O_EXCL|O_NOFOLLOW
// and flock-held (the cleaner's rule: a locked temp is alive).
Result<Fd> createLockedTempAt(int dir, const std::string& name, const std::string& shown, std::string* tmp) {
  for (int attempt = 0; attempt < kMaxCreateAttempts; ++attempt) {
    std::string candidate = name + ".tmp." + randomSuffix();
    Fd fd(::openat(dir, candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (fd.get() < 0) {
      if (errno == EEXIST) continue;
      return ioError("cannot create temporary file", shown, errno);
    }
    if (detail::lockExclusive(fd.get(), true) != 0) {
      const int e = errno;
      ::unlinkat(dir, candidate.c_str(), 0);
      return ioError("cannot lock temporary file", shown, e);
    }
    *tmp = std::move(candidate);
    return fd;
  }
  return makeError(ErrorCategory::kIo, "cannot create a unique temporary file", shown);
}

}  // namespace

Result<std::pair<int, std::string>> RootDir::openParent(std::string_view relative) const {
  std::string rel(relative);
  while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
  while (!rel.empty() && rel.back() == '/') rel.pop_back();
  const auto slash = rel.rfind('/');
  std::string parent = slash == std::string::npos ? "." : rel.substr(0, slash);
  std::string name = slash == std::string::npos ? rel : rel.substr(slash + 1);
  if (name.empty() || name == "." || name == "..") {
    return makeError(ErrorCategory::kUsage, "not a file path", shown(rel));
  }
  auto fd = openIn(parent, O_RDONLY | O_DIRECTORY);
  if (!fd) {
    return makeError(ErrorCategory::kIo, "cannot open its directory: " + fd.error().message, shown(rel),
                     fd.error().code);
  }
  return std::make_pair(*fd, std::move(name));
}

Result<std::optional<RootDir::FileInfo>> RootDir::statRegular(std::string_view relative) const {
  PSIRT_ASSIGN_OR_RETURN(parent, openParent(relative));
  Fd dir(parent.first);
  const std::string where = shown(relative);
  struct stat st{};
  if (::fstatat(dir.get(), parent.second.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return std::optional<FileInfo>();
    return ioError("cannot stat", where, errno);
  }
  if (!S_ISREG(st.st_mode)) return detail::notRegular(st.st_mode, where);
  return std::optional<FileInfo>(FileInfo{static_cast<std::uint32_t>(st.st_mode & 07777), st.st_uid, st.st_gid,
                                          static_cast<std::uint64_t>(st.st_size)});
}

Result<std::string> RootDir::readRegular(std::string_view relative, std::size_t max_bytes) const {
  PSIRT_ASSIGN_OR_RETURN(parent, openParent(relative));
  Fd dir(parent.first);
  const std::string where = shown(relative);
  struct stat st{};
  auto fd = detail::openRegularAt(dir.get(), parent.second.c_str(), true, where, &st);
  if (!fd) {
    // openRegularAt says "is a symbolic link (refused here)": name the type as the writers do.
    if (fd.error().code == ELOOP) return detail::notRegular(S_IFLNK, where);
    return fd.error();
  }
  return detail::readFdWhole(fd->get(), where, max_bytes, static_cast<std::uint64_t>(st.st_size));
}

Status RootDir::replaceRegular(std::string_view relative, std::string_view content,
                               const WriteOptions& options) const {
  PSIRT_ASSIGN_OR_RETURN(parent, openParent(relative));
  Fd dir(parent.first);
  const std::string& name = parent.second;
  const std::string where = shown(relative);
  PSIRT_TRY(mustBeRegularOrMissing(dir.get(), name, where));
  detail::removeAbandonedTempsAt(dir.get(), name);
  std::string tmp;
  PSIRT_ASSIGN_OR_RETURN(fd, createLockedTempAt(dir.get(), name, where, &tmp));
  auto fail = [&](Error e) -> Error {
    ::unlinkat(dir.get(), tmp.c_str(), 0);
    return e;
  };
  if (Status st = writeAll(fd.get(), content, where); !st) return fail(st.error());
  PSIRT_FAULT_POINT("rooted_write.written");
  if (options.uid || options.gid) {
    const uid_t uid = options.uid ? static_cast<uid_t>(*options.uid) : static_cast<uid_t>(-1);
    const gid_t gid = options.gid ? static_cast<gid_t>(*options.gid) : static_cast<gid_t>(-1);
    if (::fchown(fd.get(), uid, gid) != 0) return fail(ioError("chown failed", where, errno));
  }
  // After fchown: chown clears set-user/group-ID bits.
  if (::fchmod(fd.get(), static_cast<mode_t>(options.mode & 07777)) != 0) {
    return fail(ioError("chmod failed", where, errno));
  }
  if (::fsync(fd.get()) != 0) return fail(ioError("fsync failed", where, errno));
  PSIRT_FAULT_POINT("rooted_write.before_rename");
  if (Status st = mustBeRegularOrMissing(dir.get(), name, where); !st) return fail(st.error());
  if (::renameat(dir.get(), tmp.c_str(), dir.get(), name.c_str()) != 0) {
    return fail(ioError("rename failed", where, errno));
  }
  fd.reset();
  PSIRT_FAULT_POINT("rooted_write.before_dir_fsync");
  if (::fsync(dir.get()) != 0) return ioError("fsync of directory failed", where, errno);
  return okStatus();
}

Status RootDir::removeRegular(std::string_view relative) const {
  PSIRT_ASSIGN_OR_RETURN(parent, openParent(relative));
  Fd dir(parent.first);
  const std::string where = shown(relative);
  struct stat st{};
  if (::fstatat(dir.get(), parent.second.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return okStatus();
    return ioError("cannot stat", where, errno);
  }
  if (!S_ISREG(st.st_mode)) return detail::notRegular(st.st_mode, where);
  PSIRT_FAULT_POINT("rooted_write.before_unlink");
  if (::unlinkat(dir.get(), parent.second.c_str(), 0) != 0 && errno != ENOENT) {
    return ioError("cannot remove", where, errno);
  }
  if (::fsync(dir.get()) != 0) return ioError("fsync of directory failed", where, errno);
  return okStatus();
}

void RootDir::removeAbandonedTemps(std::string_view relative) const {
  auto parent = openParent(relative);
  if (!parent) return;
  Fd dir(parent->first);
  detail::removeAbandonedTempsAt(dir.get(), parent->second);
}

}  // namespace psirt::fs
