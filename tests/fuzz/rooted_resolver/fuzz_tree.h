// A small file tree described by a fuzz input, built in a real directory
// (the rooted resolver's fuzzer). One line per entry:
//   d PATH           a directory
//   f PATH           a regular file holding "file:PATH"
//   p PATH           a FIFO
//   l PATH TARGET    a symbolic link; TARGET is the rest of the line, taken
//                    as is (absolute, "..", loops) except that "@OUT@" is
//                    replaced by the absolute path of a directory OUTSIDE the
//                    root that holds real files (outside/secret,
//                    outside/dir/secret)
//   o PATH           a path to resolve inside the root (several allowed)
// Other lines are ignored. PATHs of d/f/p/l are relative to the root; "",
// "." and ".." components are dropped, so building never leaves the root, and
// an entry whose parent is not a real directory (a link, a file) is skipped:
// creating never follows a symbolic link. Bounds keep one input cheap: at
// most kMaxEntries entries, kMaxOpens paths, kMaxDepth components, lines of
// at most kMaxLine bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz_tree {

inline constexpr std::size_t kMaxEntries = 48;
inline constexpr std::size_t kMaxOpens = 8;
inline constexpr std::size_t kMaxDepth = 8;
inline constexpr std::size_t kMaxLine = 512;

struct Entry {
  char type = 'f';                      // d, f, p or l
  std::vector<std::string> components;  // never empty, never "." or ".."
  std::string target;                   // l only
};

struct Spec {
  std::vector<Entry> entries;
  std::vector<std::string> opens;  // as written (may start with '/', hold "..")
};

// Parses the description; `outside` replaces "@OUT@" in link targets.
Spec parse(std::string_view text, const std::string& outside);

// Creates the entries under the directory `root_fd` (an O_DIRECTORY fd),
// creating missing parent directories; entries that cannot be made are skipped.
void build(int root_fd, const Spec& spec);

// Removes `path` and everything under it without following any link.
void removeTree(const std::string& path);

}  // namespace fuzz_tree
