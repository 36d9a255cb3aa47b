// Fuzzes CPE parsing; every accepted name must round-trip through both
// bindings (formatted string and URI) to the same WFN.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "agent/identity/cpe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto c = psirt::identity::parseCpe(text);
  if (!c) return 0;
  auto fs = psirt::identity::parseCpe(c->toFormattedString());
  if (!fs || !(*fs == *c)) std::abort();
  auto uri = psirt::identity::parseCpe(c->toUri());
  if (!uri || !(*uri == *c)) std::abort();
  return 0;
}
