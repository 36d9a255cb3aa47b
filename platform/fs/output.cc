// Operator-named outputs and standard output (output.h).
#include "platform/fs/output.h"

#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

#include "platform/fs/fd.h"
#include "platform/fs/fs.h"

namespace psirt::fs {

namespace {

using detail::ioError;

Error refuse(const std::string& path, std::string message) {
  return makeError(ErrorCategory::kUsage, std::move(message), path);
}

std::string_view typeName(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// realpath(3) into a std::string; nullopt with errno set when it fails.
std::optional<std::string> realPath(const std::string& path) {
  std::unique_ptr<char, decltype(&std::free)> resolved(::realpath(path.c_str(), nullptr), &std::free);
  if (!resolved) return std::nullopt;
  return std::string(resolved.get());
}

bool isWithin(const std::string& path, const std::string& dir) {
  if (dir == "/") return true;
  return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/');
}

// Set once a stdout failure has been returned to a command (which reports
// it): finishStandardOutput does not report it a second time.
bool g_stdout_failed = false;

Status stdoutError(int err) {
  g_stdout_failed = true;
  return makeError(ErrorCategory::kIo, std::strerror(err != 0 ? err : EIO), "stdout", err != 0 ? err : EIO);
}

}  // namespace

Status checkOutputPath(const std::string& path, std::span<const std::string> protected_dirs) {
  if (path == kStandardOutput) return okStatus();
  if (path.empty()) return makeError(ErrorCategory::kUsage, "the output file name is empty");
  if (path.back() == '/') return refuse(path, "names a directory, not a file");
  struct stat st{};
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) {
      return refuse(path, "is a symbolic link: refusing to write through it (name the file itself)");
    }
    if (!S_ISREG(st.st_mode)) {
      return refuse(path, "is " + std::string(typeName(st.st_mode)) + ", not a regular file: refusing to replace it");
    }
  } else if (errno != ENOENT && errno != ENOTDIR) {
    return ioError("cannot check the output file", path, errno);
  }
  const auto slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base == "." || base == "..") return refuse(path, "names a directory, not a file");
  // A directory part that cannot be resolved (missing, not a directory, no
  // permission) holds nothing to destroy or protect: the write itself fails
  // there and names it, as it always did.
  const auto real_dir = realPath(dir);
  if (!real_dir) return okStatus();
  const std::string resolved = joinPath(*real_dir, base);
  for (const std::string& p : protected_dirs) {
    if (p.empty()) continue;
    const auto real_protected = realPath(p);
    if (!real_protected) continue;  // nothing there to protect
    if (isWithin(resolved, *real_protected)) {
      return refuse(path, "is inside " + p + ", which only the program itself writes: name a file outside it");
    }
  }
  return okStatus();
}

Status writeOutputFile(const std::string& path, std::string_view content, unsigned mode,
                       std::span<const std::string> protected_dirs) {
  if (path == kStandardOutput) return writeStandardOutput(content);
  PSIRT_TRY(checkOutputPath(path, protected_dirs));
  return writeFileAtomic(path, content, mode);
}

Status writeStandardOutput(std::string_view data) {
  if (data.empty()) return okStatus();
  errno = 0;
  if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size()) return stdoutError(errno);
  return okStatus();
}

Status flushStandardOutput() {
  errno = 0;
  if (std::fflush(stdout) != 0) return stdoutError(errno);
  // An earlier write failed (its bytes are gone) even if this flush did not.
  if (std::ferror(stdout)) return stdoutError(EIO);
  return okStatus();
}

Status finishStandardOutput() {
  if (g_stdout_failed) {
    std::fclose(stdout);  // fails again; already reported by the command
    return okStatus();
  }
  PSIRT_TRY(flushStandardOutput());
  errno = 0;
  if (std::fclose(stdout) != 0) return stdoutError(errno);
  return okStatus();
}

}  // namespace psirt::fs
