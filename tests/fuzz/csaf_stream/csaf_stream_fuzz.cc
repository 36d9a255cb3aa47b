// libFuzzer target: the streaming CSAF reader must never crash, hang or
// exceed its bounds on any bytes; its result must not depend on where the
// chunks end; and whatever the strict DOM reader accepts, it must accept and
// read identically (toAdvisory, compared by resolved strings).
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "agent/csaf/advisory_convert.h"
#include "agent/csaf/reader.h"
#include "agent/csaf/stream_reader.h"
#include "tests/unit/csaf/advisory_equal.h"

using namespace psirt;        // NOLINT
using namespace psirt::csaf;  // NOLINT

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte chooses the chunk size (1..256); the rest is the document.
  const std::size_t chunk = std::size_t{data[0]} + 1;
  const std::span<const std::uint8_t> doc(data + 1, size - 1);
  const std::string_view bytes(reinterpret_cast<const char*>(doc.data()), doc.size());

  // At least the strict reader's bounds (a string's limit counts its bytes as
  // written here, decoded there: an escape takes up to 6 bytes for 1).
  StreamLimits limits;
  limits.max_document_bytes = 1U << 20;
  limits.max_depth = 32;
  limits.max_string_bytes = 6 * 4096 + 16;
  limits.max_values = 200'000;
  const Result<Advisory> whole = readAdvisory(bytes, limits);

  std::size_t pos = 0;
  const ByteSource source = [&]() -> Result<std::span<const std::uint8_t>> {
    const std::size_t n = std::min(chunk, doc.size() - pos);
    auto s = doc.subspan(pos, n);
    pos += n;
    return s;
  };
  const Result<Advisory> chunked = readAdvisory(source, limits);
  if (whole.ok() != chunked.ok()) std::abort();
  if (whole.ok() && !test::advisoryDifference(*whole, *chunked).empty()) std::abort();
  if (!whole.ok() && whole.error().describe() != chunked.error().describe()) std::abort();

  Limits strict;
  strict.max_document_bytes = 1U << 20;
  strict.max_depth = 32;
  strict.max_string_bytes = 4096;
  strict.max_values = 100'000;
  auto dom = loadDocument(bytes, strict);
  if (dom) {
    if (!whole.ok()) std::abort();  // the strict reader accepted what the device refuses
    if (!test::advisoryDifference(*whole, toAdvisory(*dom)).empty()) std::abort();
  }
  return 0;
}
