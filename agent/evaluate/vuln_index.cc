#include "agent/evaluate/vuln_index.h"

#include <algorithm>

namespace psirt::evaluate {

VulnIndex::VulnIndex(const csaf::AdvisoryVulnerability& vuln, const ProductCatalog& catalog) : vuln_(&vuln) {
  for (std::uint32_t i = 0; i < vuln.scores.size(); ++i) {
    for (auto p : vuln.scores[i].products) scores_.emplace_back(p, i);
  }
  for (std::uint32_t i = 0; i < vuln.remediations.size(); ++i) {
    const auto& r = vuln.remediations[i];
    for (auto p : r.products) remediations_.emplace_back(p, i);
    for (auto g : r.groups) {
      for (auto p : catalog.group(g)) remediations_.emplace_back(p, i);
    }
  }
  std::sort(scores_.begin(), scores_.end());
  std::sort(remediations_.begin(), remediations_.end());
}

template <class T>
std::vector<const T*> VulnIndex::select(const Pairs& pairs, const std::vector<T>& all,
                                        const std::vector<csaf::IdRef>& refs) {
  std::vector<bool> seen(all.size(), false);
  for (auto ref : refs) {
    auto it = std::lower_bound(pairs.begin(), pairs.end(), std::pair<csaf::IdRef, std::uint32_t>(ref, 0));
    for (; it != pairs.end() && it->first == ref; ++it) seen[it->second] = true;
  }
  std::vector<const T*> out;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (seen[i]) out.push_back(&all[i]);
  }
  return out;
}

std::vector<const csaf::AdvisoryScore*> VulnIndex::scores(const std::vector<csaf::IdRef>& refs) const {
  return select(scores_, vuln_->scores, refs);
}

std::vector<const csaf::AdvisoryRemediation*> VulnIndex::remediations(const std::vector<csaf::IdRef>& refs) const {
  return select(remediations_, vuln_->remediations, refs);
}

}  // namespace psirt::evaluate
