// Test helper: fs_fault_child PATH SIZE BYTE
// Atomically replaces PATH with SIZE copies of BYTE, written in 64 KiB chunks
// through writeFileAtomicChunked. Run with PSIRT_FAULT=<point> to be killed
// there (see platform/fs/fault_injection.h). Exit 0 on success, 1 on error.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "platform/fs/fs.h"

int main(int argc, char** argv) {
  if (argc != 4 || argv[3][0] == '\0') {
    std::fprintf(stderr, "usage: fs_fault_child PATH SIZE BYTE\n");
    return 2;
  }
  const std::string path = argv[1];
  std::size_t remaining = std::strtoul(argv[2], nullptr, 10);
  const std::string chunk(64u << 10, argv[3][0]);
  psirt::Status st = psirt::fs::writeFileAtomicChunked(path, 0644, [&]() -> psirt::Result<std::string_view> {
    std::size_t n = remaining < chunk.size() ? remaining : chunk.size();
    remaining -= n;
    return std::string_view(chunk.data(), n);
  });
  if (!st) {
    std::fprintf(stderr, "fs_fault_child: %s\n", st.error().describe().c_str());
    return 1;
  }
  return 0;
}
