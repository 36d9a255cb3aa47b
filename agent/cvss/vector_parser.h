// Strict parsing of the "NAME:VALUE/NAME:VALUE" part of a CVSS vector (internal).
//
// Every version describes its metrics with a MetricTable; the parser checks
// fields, names, values, duplicates, mandatory metrics and (v4.0) order, and
// returns the index of each metric's value in its table. Errors carry a
// VectorError code and name the field at fault.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "agent/cvss/cvss.h"
#include "platform/error/result.h"

namespace psirt::cvss::detail {

struct MetricDef {
  std::string_view name;
  std::string_view values;  // allowed values, space-separated; index = position
  bool mandatory;
};

struct MetricTable {
  std::string_view version;          // "3.1", for messages
  std::span<const MetricDef> metrics;
  bool ordered;                      // v4.0: metrics must appear in table order
};

inline constexpr std::size_t kMaxMetrics = 40;

// Value index of each metric of the table (table order); -1 when absent.
struct ParsedMetrics {
  std::array<std::int8_t, kMaxMetrics> value{};
  bool has(std::size_t metric) const { return value[metric] >= 0; }
};

// body: the vector after its prefix; offset: where body starts in the vector
// (for messages). The caller has already rejected empty, over-long and
// non-printable input.
Result<ParsedMetrics> parseMetrics(std::string_view body, std::size_t offset, const MetricTable& table);

// Index of `value` in a space-separated list, or -1.
int valueIndex(std::string_view values, std::string_view value);

Error vectorError(VectorError kind, std::string message);

}  // namespace psirt::cvss::detail
