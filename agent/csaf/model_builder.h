// PRIVATE to agent/csaf: builds the typed model from a parsed document.
#pragma once

#include "agent/csaf/model.h"
#include "agent/json/json.h"

namespace psirt::csaf::detail {

// Never fails: members of the wrong type are skipped (the schema check
// reports them); absent members stay empty.
Document buildModel(const json::View& root);

}  // namespace psirt::csaf::detail
