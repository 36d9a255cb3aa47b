#include "fuzz_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace fuzz_tree {
namespace {

// The names in `path`, "", "." and ".." left out (the tree stays under the root).
std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> out;
  std::string name;
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (i < path.size() && path[i] != '/') {
      name += path[i];
      continue;
    }
    if (!name.empty() && name != "." && name != "..") out.push_back(name);
    name.clear();
  }
  return out;
}

std::string replaceOut(std::string_view target, const std::string& outside) {
  std::string out;
  for (std::size_t i = 0; i < target.size();) {
    if (target.substr(i, 5) == "@OUT@") {
      out += outside;
      i += 5;
    } else {
      out += target[i++];
    }
  }
  return out;
}

// The real directory `c` in `dir` (created if missing), or -1: never through a link.
int enterDirectory(int dir, const std::string& c) {
  if (::mkdirat(dir, c.c_str(), 0755) != 0 && errno != EEXIST) return -1;
  return ::openat(dir, c.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

void makeLeaf(int dir, const Entry& e) {
  const char* name = e.components.back().c_str();
  switch (e.type) {
    case 'd': (void)::mkdirat(dir, name, 0755); break;
    case 'p': (void)::mkfifoat(dir, name, 0644); break;
    case 'l': (void)!::symlinkat(e.target.c_str(), dir, name); break;
    default: {
      const int fd = ::openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
      if (fd < 0) return;
      std::string content = "file:";
      for (const auto& c : e.components) content += "/" + c;
      (void)!::write(fd, content.data(), content.size());
      ::close(fd);
    }
  }
}

void removeAt(int dir, const char* name) {
  struct stat st{};
  if (::fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    const int fd = ::openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
      DIR* d = ::fdopendir(fd);
      if (d == nullptr) {
        ::close(fd);
      } else {
        std::vector<std::string> names;
        while (struct dirent* ent = ::readdir(d)) {
          if (std::strcmp(ent->d_name, ".") != 0 && std::strcmp(ent->d_name, "..") != 0) names.emplace_back(ent->d_name);
        }
        for (const auto& n : names) removeAt(::dirfd(d), n.c_str());
        ::closedir(d);
      }
    }
    (void)::unlinkat(dir, name, AT_REMOVEDIR);
  } else {
    (void)::unlinkat(dir, name, 0);
  }
}

}  // namespace

Spec parse(std::string_view text, const std::string& outside) {
  Spec spec;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.size() < 2 || line[1] != ' ' || line.size() > kMaxLine) continue;
    const char type = line[0];
    std::string_view rest = line.substr(2);
    if (type == 'o') {
      if (spec.opens.size() < kMaxOpens) spec.opens.emplace_back(rest);
      continue;
    }
    if (type != 'd' && type != 'f' && type != 'p' && type != 'l') continue;
    if (spec.entries.size() >= kMaxEntries) continue;
    Entry e;
    e.type = type;
    std::string_view path = rest;
    if (type == 'l') {
      const std::size_t space = rest.find(' ');
      if (space == std::string_view::npos) continue;
      path = rest.substr(0, space);
      e.target = replaceOut(rest.substr(space + 1), outside);
      if (e.target.empty()) continue;  // symlink(2) refuses an empty target anyway
    }
    e.components = split(path);
    if (e.components.empty() || e.components.size() > kMaxDepth) continue;
    spec.entries.push_back(std::move(e));
  }
  return spec;
}

void build(int root_fd, const Spec& spec) {
  for (const auto& e : spec.entries) {
    int dir = ::fcntl(root_fd, F_DUPFD_CLOEXEC, 0);
    for (std::size_t i = 0; dir >= 0 && i + 1 < e.components.size(); ++i) {
      const int next = enterDirectory(dir, e.components[i]);
      ::close(dir);
      dir = next;
    }
    if (dir < 0) continue;
    makeLeaf(dir, e);
    ::close(dir);
  }
}

void removeTree(const std::string& path) { removeAt(AT_FDCWD, path.c_str()); }

}  // namespace fuzz_tree
