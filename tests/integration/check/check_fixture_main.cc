// check-fixture DIR ADVISORIES_DIR NOW: writes the `psirt-agent check`
// fixture of tests/support/check_fixture.h (for CLI tests on every preset).
// check-fixture --directory DIR ADVISORIES_DIR NOW: only DIR/root.json and
// DIR/repo/ holding every file of ADVISORIES_DIR (writeDirectoryRepository).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/support/check_fixture.h"

int main(int argc, char** argv) {
  const bool directory = argc == 5 && std::string(argv[1]) == "--directory";
  if (argc != 4 && !directory) {
    std::fprintf(stderr, "usage: check-fixture [--directory] DIR ADVISORIES_DIR UNIX_TIME\n");
    return 2;
  }
  char** a = argv + (directory ? 1 : 0);
  const std::int64_t now = std::strtoll(a[3], nullptr, 10);
  const psirt::Status st = directory ? psirt::test::writeDirectoryRepository(a[1], a[2], now)
                                     : psirt::test::writeCheckFixture(a[1], a[2], now);
  if (!st) {
    std::fprintf(stderr, "check-fixture: %s\n", st.error().describe().c_str());
    return 1;
  }
  return 0;
}
