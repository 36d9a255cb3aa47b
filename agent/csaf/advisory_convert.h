// csaf::Document (the full, validated model) -> csaf::Advisory (the
// decision's compact model). Used by the publisher's tools and by tests; the
// device builds the Advisory by streaming (stream_reader.h) and both must
// agree field for field.
#pragma once

#include "agent/csaf/advisory.h"
#include "agent/csaf/model.h"

namespace psirt::csaf {

Advisory toAdvisory(const Document& doc);

}  // namespace psirt::csaf
