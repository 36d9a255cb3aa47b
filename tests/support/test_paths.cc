#include "tests/support/test_paths.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace psirt::test {

std::string sourceDir() { return PSIRT_SOURCE_DIR; }
std::string sourcePath(const std::string& relative) { return sourceDir() + "/" + relative; }

std::string readTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("test data missing: " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace psirt::test
