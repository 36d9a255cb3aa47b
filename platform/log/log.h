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

// The one sanitiser for untrusted text shown on a terminal or in a log
// (diagnostics, tables, findings, echoed arguments, quoted file content):
// `text` made safe to print as ONE line. Every byte that could drive a
// terminal or forge a line becomes a visible escape, so it is still seen:
//   C0 controls (newlines, ESC, BEL, tab too) and DEL  -> \xNN   ("\x1b")
//   C1 controls U+0080-U+009F (e.g. CSI) and the
//   line/paragraph separators and bidirectional overrides
//   (U+2028-U+2029, U+202A-U+202E, U+2066-U+2069)     -> \uXXXX ("\u009b")
//   bytes that are not well-formed UTF-8               -> \xNN   ("\xff")
// Printable ASCII and other well-formed UTF-8 are kept as they are. The
// result is for display only (a backslash is not escaped).
std::string oneLine(std::string_view text);

}  // namespace psirt::log
