// A small linear-time regular-expression matcher for the ECMAScript subset
// the embedded CSAF / CVSS JSON Schemas use ("pattern") and the ajv-formats
// "uri" expression. It replaces std::regex, which drags ~420 KB of std::locale
// machinery into the static agent and backtracks recursively.
//
// Matching is a Thompson-NFA simulation (Pike VM without captures): every
// input unit is read once and at most programSize() states are live at a
// time, so time is O(text units x programSize()) and memory O(programSize()),
// with no backtracking and no recursion depending on the text.
//
// Syntax (ECMAScript with the "u" flag, as ajv compiles a schema "pattern"):
//   ^ $                 input start / end only (no multiline mode)
//   ( ) (?: ) |         groups (captures are not reported) and alternation
//   [...] [^...]        classes with ranges and escapes; [] and [^] allowed
//   .                   any code point except \n \r U+2028 U+2029
//   \d \D \w \W \s \S   \d \w ASCII; \s the ECMAScript WhiteSpace and
//                       LineTerminator code points (incl. U+00A0, U+FEFF)
//   \t \n \v \f \r \0 \xHH \uHHHH, \ + one of ^$\.*+?()[]{}|/ (and - in a class)
//   * + ? {n} {n,} {n,m}  each optionally lazy (?): laziness cannot change
//                       whether a match exists, so it is accepted and ignored
// Bounded repetition is expanded; counts above kMaxRepeat or a program above
// kMaxProgram instructions are refused. Anything else (backreferences,
// lookaround, \b, named groups, \p{..}, a lone { } or ], quantified
// assertions, nesting deeper than kMaxNesting) is a compile error, never a
// silent mismatch.
//
// Text: UTF-8, matched per Unicode code point (ECMAScript "u" semantics; JSON
// Schema's UTF-16 code units differ only in how "." / negated classes treat
// astral characters, which here consume the whole 4-byte sequence). A byte
// that is not part of a valid UTF-8 sequence is one unit that only ".",
// negated classes and \D \W \S match. The pattern itself must be valid UTF-8.
//
// Case: CompileOptions::ascii_ignore_case folds A-Z / a-z only (what JS "i"
// without "u" does for the ASCII-only ajv-formats expressions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "platform/error/result.h"

namespace psirt::pattern {

inline constexpr std::size_t kMaxRepeat = 1000;     // n, m of {n,m}
inline constexpr std::size_t kMaxProgram = 50000;   // instructions after expansion
inline constexpr std::size_t kMaxNesting = 64;      // nested groups

struct CompileOptions {
  bool ascii_ignore_case = false;
};

namespace detail {
struct Program;
}

class Pattern {
 public:
  // Compiles `source`. Errors: kUsage "regular expression: <what> at offset N"
  // (N a byte offset into source) for syntax outside the subset; kLimit for
  // kMaxRepeat / kMaxProgram / kMaxNesting.
  static Result<Pattern> compile(std::string_view source, CompileOptions options = {});

  // True if some substring of `text` matches (JSON Schema "pattern").
  [[nodiscard]] bool search(std::string_view text) const { return run(text, false, nullptr); }
  // True if the whole of `text` matches.
  [[nodiscard]] bool fullMatch(std::string_view text) const { return run(text, true, nullptr); }
  // Same, adding the number of VM steps taken to *steps (for tests and the
  // fuzzer: steps <= (text units + 1) x 2 x programSize()).
  [[nodiscard]] bool search(std::string_view text, std::uint64_t* steps) const { return run(text, false, steps); }
  [[nodiscard]] bool fullMatch(std::string_view text, std::uint64_t* steps) const { return run(text, true, steps); }

  // Number of instructions after expansion.
  [[nodiscard]] std::size_t programSize() const;

 private:
  explicit Pattern(std::shared_ptr<const detail::Program> program) : program_(std::move(program)) {}
  [[nodiscard]] bool run(std::string_view text, bool full, std::uint64_t* steps) const;
  std::shared_ptr<const detail::Program> program_;  // immutable: copies share it
};

}  // namespace psirt::pattern
