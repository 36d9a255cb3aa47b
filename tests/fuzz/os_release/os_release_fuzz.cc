// Fuzzes the os-release parser.
#include <cstdint>
#include <string_view>

#include "agent/inventory/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  psirt::inventory::ReaderResult out;
  auto os = psirt::inventory::parseOsRelease(text, "os-release", out);
  (void)os.distroQualifier();
  return 0;
}
