#include "agent/evaluate/scoring.h"

#include <array>

#include "agent/cvss/cvss.h"

namespace psirt::evaluate {

namespace {

void keepHighest(std::optional<int>& score, std::string& vector, int candidate, const std::string& text) {
  if (!score || candidate > *score) {
    score = candidate;
    vector = text;
  }
}

}  // namespace

std::string applySiteMetrics(const std::string& vector, const std::string& site_metrics) {
  std::string out = vector;
  std::size_t start = 0;
  while (start < site_metrics.size()) {
    std::size_t end = site_metrics.find('/', start);
    if (end == std::string::npos) end = site_metrics.size();
    const std::string metric = site_metrics.substr(start, end - start);
    start = end + 1;
    const auto colon = metric.find(':');
    if (colon == std::string::npos) {
      out += "/" + metric;  // left for the scorer to refuse
      continue;
    }
    const std::string key = "/" + metric.substr(0, colon + 1);
    const auto pos = out.find(key);
    if (pos == std::string::npos) {
      out += "/" + metric;
    } else {
      const auto value_end = out.find('/', pos + 1);
      out.replace(pos, value_end == std::string::npos ? std::string::npos : value_end - pos, "/" + metric);
    }
  }
  return out;
}

Status validateSiteMetrics(const std::string& site_metrics) {
  static const std::string kReference = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  const std::string combined = applySiteMetrics(kReference, site_metrics);
  auto s = cvss::score(combined);
  if (!s) return makeError(ErrorCategory::kUsage, "site metrics: " + s.error().message, site_metrics);
  if (!cvss::definesEnvironmental(combined, *s)) {
    return makeError(ErrorCategory::kUsage, "site metrics must set environmental metrics (CR, IR, AR, M*)",
                     site_metrics);
  }
  for (const char* base : {"AV:", "AC:", "PR:", "UI:", "S:", "C:", "I:", "A:"}) {
    if (site_metrics.rfind(base, 0) == 0 || site_metrics.find(std::string("/") + base) != std::string::npos) {
      return makeError(ErrorCategory::kUsage, std::string("site metrics may not change the base metric ") + base,
                       site_metrics);
    }
  }
  return okStatus();
}

ScoreSet scoreFor(const std::vector<const csaf::AdvisoryScore*>& entries, const std::string& site_metrics) {
  ScoreSet out;
  for (const csaf::AdvisoryScore* entry : entries) {
    const csaf::AdvisoryCvss* obj = entry->cvss_v3 ? &*entry->cvss_v3 : entry->cvss_v2 ? &*entry->cvss_v2 : nullptr;
    if (obj == nullptr) continue;
    auto s = cvss::score(obj->vector_string);
    if (!s) continue;
    if (cvss::definesEnvironmental(obj->vector_string, *s)) keepHighest(out.avss, out.avss_vector, s->overall, obj->vector_string);
    else keepHighest(out.base, out.base_vector, s->base, obj->vector_string);
  }
  const std::string& rescored = out.avss ? out.avss_vector : out.base_vector;
  if (!site_metrics.empty() && !rescored.empty()) {
    std::string combined = applySiteMetrics(rescored, site_metrics);
    if (auto s = cvss::score(combined)) {
      out.site = s->overall;
      out.site_vector = std::move(combined);
    }
  }
  std::optional<int> banded = out.site ? out.site : out.avss ? out.avss : out.base;
  if (banded) out.band = std::string(cvss::bandName(cvss::bandOf(*banded)));
  return out;
}

std::vector<RemediationRef> remediationsFor(const std::vector<const csaf::AdvisoryRemediation*>& entries) {
  std::vector<RemediationRef> out;
  out.reserve(entries.size());
  for (const auto* r : entries) out.push_back({r->category, r->details, r->url});
  return out;
}

}  // namespace psirt::evaluate
