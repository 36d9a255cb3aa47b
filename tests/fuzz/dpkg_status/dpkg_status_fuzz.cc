// Fuzzes the dpkg/opkg status parser (deb822 stanzas + Status/Source rules)
// with small limits so the bounds are exercised too.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "agent/inventory/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  psirt::inventory::ControlLimits limits;
  limits.max_field_bytes = 4096;
  limits.max_stanzas = 1000;
  psirt::inventory::ReaderResult out;
  auto records = psirt::inventory::parseStatusFile(text, "status", limits, out);
  for (const auto& r : records) {
    if (r.package.empty() || r.line == 0) std::abort();
  }
  // Two capped budgets (lines, records), each plus one summary line.
  if (out.warnings.size() > 2 * limits.max_warnings + 2) std::abort();
  return 0;
}
