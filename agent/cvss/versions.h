// The per-version metric tables and formulas (internal). Each scoreVx takes
// metrics already validated against tableVx() and cannot fail.
#pragma once

#include "agent/cvss/cvss.h"
#include "agent/cvss/exact_decimal.h"
#include "agent/cvss/vector_parser.h"

namespace psirt::cvss::detail {

const MetricTable& tableV2();
const MetricTable& tableV30();
const MetricTable& tableV31();
const MetricTable& tableV40();

Scores scoreV2(const ParsedMetrics& m);
Scores scoreV3(const ParsedMetrics& m, Version version);  // kV30 or kV31
Scores scoreV4(const ParsedMetrics& m);

// v3.0 "round up": the smallest number with one decimal that is >= x.
Tenths roundUp30(const ExactDecimal& x);
// v3.1 Appendix A "Roundup": x rounded to 5 decimals (half up), then up to one
// decimal; 4.000001 gives 4.0 where v3.0 gives 4.1.
Tenths roundUp31(const ExactDecimal& x);

}  // namespace psirt::cvss::detail
