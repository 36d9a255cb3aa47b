// Fuzzes the strict parser in both modes and canonical JSON: never crashes;
// a document accepted in signed-metadata mode always has a canonical form,
// and canonicalising is idempotent whenever the canonical bytes re-parse.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "agent/json/json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace psirt::json;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ParseOptions standard;
  standard.max_depth = 32;
  (void)Document::parse(text, standard);

  ParseOptions strict = standard;
  strict.strictness = Strictness::kSignedMetadata;
  auto doc = Document::parse(text, strict);
  if (!doc) return 0;
  auto canon = doc->canonical();
  if (!canon) std::abort();  // strict documents are integers-only: always canonical
  auto again = canonicalize(*canon, strict);
  if (again && *again != *canon) std::abort();
  return 0;
}
