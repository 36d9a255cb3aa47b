// Corpus replay driver: used instead of libFuzzer where it is not available
// (gcc and cross builds). Runs LLVMFuzzerTestOneInput on every file of the
// directories or files given on the command line; fails if none were run.
#include <dirent.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {
int runFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  return 1;
}
}  // namespace

int main(int argc, char** argv) {
  int ran = 0;
  for (int i = 1; i < argc; ++i) {
    struct stat st{};
    if (::stat(argv[i], &st) != 0) {
      std::fprintf(stderr, "replay: cannot stat %s\n", argv[i]);
      return 1;
    }
    if (S_ISDIR(st.st_mode)) {
      DIR* d = ::opendir(argv[i]);
      while (d != nullptr) {
        struct dirent* e = ::readdir(d);
        if (e == nullptr) break;
        std::string p = std::string(argv[i]) + "/" + e->d_name;
        struct stat fst{};
        if (::stat(p.c_str(), &fst) == 0 && S_ISREG(fst.st_mode)) ran += runFile(p);
      }
      if (d != nullptr) ::closedir(d);
    } else {
      ran += runFile(argv[i]);
    }
  }
  std::printf("replay: %d inputs ran without a crash\n", ran);
  return ran > 0 ? 0 : 1;
}
