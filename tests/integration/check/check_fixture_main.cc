// check-fixture DIR ADVISORIES_DIR NOW: writes the `psirt-agent check`
// fixture of tests/support/check_fixture.h (for CLI tests on every preset).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/support/check_fixture.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: check-fixture DIR ADVISORIES_DIR UNIX_TIME\n");
    return 2;
  }
  const psirt::Status st = psirt::test::writeCheckFixture(argv[1], argv[2], std::strtoll(argv[3], nullptr, 10));
  if (!st) {
    std::fprintf(stderr, "check-fixture: %s\n", st.error().describe().c_str());
    return 1;
  }
  return 0;
}
