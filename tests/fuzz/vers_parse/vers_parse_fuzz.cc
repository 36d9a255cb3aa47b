// Fuzzes vers range parsing and containment. Input: a vers string, or a byte
// 0x01, a scheme byte (modulo 7) and a bare range. Invariants (trap on
// violation): an accepted range prints back to exactly its input; every '='
// constraint's version is contained; containment never crashes.
#include <cstdint>
#include <string>
#include <string_view>

#include "agent/versions/vers.h"

using psirt::versions::Comparator;
using psirt::versions::Scheme;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  bool bare = size >= 2 && data[0] == 0x01;
  auto range = bare ? psirt::versions::parseBareRange(static_cast<Scheme>(data[1] % 7), in.substr(2))
                    : psirt::versions::parseRange(in);
  if (!range) return 0;
  std::string printed = psirt::versions::toString(*range);
  std::string expected = bare ? "vers:" + std::string(psirt::versions::schemeName(range->scheme)) + "/" +
                                    std::string(in.substr(2))
                              : std::string(in);
  if (printed != expected) __builtin_trap();
  for (std::size_t i = 0; i < range->versions.size(); ++i) {
    auto c = psirt::versions::contains(*range, range->versions[i]);
    if (range->constraints[i].op == Comparator::kEq && !c.value_or(false)) __builtin_trap();
  }
  (void)psirt::versions::contains(*range, "1.0");
  return 0;
}
