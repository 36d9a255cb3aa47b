// The per-version metric tables and formulas (internal). Each scoreVx takes
// metrics already validated against tableVx() and cannot fail.
#pragma once

#include "agent/cvss/cvss.h"
#include "agent/cvss/vector_parser.h"

namespace psirt::cvss::detail {

const MetricTable& tableV2();
const MetricTable& tableV30();
const MetricTable& tableV31();
const MetricTable& tableV40();

Scores scoreV2(const ParsedMetrics& m);
Scores scoreV3(const ParsedMetrics& m, Version version);  // kV30 or kV31
Scores scoreV4(const ParsedMetrics& m);

}  // namespace psirt::cvss::detail
