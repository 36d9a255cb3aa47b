// Fuzzes the vendor product manifest reader (bounded JSON, field checks).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "agent/inventory/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  psirt::inventory::ReaderResult out;
  auto items = psirt::inventory::parseProductManifest(text, "product-manifest.json", "00", out);
  for (const auto& i : items) {
    if (i.purl.rfind("pkg:generic/", 0) != 0) std::abort();
  }
  return 0;
}
