// libFuzzer target for the CVSS vector parser and scorer (agent/cvss).
// Any byte string must either be rejected with a kParse error carrying a
// VectorError code, or yield scores within 0.0..10.0 that are the same when
// scored again (no state, no undefined behaviour under ASan/UBSan).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "agent/cvss/cvss.h"

namespace {
void check(bool condition) {
  if (!condition) std::abort();
}
bool inRange(psirt::cvss::Tenths t) { return t >= 0 && t <= 100; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto r = psirt::cvss::score(input);
  if (!r) {
    check(r.error().category == psirt::ErrorCategory::kParse);
    check(r.error().code >= static_cast<int>(psirt::cvss::VectorError::kEmpty) &&
          r.error().code <= static_cast<int>(psirt::cvss::VectorError::kOrder));
    check(r.error().describe().find('\n') == std::string::npos);
    return 0;
  }
  check(size <= psirt::cvss::kMaxVectorLength);
  check(inRange(r->base) && inRange(r->overall));
  if (r->temporal) check(inRange(*r->temporal));
  if (r->environmental) check(inRange(*r->environmental));
  auto again = psirt::cvss::score(input);
  check(again && again->base == r->base && again->overall == r->overall && again->temporal == r->temporal &&
        again->environmental == r->environmental);
  check(psirt::cvss::formatScore(r->overall).size() <= 4);
  return 0;
}
