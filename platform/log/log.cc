#include "platform/log/log.h"

#include <syslog.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <mutex>
#include <string>

namespace psirt::log {

namespace {

std::atomic<int> g_minimum{static_cast<int>(Level::kWarning)};
std::mutex g_mutex;           // one line at a time, never interleaved
bool g_syslog = false;        // guarded by g_mutex
std::string* g_ident = nullptr;  // openlog keeps the pointer: must live forever

const char* levelName(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarning: return "warning";
    case Level::kError: return "error";
  }
  return "error";
}

int syslogPriority(Level level) {
  switch (level) {
    case Level::kDebug: return LOG_DEBUG;
    case Level::kInfo: return LOG_INFO;
    case Level::kWarning: return LOG_WARNING;
    case Level::kError: return LOG_ERR;
  }
  return LOG_ERR;
}

void writeStderr(const std::string& line) {
  std::string_view rest(line);
  while (!rest.empty()) {
    ssize_t n = ::write(STDERR_FILENO, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere left to report a logging failure
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
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

void setLevel(Level minimum) { g_minimum.store(static_cast<int>(minimum)); }

void enableSyslog(std::string_view ident) {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_ident == nullptr) g_ident = new std::string(ident);  // intentionally never freed
  else *g_ident = std::string(ident);
  ::openlog(g_ident->c_str(), LOG_PID, LOG_DAEMON);
  g_syslog = true;
}

void write(Level level, std::string_view message) {
  if (static_cast<int>(level) < g_minimum.load()) return;
  const std::string text = oneLine(message);
  const std::string line = std::string("psirt-agent: ") + levelName(level) + ": " + text + "\n";
  std::lock_guard<std::mutex> lock(g_mutex);
  writeStderr(line);
  if (g_syslog) ::syslog(syslogPriority(level), "%s", text.c_str());
}

}  // namespace psirt::log
