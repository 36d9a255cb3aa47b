#include "host/publisher/scratch_dir.h"

#include <stdlib.h>

#include <cstdlib>

#include "platform/fs/fs.h"

namespace psirt::publish {

ScratchDir::~ScratchDir() {
  for (const std::string& f : files_) (void)fs::removeFile(f);
  if (!dir_.empty()) (void)fs::removeDirectory(dir_);
}

Result<std::string> ScratchDir::write(const std::string& base, std::string_view bytes) {
  if (base.empty() || base.find('/') != std::string::npos || base[0] == '.') {
    return makeError(ErrorCategory::kInternal, "bad scratch file name", base);
  }
  if (dir_.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/psirt-publish.XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) {
      return makeError(ErrorCategory::kIo, "cannot create a private temporary directory", tmpl);
    }
    dir_ = tmpl;
  }
  const std::string path = fs::joinPath(dir_, base);
  PSIRT_TRY(fs::writeFileAtomic(path, bytes, 0600));
  files_.push_back(path);
  return path;
}

}  // namespace psirt::publish
