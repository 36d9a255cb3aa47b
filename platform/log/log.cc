#include "platform/log/log.h"

#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <string>

namespace psirt::log {

namespace {

std::mutex g_mutex;  // one line at a time, never interleaved

void writeStderr(const std::string& line) {
  std::lock_guard<std::mutex> lock(g_mutex);
  std::string_view rest(line);
  while (!rest.empty()) {
    ssize_t n = ::write(STDERR_FILENO, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere left to report a logging failure
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::string prefix(std::string_view source) {
  return source.empty() ? std::string() : std::string(source) + ": ";
}

}  // namespace

std::string oneLine(std::string_view message) {
  std::string out(message);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const unsigned char u = static_cast<unsigned char>(out[i]);
    if ((u < 0x20 && u != '\t') || u == 0x7f) {
      out[i] = '?';
    } else if (u == 0xc2 && i + 1 < out.size() && static_cast<unsigned char>(out[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(out[i + 1]) <= 0x9f) {
      out.replace(i, 2, "?");  // a C1 control (U+0080-U+009F, e.g. CSI) in UTF-8
    }
  }
  return out;
}

void write(std::string_view source, std::string_view message) {
  writeStderr(prefix(source) + oneLine(message) + "\n");
}

void warning(std::string_view source, std::string_view message) {
  writeStderr(prefix(source) + "warning: " + oneLine(message) + "\n");
}

}  // namespace psirt::log
