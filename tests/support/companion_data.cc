// conformanceDir() / realCsafDir(): the companion test data (README
// "Companion test data", tests/companion_data.cmake). A test executable that
// asks for a folder that is missing cannot do its job, so it stops here with
// one line naming the knob, and an exit status ctest understands:
//   77  skipped (SKIP_RETURN_CODE of psirt_companion_data_test);
//   1   under CI=true (CI must not pass by skipping), or when a test of this
//       process has already failed (a skip must never hide a failure).
// The check is at run time, so data mounted after configuring is found.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "tests/support/test_paths.h"

namespace psirt::test {
namespace {

bool inCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string_view(ci) == "true";
}

bool failedSoFar() {
  const ::testing::UnitTest& u = *::testing::UnitTest::GetInstance();
  return u.failed_test_count() > 0 || ::testing::Test::HasFailure();
}

std::string required(const char* dir) {
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) return dir;
  int status = 77;
  if (inCi()) {
    std::fprintf(stderr, "CI=true: the companion test data is required (PSIRT_CONFORMANCE_DIR): %s is missing\n",
                 dir);
    status = 1;
  } else if (failedSoFar()) {
    std::fprintf(stderr, "companion test data missing (PSIRT_CONFORMANCE_DIR): %s, after a failure above\n", dir);
    status = 1;
  } else {
    std::fprintf(stderr, "conformance data not found (PSIRT_CONFORMANCE_DIR): %s\n", dir);
  }
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(status);  // no destructors or leak check: tests stopped mid-way
}

}  // namespace

std::string conformanceDir() { return required(PSIRT_CONFORMANCE_VECTORS_DIR); }
std::string realCsafDir() { return required(PSIRT_REAL_CSAF_DIR); }

}  // namespace psirt::test
