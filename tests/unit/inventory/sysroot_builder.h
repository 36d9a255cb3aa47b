// Builds small fake sysroots for the inventory tests.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "platform/fs/fs.h"
#include "tests/support/temp_dir.h"

namespace psirt::inventory::test {

class Sysroot {
 public:
  const std::string& path() const { return dir_.path(); }
  // Writes `content` at `relative` (creating parent directories).
  void write(const std::string& relative, const std::string& content) const {
    std::string full = fs::joinPath(dir_.path(), relative);
    auto slash = full.rfind('/');
    ASSERT_TRUE(fs::makeDirectories(full.substr(0, slash), 0755));
    ASSERT_TRUE(fs::writeFileAtomic(full, content, 0644));
  }
  void mkdir(const std::string& relative) const {
    ASSERT_TRUE(fs::makeDirectories(fs::joinPath(dir_.path(), relative), 0755));
  }

 private:
  psirt::test::TempDir dir_;
};

// One dpkg status stanza.
inline std::string stanza(const std::string& package, const std::string& version, const std::string& status,
                          const std::string& extra = "", const std::string& arch = "amd64") {
  return "Package: " + package + "\nStatus: " + status + "\nPriority: optional\nArchitecture: " + arch +
         "\nVersion: " + version + "\n" + extra + "Description: test package\n a longer\n .\n description\n\n";
}

}  // namespace psirt::inventory::test
