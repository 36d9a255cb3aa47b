// PRIVATE to agent/csaf: builds the typed model from parsed JSON.
#pragma once

#include "agent/csaf/json_value.h"
#include "agent/csaf/model.h"

namespace psirt::csaf::detail {

// Never fails: members of the wrong type are skipped (the schema check
// reports them); absent members stay empty.
Document buildModel(const Json& root);

}  // namespace psirt::csaf::detail
