// Fuzzes the os-release parser and asserts its contract: whatever the input,
// ID, every word of ID_LIKE and VERSION_ID are os-release identifiers
// (a-z, 0-9, '.', '_', '-'; docs/formats/inventory.md), since they become purl
// namespaces and qualifiers, and PRETTY_NAME carries no control character.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "agent/inventory/readers.h"

namespace {

bool identifierChars(std::string_view v, bool spaces) {
  for (char c : v) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
                    (spaces && c == ' ');
    if (!ok) return false;
  }
  return v.size() <= (spaces ? 4096u : 64u);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  psirt::inventory::ReaderResult out;
  auto os = psirt::inventory::parseOsRelease(text, "os-release", out);
  if (!identifierChars(os.id, false) || !identifierChars(os.version_id, false) || !identifierChars(os.id_like, true)) {
    std::abort();
  }
  for (char c : os.pretty_name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) std::abort();
  }
  (void)os.distroQualifier();
  return 0;
}
