// Where tests find their data: the companion data (conformance vectors, real
// advisories; README "Companion test data"), the source tree (checked-in
// fixtures, test keys) and the build tree (our executables).
#pragma once

#include <string>

namespace psirt::test {
// PSIRT_CONFORMANCE_DIR/conformance and /real-csaf (vendor documents; large
// ones .xz). When missing, the process exits: 77 = skipped for ctest, 1 under
// CI=true (tests/support/companion_data.cc). Register such tests with
// psirt_companion_data_test() (tests/companion_data.cmake).
std::string conformanceDir();
std::string realCsafDir();
std::string sourceDir();        // repository root
std::string sourcePath(const std::string& relative);  // sourceDir()/relative
// Whole file into a string; fails the current test (ADD_FAILURE) if unreadable.
std::string readTextFile(const std::string& path);
}  // namespace psirt::test
