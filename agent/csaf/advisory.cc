#include "agent/csaf/advisory.h"

namespace psirt::csaf {

namespace {

constexpr std::uint32_t kNoDefinition = 0xffffffffu;  // in definition_

struct CategoryName {
  RelationshipCategory category;
  std::string_view name;
};
constexpr CategoryName kCategories[] = {
    {RelationshipCategory::kDefaultComponentOf, "default_component_of"},
    {RelationshipCategory::kExternalComponentOf, "external_component_of"},
    {RelationshipCategory::kInstalledOn, "installed_on"},
    {RelationshipCategory::kInstalledWith, "installed_with"},
    {RelationshipCategory::kOptionalComponentOf, "optional_component_of"},
};

}  // namespace

RelationshipCategory relationshipCategory(std::string_view s) {
  if (s.empty()) return RelationshipCategory::kNone;
  for (const auto& c : kCategories) {
    if (c.name == s) return c.category;
  }
  return RelationshipCategory::kOther;
}

std::string_view toString(RelationshipCategory c) {
  if (c == RelationshipCategory::kNone) return "";
  for (const auto& k : kCategories) {
    if (k.category == c) return k.name;
  }
  return "other";
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
  definition_.assign(ids.size(), kNoDefinition);
  duplicate_ = kNoId;
  // Products first, then relationships: the definition order.
  auto index = [&](IdRef id, std::uint32_t value) {
    if (id >= definition_.size()) return;
    if (definition_[id] == kNoDefinition) definition_[id] = value;
    else if (duplicate_ == kNoId) duplicate_ = id;
  };
  for (std::size_t i = 0; i < products.size(); ++i) index(products[i].id, static_cast<std::uint32_t>(i));
  for (std::size_t i = 0; i < relationships.size(); ++i) {
    index(relationships[i].id, kRelationshipBit | static_cast<std::uint32_t>(i));
  }
}

Advisory::Definition Advisory::definition(IdRef id) const {
  const std::uint32_t v = id < definition_.size() ? definition_[id] : kNoDefinition;
  if (v == kNoDefinition) return {};
  if ((v & kRelationshipBit) != 0) return {Definition::Kind::kRelationship, v & ~kRelationshipBit};
  return {Definition::Kind::kProduct, v};
}

IdRef Advisory::duplicateDefinition() const { return duplicate_; }

}  // namespace psirt::csaf
