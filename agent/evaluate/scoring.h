// Scores and remediations attached to a verdict (docs/design.md#severity).
//
// In a CSAF document a `scores[]` entry whose vector sets environmental
// metrics is the PSIRT's re-score in its product context (AVSS); one without
// is the CVE's base score. When several apply to a verdict's products the
// highest is kept (the conservative choice). v3.x is preferred over v2.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agent/csaf/advisory.h"
#include "platform/error/result.h"

namespace psirt::evaluate {

// The band of a verdict without any score (the report ranks it last).
inline constexpr const char* kUnscoredBand = "unscored";

struct ScoreSet {
  std::optional<int> base;      // tenths of a point
  std::string base_vector;
  std::optional<int> avss;      // tenths (the vector's environmental score)
  std::string avss_vector;
  std::optional<int> site;      // tenths: AVSS (else base) re-scored with the site's metrics
  std::string site_vector;
  // Band of site, else AVSS, else base: None, Low, Medium, High, Critical;
  // "unscored" when there is no score at all (never 0.0).
  std::string band = kUnscoredBand;
};

struct RemediationRef {
  std::string category;   // vendor_fix, workaround, mitigation, no_fix_planned, none_available
  std::string details;
  std::string url;
};

// The scores of the `scores[]` entries that name a verdict's products
// (selected by the caller). Invalid vectors are skipped (the PSIRT's validator
// reports them). `site_metrics` (docs/design.md#severity: the site's own environmental
// adjustment, e.g. "CR:H/MAV:A", from the agent configuration) re-scores the
// AVSS vector, else the base vector; empty: no site score.
ScoreSet scoreFor(const std::vector<const csaf::AdvisoryScore*>& entries, const std::string& site_metrics = {});

// Sets each "METRIC:VALUE" of `site_metrics` in `vector` (replacing the
// vector's own value, else appending it). No validation: score the result.
std::string applySiteMetrics(const std::string& vector, const std::string& site_metrics);

// Checks that `site_metrics` are environmental metrics that make a valid
// CVSS v3.1 vector (kUsage naming the problem otherwise).
Status validateSiteMetrics(const std::string& site_metrics);

// The remediations a verdict's products are named in (directly or through a
// group; selected by the caller), in document order.
std::vector<RemediationRef> remediationsFor(const std::vector<const csaf::AdvisoryRemediation*>& entries);

}  // namespace psirt::evaluate
