// Fuzzes the vendor CycloneDX SBOM reader.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "agent/inventory/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  psirt::inventory::ReaderResult out;
  auto items = psirt::inventory::parseSbom(text, "sbom.json", "", out);
  for (const auto& i : items) {
    if (i.name.empty() || i.purl.empty()) std::abort();
  }
  return 0;
}
