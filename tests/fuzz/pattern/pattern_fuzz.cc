// Fuzzes the agent/pattern compiler and matcher. Input: one flag byte (bit 0:
// ASCII ignore-case), then the pattern, a NUL byte, then the text. Checks:
// errors are well-formed; fullMatch implies search; the step bound of
// pattern.h holds; wrapping the pattern in ^(?: )$ turns search into
// fullMatch and wrapping it in (?: ) changes nothing.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "agent/pattern/pattern.h"

namespace {

using psirt::pattern::CompileOptions;
using psirt::pattern::Pattern;

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const CompileOptions options{.ascii_ignore_case = (data[0] & 1) != 0};
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t nul = rest.find('\0');
  const std::string source(rest.substr(0, nul));
  std::string_view text = nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);

  auto p = Pattern::compile(source, options);
  if (!p) {
    const auto& e = p.error();
    check(e.category == psirt::ErrorCategory::kUsage || e.category == psirt::ErrorCategory::kLimit);
    check(e.message.rfind("regular expression: ", 0) == 0);
    return 0;
  }
  // Keep one input's work small enough for the fuzzer's time limit.
  const std::size_t max_units = 20'000'000 / p->programSize();
  if (text.size() > max_units) text = text.substr(0, max_units);

  std::uint64_t steps = 0;
  const bool found = p->search(text, &steps);
  const std::uint64_t bound = (text.size() + 1) * 2 * p->programSize();
  check(steps <= bound);
  steps = 0;
  const bool whole = p->fullMatch(text, &steps);
  check(steps <= bound);
  check(!whole || found);

  auto wrapped = Pattern::compile("^(?:" + source + ")$", options);
  if (wrapped) check(wrapped->search(text) == whole);
  else check(wrapped.error().category == psirt::ErrorCategory::kLimit);
  auto grouped = Pattern::compile("(?:" + source + ")", options);
  if (grouped) check(grouped->search(text) == found && grouped->fullMatch(text) == whole);
  else check(grouped.error().category == psirt::ErrorCategory::kLimit);
  return 0;
}
