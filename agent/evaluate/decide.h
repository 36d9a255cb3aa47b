// R2 (exact, then range) and R3 (inference within the train) for one
// installed instance against the anchors of its train.
#pragma once

#include <string>
#include <vector>

#include "agent/evaluate/verdict.h"
#include "agent/versions/version.h"

namespace psirt::evaluate {

// One CSAF statement about a version of this product: the list it is in
// (first_affected, fixed, known_not_affected, ...) and its version spec.
struct TrainAnchor {
  // kExact: one version; kRange: a vers range (or bare vls); kEvery: every
  // version (a product with no version: an unversioned statement applies to
  // every build on its stream); kLine: every version of a release line (a
  // platform CPE/purl version, coversReleaseLine).
  enum class Kind { kExact, kRange, kEvery, kLine };
  std::string product_id;
  std::string list;
  Kind kind = Kind::kExact;
  std::string text;       // exact version, range or line; empty for kEvery
};

// Decides the status of `installed` (already parsed in its scheme) from the
// anchors of its train. Never returns not_installed. Rules: see evaluation.md.
InstanceVerdict decideInstance(const versions::Version& installed, const std::vector<TrainAnchor>& anchors);

// The status a product_status list gives on a hit.
Status statusOfList(const std::string& list);

}  // namespace psirt::evaluate
