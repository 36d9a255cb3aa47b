#include "agent/csaf/advisory.h"

namespace psirt::csaf {

IdRef IdTable::intern(std::string_view s) {
  if (auto it = index_.find(s); it != index_.end()) return it->second;
  const auto ref = static_cast<IdRef>(strings_.size());
  strings_.emplace_back(s);
  index_.emplace(std::string_view(strings_.back()), ref);
  return ref;
}

std::optional<IdRef> IdTable::find(std::string_view s) const {
  auto it = index_.find(s);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::string_view toString(StatusList l) {
  switch (l) {
    case StatusList::kFirstAffected: return "first_affected";
    case StatusList::kFirstFixed: return "first_fixed";
    case StatusList::kFixed: return "fixed";
    case StatusList::kKnownAffected: return "known_affected";
    case StatusList::kKnownNotAffected: return "known_not_affected";
    case StatusList::kLastAffected: return "last_affected";
    case StatusList::kRecommended: return "recommended";
    case StatusList::kUnderInvestigation: return "under_investigation";
  }
  return "?";
}

void Advisory::indexDefinitions() {
  definition_.assign(ids.size(), kUndefined);
  duplicate_ = kNoId;
  for (std::size_t i = 0; i < products.size(); ++i) {
    const IdRef id = products[i].id;
    if (id >= definition_.size()) continue;
    if (definition_[id] == kUndefined) definition_[id] = static_cast<std::uint32_t>(i);
    else if (duplicate_ == kNoId) duplicate_ = id;
  }
}

std::uint32_t Advisory::definition(IdRef id) const {
  return id < definition_.size() ? definition_[id] : kUndefined;
}

IdRef Advisory::duplicateDefinition() const { return duplicate_; }

}  // namespace psirt::csaf
