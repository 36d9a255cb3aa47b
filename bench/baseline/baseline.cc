// psirt-bench-baseline: the fixed baseline program of the `check` budget
// (docs/design.md#budgets): for every target file, mmap it, SHA-256 it (platform/crypto)
// and parse it once with the JSON engine's plain DOM parse (agent/json/reference.h). `check` must stay within 2x of this
// program's wall time on the same machine in the same run.
//
// usage: psirt-bench-baseline [--hash-only] DIR LIST
// LIST holds one path per line, relative to DIR (the workload's targets.txt
// and repo/). Prints "<files> files, <bytes> bytes, <objects> objects".
// Exit 1 (one line naming the file) if a file cannot be read or parsed.
// --hash-only skips the parse: "SHA-256 of all targets", the floor of the
// TUF refresh benchmark (bench/tuf/run.sh).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "agent/json/reference.h"
#include "platform/crypto/crypto.h"

namespace {

int fail(const std::string& path, const std::string& what) {
  std::fprintf(stderr, "psirt-bench-baseline: %s: %s\n", path.c_str(), what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const bool hash_only = argc == 4 && std::string(argv[1]) == "--hash-only";
  if (argc != (hash_only ? 4 : 3)) {
    std::fprintf(stderr, "usage: psirt-bench-baseline [--hash-only] DIR LIST\n");
    return 2;
  }
  const std::string dir = argv[hash_only ? 2 : 1];
  const char* list_path = argv[hash_only ? 3 : 2];
  std::ifstream list(list_path);
  if (!list) return fail(list_path, std::strerror(errno));
  std::size_t files = 0, bytes = 0, objects = 0;
  unsigned char fold = 0;
  std::string line;
  while (std::getline(list, line)) {
    if (line.empty()) continue;
    const std::string path = dir + "/" + line;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(path, std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size <= 0) return fail(path, "empty or unreadable");
    const auto size = static_cast<std::size_t>(st.st_size);
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) return fail(path, std::strerror(errno));
    const auto* p = static_cast<const std::uint8_t*>(map);
    const auto digest = psirt::crypto::sha256(psirt::crypto::ByteView(p, size));
    fold = static_cast<unsigned char>(fold ^ digest[0]);
    if (!hash_only) {
      const auto count = psirt::json::reference::parseAndCount(
          std::string_view(reinterpret_cast<const char*>(p), size));
      if (!count) return fail(path, "not JSON");
      objects += *count;
    }
    ::munmap(map, size);
    ++files;
    bytes += size;
  }
  std::printf("%zu files, %zu bytes, %zu objects (digest fold %02x)\n", files, bytes, objects, fold);
  return 0;
}
