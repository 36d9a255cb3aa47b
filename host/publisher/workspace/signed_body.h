// A role's "signed" object as a JSON tree, for reading it with json::View.
// repo::Repository's public API gives the bytes a signature covers
// (signedCanonical), not a tree: this parses those bytes back.
#pragma once

#include <string_view>

#include "agent/json/json.h"
#include "agent/repo_builder/repository.h"
#include "platform/error/result.h"

namespace psirt::publish {

// The "signed" object of `role` in `repo`, strict and bounded as signed
// metadata (the bounds devices apply). An empty object when repo is null or
// has no such role (a role new in a staged change has no published body).
// Errors (kParse/kLimit) name the role.
Result<json::Document> signedBody(const repo::Repository* repo, std::string_view role);

}  // namespace psirt::publish
