// Fuzzes purl parsing; every accepted purl must round-trip through its
// canonical form unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "agent/identity/purl.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto p = psirt::identity::parsePurl(text);
  if (!p) return 0;
  auto again = psirt::identity::parsePurl(p->toString());
  if (!again || !(*again == *p)) std::abort();
  return 0;
}
