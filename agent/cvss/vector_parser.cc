#include "agent/cvss/vector_parser.h"

#include <cassert>
#include <string>

namespace psirt::cvss::detail {

namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Calls f(value, index) for each space-separated value; stops when f returns true.
template <typename F>
int forEachValue(std::string_view values, F f) {
  int index = 0;
  while (!values.empty()) {
    std::size_t sp = values.find(' ');
    std::string_view v = values.substr(0, sp);
    if (f(v)) return index;
    ++index;
    values = sp == std::string_view::npos ? std::string_view{} : values.substr(sp + 1);
  }
  return -1;
}

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string allowedList(std::string_view values) {
  std::string out;
  forEachValue(values, [&](std::string_view v) {
    if (!out.empty()) out += ", ";
    out += v;
    return false;
  });
  return out;
}

}  // namespace

Error vectorError(VectorError kind, std::string message) {
  return makeError(ErrorCategory::kParse, std::move(message), "CVSS vector", static_cast<int>(kind));
}

int valueIndex(std::string_view values, std::string_view value) {
  return forEachValue(values, [&](std::string_view v) { return v == value; });
}

Result<ParsedMetrics> parseMetrics(std::string_view body, std::size_t offset, const MetricTable& table) {
  assert(table.metrics.size() <= kMaxMetrics);
  ParsedMetrics out;
  out.value.fill(-1);
  const std::string version = "CVSS v" + std::string(table.version);
  if (body.empty()) return vectorError(VectorError::kNoMetrics, "no metrics after the prefix");
  if (body.back() == '/') {
    return vectorError(VectorError::kTrailingSlash, "trailing '/' at offset " + std::to_string(offset + body.size() - 1));
  }
  int last_index = -1;
  std::size_t pos = 0;
  for (int field_no = 1; pos <= body.size(); ++field_no) {
    std::size_t end = body.find('/', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view field = body.substr(pos, end - pos);
    const std::string where = " in field " + std::to_string(field_no) + " (offset " + std::to_string(offset + pos) + ")";
    if (field.empty()) return vectorError(VectorError::kEmptyField, "empty field" + where);
    std::size_t colon = field.find(':');
    if (colon == std::string_view::npos) {
      return vectorError(VectorError::kNoColon, "field " + quoted(field) + " is not NAME:VALUE" + where);
    }
    std::string_view name = field.substr(0, colon);
    std::string_view value = field.substr(colon + 1);
    if (value.find(':') != std::string_view::npos) {
      return vectorError(VectorError::kExtraColon, "field " + quoted(field) + " has more than one ':'" + where);
    }
    if (name.empty()) return vectorError(VectorError::kEmptyName, "field " + quoted(field) + " has no metric name" + where);
    if (value.empty()) return vectorError(VectorError::kEmptyValue, "metric " + quoted(name) + " has no value" + where);

    int metric = -1;
    for (std::size_t i = 0; i < table.metrics.size(); ++i) {
      if (table.metrics[i].name == name) metric = static_cast<int>(i);
    }
    if (metric < 0) {
      for (const auto& def : table.metrics) {
        if (equalsIgnoreCase(def.name, name)) {
          return vectorError(VectorError::kMetricCase, "metric " + quoted(name) + " must be written " +
                                                           quoted(def.name) + " (names are case-sensitive)" + where);
        }
      }
      return vectorError(VectorError::kUnknownMetric, "unknown metric " + quoted(name) + " for " + version + where);
    }
    const MetricDef& def = table.metrics[static_cast<std::size_t>(metric)];
    if (out.value[static_cast<std::size_t>(metric)] >= 0) {
      return vectorError(VectorError::kDuplicateMetric, "duplicate metric " + quoted(name) + where);
    }
    int index = valueIndex(def.values, value);
    if (index < 0) {
      int folded = forEachValue(def.values, [&](std::string_view v) { return equalsIgnoreCase(v, value); });
      if (folded >= 0) {
        std::string expected;
        forEachValue(def.values, [&](std::string_view v) { return equalsIgnoreCase(v, value) ? (expected = v, true) : false; });
        return vectorError(VectorError::kValueCase, "value " + quoted(value) + " of " + std::string(name) +
                                                        " must be written " + quoted(expected) +
                                                        " (values are case-sensitive)" + where);
      }
      return vectorError(VectorError::kUnknownValue, "unknown value " + quoted(value) + " for " + std::string(name) +
                                                         " (allowed: " + allowedList(def.values) + ")" + where);
    }
    if (table.ordered && metric < last_index) {
      return vectorError(VectorError::kOrder,
                         "metric " + quoted(name) + " must come before " +
                             quoted(table.metrics[static_cast<std::size_t>(last_index)].name) + " (" + version +
                             " fixes the order of metrics)" + where);
    }
    last_index = metric;
    out.value[static_cast<std::size_t>(metric)] = static_cast<std::int8_t>(index);
    pos = end + 1;
  }
  std::string missing;
  for (std::size_t i = 0; i < table.metrics.size(); ++i) {
    if (table.metrics[i].mandatory && out.value[i] < 0) {
      missing += (missing.empty() ? "" : ", ") + std::string(table.metrics[i].name);
    }
  }
  if (!missing.empty()) {
    return vectorError(VectorError::kMissingMandatory, "missing mandatory metric(s) " + missing + " for " + version);
  }
  return out;
}

}  // namespace psirt::cvss::detail
