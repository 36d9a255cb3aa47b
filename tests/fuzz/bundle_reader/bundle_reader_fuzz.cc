// Fuzzes the offline bundle container (docs/formats/bundle.md): open() never
// crashes or allocates beyond the input; an accepted bundle has unique, valid
// names, and every entry reads back (or fails its digest) within its length.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include "agent/bundle/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace psirt::bundle;
  Limits limits;
  limits.max_entries = 4096;
  auto r = BundleReader::fromBytes(std::string(reinterpret_cast<const char*>(data), size), limits, "fuzz");
  if (!r) return 0;
  std::set<std::string> seen;
  for (const auto& name : r->names()) {
    if (!seen.insert(name).second || !validateName(name, limits.max_name_bytes)) std::abort();
    const std::int64_t len = r->length(name);
    if (len < 0 || static_cast<std::uint64_t>(len) > size) std::abort();
    auto bytes = r->read(name, size);
    if (bytes && bytes->size() != static_cast<std::size_t>(len)) std::abort();
    if (len > 0 && r->read(name, static_cast<std::size_t>(len) - 1)) std::abort();
  }
  return 0;
}
