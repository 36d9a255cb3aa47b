// Fuzzes the apk installed-database parser.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "agent/inventory/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  psirt::inventory::ReadOptions options;
  options.limits.max_field_bytes = 4096;
  options.limits.max_stanzas = 1000;
  psirt::inventory::ReaderResult out;
  auto items = psirt::inventory::parseApkInstalled(text, "installed", options, out);
  for (const auto& i : items) {
    if (i.name.empty() || i.version.empty() || i.purl.empty()) std::abort();
  }
  return 0;
}
