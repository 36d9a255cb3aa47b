#include "agent/evaluate/scoring.h"

#include <algorithm>
#include <array>

#include "agent/cvss/cvss.h"

namespace psirt::evaluate {

namespace {

bool namesAny(const std::vector<std::string>& list, const std::vector<std::string>& ids) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& p) { return std::find(ids.begin(), ids.end(), p) != ids.end(); });
}

void keepHighest(std::optional<int>& score, std::string& vector, int candidate, const std::string& text) {
  if (!score || candidate > *score) {
    score = candidate;
    vector = text;
  }
}

}  // namespace

ScoreSet scoreFor(const csaf::Vulnerability& vuln, const std::vector<std::string>& product_ids) {
  ScoreSet out;
  for (const auto& entry : vuln.scores) {
    if (!namesAny(entry.products, product_ids)) continue;
    const csaf::CvssObject* obj = entry.cvss_v3 ? &*entry.cvss_v3 : entry.cvss_v2 ? &*entry.cvss_v2 : nullptr;
    if (obj == nullptr) continue;
    auto s = cvss::score(obj->vector_string);
    if (!s) continue;
    if (cvss::definesEnvironmental(obj->vector_string, *s)) keepHighest(out.avss, out.avss_vector, s->overall, obj->vector_string);
    else keepHighest(out.base, out.base_vector, s->base, obj->vector_string);
  }
  std::optional<int> banded = out.avss ? out.avss : out.base;
  if (banded) out.band = std::string(cvss::bandName(cvss::bandOf(*banded)));
  return out;
}

std::vector<RemediationRef> remediationsFor(
    const csaf::Vulnerability& vuln, const std::vector<std::string>& product_ids,
    const std::function<const std::vector<std::string>&(const std::string&)>& groups) {
  std::vector<RemediationRef> out;
  for (const auto& r : vuln.remediations) {
    bool applies = namesAny(r.product_ids, product_ids);
    for (const auto& g : r.group_ids) applies = applies || namesAny(groups(g), product_ids);
    if (applies) out.push_back({r.category, r.details, r.url});
  }
  return out;
}

}  // namespace psirt::evaluate
