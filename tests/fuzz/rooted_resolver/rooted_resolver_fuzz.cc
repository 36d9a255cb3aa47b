// Property fuzzer of the image-root resolver (platform/fs/rooted.h). Each
// input describes a small tree (fuzz_tree.h: directories, files, FIFOs,
// symbolic links with any target: absolute, ".."-laden, loops, links to a
// real directory outside the root) and paths to resolve. The tree is built
// in a fresh directory `root` beside `outside` (real files a broken resolver
// would reach); every path is resolved by both resolvers (openat2
// RESOLVE_IN_ROOT, the portable walk), and the input aborts unless:
//   1. whatever is opened is inside the root: the descriptor's
//      /proc/self/fd link is under realpath(root), and its bytes are one of
//      the tree's own files ("file:/...");
//   2. the resolvers agree: the same file (st_dev, st_ino) or the same
//      refusal (same errno, same message) for openRandomAccess, kind and
//      listDirectory (same entries);
//   3. canonical(path), when it succeeds, has no "." / ".." / empty
//      component and names the same file without any link;
//   4. no input turns the kernel resolver off for the rest of the process.
// Where the kernel has no openat2 RESOLVE_IN_ROOT, only 1 and 3 are checked
// (both resolvers are then the portable walk).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_tree.h"
#include "platform/fs/rooted.h"

namespace {

using psirt::fs::RootDir;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  std::fprintf(stderr, "rooted_resolver_fuzz: path '%s': %s\n", path.c_str(), what.c_str());
  std::abort();
}

struct Base {
  std::string dir, root, outside;
  bool kernel = false;  // openat2 RESOLVE_IN_ROOT available at start
};

void writeFile(const std::string& path, std::string_view text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) std::abort();
  if (::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) std::abort();
  ::close(fd);
}

const Base& base() {
  static const Base b = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/psirt-rooted-fuzz.XXXXXX";
    if (::mkdtemp(templ.data()) == nullptr) std::abort();
    char real[PATH_MAX];
    if (::realpath(templ.c_str(), real) == nullptr) std::abort();
    Base out{real, std::string(real) + "/root", std::string(real) + "/outside", RootDir::kernelResolvesInRoot()};
    if (::mkdir(out.outside.c_str(), 0755) != 0 || ::mkdir((out.outside + "/dir").c_str(), 0755) != 0) std::abort();
    writeFile(out.outside + "/secret", "outside:secret");
    writeFile(out.outside + "/dir/secret", "outside:dir/secret");
    std::atexit([] { fuzz_tree::removeTree(base().dir); });
    return out;
  }();
  return b;
}

// The file behind `fd`: inside the root, and one the tree built.
void checkInside(int fd, const std::string& path) {
  char link[PATH_MAX];
  const std::string proc = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t n = ::readlink(proc.c_str(), link, sizeof link - 1);
  if (n < 0) fail(path, "cannot read " + proc);
  const std::string target(link, static_cast<std::size_t>(n));
  const std::string& root = base().root;
  if (target != root && target.compare(0, root.size() + 1, root + "/") != 0) fail(path, "opened " + target);
  char head[5] = {};
  if (::pread(fd, head, sizeof head, 0) != static_cast<ssize_t>(sizeof head) || std::string_view(head, 5) != "file:") {
    fail(path, "opened a file the tree did not build: " + target);
  }
}

std::string describe(const psirt::Error& e) { return e.describe() + " (errno " + std::to_string(e.code) + ")"; }

template <typename T>
void sameOutcome(const std::string& path, const char* op, const psirt::Result<T>& a, const psirt::Result<T>& b) {
  if (a.ok() != b.ok()) {
    fail(path, std::string(op) + ": openat2 " + (a ? "succeeds" : "fails: " + describe(a.error())) +
                   ", portable walk " + (b ? "succeeds" : "fails: " + describe(b.error())));
  }
  if (!a.ok() && (a.error().code != b.error().code || a.error().describe() != b.error().describe())) {
    fail(path, std::string(op) + ": openat2 fails: " + describe(a.error()) + "; portable: " + describe(b.error()));
  }
}

void checkPath(const RootDir& kernel, const RootDir& portable, const std::string& path) {
  auto a = kernel.openRandomAccess(path);
  auto b = portable.openRandomAccess(path);
  if (a) checkInside(a->descriptor(), path);
  if (b) checkInside(b->descriptor(), path);
  sameOutcome(path, "open", a, b);
  struct stat sa{}, sb{};
  if (a && (::fstat(a->descriptor(), &sa) != 0 || ::fstat(b->descriptor(), &sb) != 0 || sa.st_dev != sb.st_dev ||
            sa.st_ino != sb.st_ino)) {
    fail(path, "open: the resolvers opened different files");
  }

  auto ka = kernel.kind(path);
  auto kb = portable.kind(path);
  sameOutcome(path, "kind", ka, kb);
  if (ka && *ka != *kb) fail(path, "kind: " + std::to_string(static_cast<int>(*ka)) + " vs " +
                                       std::to_string(static_cast<int>(*kb)));

  auto la = kernel.listDirectory(path);
  auto lb = portable.listDirectory(path);
  sameOutcome(path, "listDirectory", la, lb);
  if (la) {
    if (la->size() != lb->size()) fail(path, "listDirectory: different entries");
    for (std::size_t i = 0; i < la->size(); ++i) {
      if ((*la)[i].name != (*lb)[i].name) fail(path, "listDirectory: different entries");
    }
  }

  auto canon = portable.canonical(path);
  if (!canon) return;
  if (!canon->empty()) {
    for (std::size_t pos = 0; pos <= canon->size();) {
      std::size_t slash = canon->find('/', pos);
      if (slash == std::string::npos) slash = canon->size();
      const std::string_view c(canon->data() + pos, slash - pos);
      if (c.empty() || c == "." || c == "..") fail(path, "canonical '" + *canon + "' has an empty, . or .. component");
      pos = slash + 1;
    }
  }
  if (a) {  // the canonical path leads, link-free, to the same file
    const std::string full = base().root + (canon->empty() ? "" : "/" + *canon);
    struct stat sc{};
    if (::lstat(full.c_str(), &sc) != 0 || !S_ISREG(sc.st_mode) || sc.st_dev != sa.st_dev || sc.st_ino != sa.st_ino) {
      fail(path, "canonical '" + *canon + "' is not the opened file");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Base& b = base();
  const auto spec = fuzz_tree::parse(std::string_view(reinterpret_cast<const char*>(data), size), b.outside);
  if (spec.opens.empty()) return 0;
  fuzz_tree::removeTree(b.root);
  if (::mkdir(b.root.c_str(), 0755) != 0) std::abort();
  const int root_fd = ::open(b.root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) std::abort();
  fuzz_tree::build(root_fd, spec);
  ::close(root_fd);

  auto kernel = RootDir::open(b.root, RootDir::Resolver::kAuto);
  auto portable = RootDir::open(b.root, RootDir::Resolver::kPortable);
  if (!kernel || !portable) std::abort();
  for (const auto& path : spec.opens) {
    if (b.kernel) {
      checkPath(*kernel, *portable, path);
    } else {
      checkPath(*portable, *portable, path);
    }
  }
  if (b.kernel && !RootDir::kernelResolvesInRoot()) fail(spec.opens.back(), "the kernel resolver was turned off");
  fuzz_tree::removeTree(b.root);
  return 0;
}
