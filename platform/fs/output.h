// What the programs write where the operator said: an output file named on
// the command line (--out FILE of psirt-agent and psirt-publish) and
// standard output. One owner for both, so no command can destroy what an
// --out points at or lose output silently (docs/components/platform.md
// "Operator-named outputs").
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "platform/error/result.h"

namespace psirt::fs {

// The name of standard output in --out (commands that cannot stream to
// standard output refuse it themselves).
inline constexpr std::string_view kStandardOutput = "-";

// Refuses, with kUsage and the path as context, an operator-named output
// path that writing could destroy or that lies in a program's own state:
//   - empty;
//   - an existing symbolic link (never followed: which file the link was
//     meant to reach is not ours to guess; name the file itself);
//   - an existing file that is not a regular file (directory, character or
//     block device, FIFO, socket): replacing a device node by a regular
//     file, or opening a FIFO, is never what an --out means;
//   - inside one of `protected_dirs` (an agent's --state, a publisher's
//     workspace or key store), compared after resolving real paths, so no
//     "..", symlinked directory or bind path gets in. A protected directory
//     that does not exist protects nothing.
// kStandardOutput passes. The rename that finally installs the file
// re-checks the type (writeFileAtomic and PreparedReplace rename only over
// a regular file or nothing).
Status checkOutputPath(const std::string& path, std::span<const std::string> protected_dirs = {});

// Writes `content` where the operator said: standard output for
// kStandardOutput (writeStandardOutput), else checkOutputPath, then
// writeFileAtomic(path, content, mode).
Status writeOutputFile(const std::string& path, std::string_view content, unsigned mode,
                       std::span<const std::string> protected_dirs = {});

// Writes to standard output (stdio, so it mixes in order with printf).
// kIo with context "stdout" and the errno text ("stdout: No space left on
// device") when the write fails.
Status writeStandardOutput(std::string_view data);

// Flushes standard output and reports any earlier failed write of it
// (stdio's error flag), as writeStandardOutput does. Streaming commands call
// it per batch so a full disk stops them early; main() of each program calls
// finishStandardOutput() once at the end.
Status flushStandardOutput();

// flushStandardOutput, then fclose(stdout): the last chance to see a write
// error. Nothing may be printed to stdout afterwards. A failure already
// returned by writeStandardOutput or flushStandardOutput (which the command
// reported) is not returned again: one line per failure.
Status finishStandardOutput();

}  // namespace psirt::fs
