// Streaming CSAF reader (stream_reader.h): agent/json's streaming parser
// hands each event to AdvisoryBuilder, which keeps what Advisory has.
#include "agent/csaf/stream_reader.h"

#include <new>

#include "agent/csaf/advisory_builder.h"

namespace psirt::csaf {
namespace {

Result<Advisory> finish(detail::AdvisoryBuilder& builder) {
  try {
    return builder.finish();
  } catch (const std::bad_alloc&) {
    return makeError(ErrorCategory::kLimit, "out of memory while reading the document");
  }
}

}  // namespace

Result<Advisory> readAdvisory(const ByteSource& source, const StreamLimits& limits) {
  detail::AdvisoryBuilder builder;
  PSIRT_TRY(json::readStream(source, limits, builder));
  return finish(builder);
}

Result<Advisory> readAdvisory(std::string_view bytes, const StreamLimits& limits) {
  detail::AdvisoryBuilder builder;
  PSIRT_TRY(json::readStream(bytes, limits, builder));
  return finish(builder);
}

}  // namespace psirt::csaf
