// Where tests find their data: the shared conformance vectors, the source
// tree (checked-in fixtures, test keys) and the build tree (our executables).
#pragma once

#include <string>

namespace psirt::test {
std::string conformanceDir();   // shared/conformance
std::string realCsafDir();      // shared/real-csaf (vendor documents; large ones .xz)
std::string sourceDir();        // repository root
std::string sourcePath(const std::string& relative);  // sourceDir()/relative
// Whole file into a string; fails the current test (ADD_FAILURE) if unreadable.
std::string readTextFile(const std::string& path);
}  // namespace psirt::test
