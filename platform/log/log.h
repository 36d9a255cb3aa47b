// The one way the programs write diagnostics (errors, warnings, progress) to
// stderr: one line per message, "<source>: <message>\n", written whole with
// one write(2) and never interleaved with another line, the message made
// safe to print as one line (oneLine). What a command produces (reports,
// tables, --help text) is output, not a diagnostic, and does not come here.
// Never pass secrets (keys, passphrases, tokens).
#pragma once

#include <string>
#include <string_view>

namespace psirt::log {

// "<source>: <message>\n". `source` names the program and command
// ("psirt-agent update"); empty, the line is the message alone.
void write(std::string_view source, std::string_view message);

// "<source>: warning: <message>\n" (empty source: "warning: <message>\n").
void warning(std::string_view source, std::string_view message);

// `message` made safe to print as ONE line on a terminal: C0 controls
// (newlines included, tab kept), DEL and UTF-8-encoded C1 controls become
// '?', so untrusted text (advisory titles, server errors) cannot forge
// another line or drive the terminal.
std::string oneLine(std::string_view message);

}  // namespace psirt::log
