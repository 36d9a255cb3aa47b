// The bridge from the decision engine to vers ranges (agent/versions).
#pragma once

#include <string_view>

#include "agent/versions/version.h"
#include "platform/error/result.h"

namespace psirt::evaluate {

// Whether `version` lies in `range`: a "vers:<type>/..." string, or a bare
// range (vls) in the version's own scheme. An error (R5: unknown) when the
// range is malformed or non-canonical, or its scheme differs from the version's.
Result<bool> rangeContains(std::string_view range, const versions::Version& version);

}  // namespace psirt::evaluate
