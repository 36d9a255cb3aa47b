// libFuzzer target: the CSAF reader must never crash, hang or exceed its
// bounds on any bytes, and must agree with itself (loadDocument accepts
// exactly the documents validateDocument finds no fault in).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "agent/csaf/product_index.h"
#include "agent/csaf/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  psirt::csaf::Limits limits;
  limits.max_document_bytes = 1U << 20;
  const psirt::csaf::Validation v = psirt::csaf::validateDocument(bytes, limits);
  if (v.document) {
    psirt::csaf::ProductIndex index(*v.document);
    for (const auto& p : index.products()) {
      if (index.find(p.product_id) == nullptr) std::abort();
    }
  }
  const bool loaded = psirt::csaf::loadDocument(bytes, limits).ok();
  if (loaded != v.ok()) std::abort();
  return 0;
}
