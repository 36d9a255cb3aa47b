// Logging to stderr (human) and optionally syslog (daemon). One line per
// message. Never pass secrets (keys, passphrases, tokens) to these functions.
#pragma once

#include <string>

#include <string_view>

namespace psirt::log {

enum class Level { kDebug, kInfo, kWarning, kError };

void setLevel(Level minimum);      // default kWarning; kInfo with --verbose
void enableSyslog(std::string_view ident);
void write(Level level, std::string_view message);

// `message` made safe to print as ONE line on a terminal: C0 controls
// (newlines included, tab kept), DEL and UTF-8-encoded C1 controls become
// '?', so untrusted text (advisory titles, server errors) cannot forge
// another line or drive the terminal.
std::string oneLine(std::string_view message);

inline void debug(std::string_view m) { write(Level::kDebug, m); }
inline void info(std::string_view m) { write(Level::kInfo, m); }
inline void warning(std::string_view m) { write(Level::kWarning, m); }
inline void error(std::string_view m) { write(Level::kError, m); }

}  // namespace psirt::log
