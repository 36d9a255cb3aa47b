// Scores and remediations attached to a verdict (DESIGN §4.7).
//
// In a CSAF document a `scores[]` entry whose vector sets environmental
// metrics is the PSIRT's re-score in its product context (AVSS); one without
// is the CVE's base score. When several apply to a verdict's products the
// highest is kept (the conservative choice). v3.x is preferred over v2.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "agent/csaf/model.h"

namespace psirt::evaluate {

struct ScoreSet {
  std::optional<int> base;      // tenths of a point
  std::string base_vector;
  std::optional<int> avss;      // tenths (the vector's environmental score)
  std::string avss_vector;
  // Band of AVSS, else base: None, Low, Medium, High, Critical;
  // "unscored" when there is no score at all (never 0.0).
  std::string band = "unscored";
};

struct RemediationRef {
  std::string category;   // vendor_fix, workaround, mitigation, no_fix_planned, none_available
  std::string details;
  std::string url;
};

// Scores of `vuln` that name any of `product_ids`. Invalid vectors are skipped
// (the CSAF reader reports them). The site adjustment of DESIGN §4.7 comes
// with the agent configuration (not yet).
ScoreSet scoreFor(const csaf::Vulnerability& vuln, const std::vector<std::string>& product_ids);

// Remediations of `vuln` naming any of `product_ids`, directly or through
// `groups` (group id -> product ids).
std::vector<RemediationRef> remediationsFor(
    const csaf::Vulnerability& vuln, const std::vector<std::string>& product_ids,
    const std::function<const std::vector<std::string>&(const std::string&)>& groups);

}  // namespace psirt::evaluate
