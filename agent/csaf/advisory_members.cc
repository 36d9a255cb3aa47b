#include "agent/csaf/advisory_members.h"

namespace psirt::csaf::detail {
namespace {

struct Member {
  Node parent;
  std::string_view key;
  Node node;
  Field field = Field::kNone;
  std::uint8_t aux = 0;
};

// Every kept member; anything else is skipped.
constexpr Member kMembers[] = {
    {Node::kRoot, "document", Node::kDocument},
    {Node::kRoot, "product_tree", Node::kTree},
    {Node::kRoot, "vulnerabilities", Node::kVulns},
    {Node::kDocument, "category", Node::kString, Field::kDocCategory},
    {Node::kDocument, "csaf_version", Node::kString, Field::kCsafVersion},
    {Node::kDocument, "title", Node::kString, Field::kTitle},
    {Node::kDocument, "tracking", Node::kTracking},
    {Node::kTracking, "id", Node::kString, Field::kTrackingId},
    {Node::kTracking, "version", Node::kString, Field::kTrackingVersion},
    {Node::kTracking, "status", Node::kString, Field::kTrackingStatus},
    {Node::kTracking, "current_release_date", Node::kString, Field::kCurrentRelease},
    {Node::kTracking, "revision_history", Node::kRevisions},
    {Node::kTree, "branches", Node::kBranches},
    {Node::kTree, "full_product_names", Node::kProducts},
    {Node::kTree, "relationships", Node::kRelationships},
    {Node::kTree, "product_groups", Node::kGroups},
    {Node::kBranch, "category", Node::kString, Field::kBranchCategory},
    {Node::kBranch, "name", Node::kString, Field::kBranchName},
    {Node::kBranch, "product", Node::kProduct},
    {Node::kBranch, "branches", Node::kBranches},
    {Node::kProduct, "name", Node::kString, Field::kProductName},
    {Node::kProduct, "product_id", Node::kString, Field::kProductId},
    {Node::kProduct, "product_identification_helper", Node::kHelper},
    {Node::kHelper, "cpe", Node::kString, Field::kCpe},
    {Node::kHelper, "purl", Node::kString, Field::kPurl},
    {Node::kRelationship, "category", Node::kString, Field::kRelCategory},
    {Node::kRelationship, "product_reference", Node::kString, Field::kRelComponent},
    {Node::kRelationship, "relates_to_product_reference", Node::kString, Field::kRelPlatform},
    {Node::kRelationship, "full_product_name", Node::kProduct},
    {Node::kGroup, "group_id", Node::kString, Field::kGroupId},
    {Node::kGroup, "product_ids", Node::kRefs, Field::kNone, kGroupProducts},
    {Node::kVuln, "cve", Node::kString, Field::kCve},
    {Node::kVuln, "ids", Node::kVulnIds},
    {Node::kVuln, "product_status", Node::kStatus},
    {Node::kVuln, "remediations", Node::kRemediations},
    {Node::kVuln, "scores", Node::kScores},
    {Node::kVulnId, "text", Node::kString, Field::kVulnIdText},
    {Node::kStatus, "first_affected", Node::kRefs, Field::kNone, 0},
    {Node::kStatus, "first_fixed", Node::kRefs, Field::kNone, 1},
    {Node::kStatus, "fixed", Node::kRefs, Field::kNone, 2},
    {Node::kStatus, "known_affected", Node::kRefs, Field::kNone, 3},
    {Node::kStatus, "known_not_affected", Node::kRefs, Field::kNone, 4},
    {Node::kStatus, "last_affected", Node::kRefs, Field::kNone, 5},
    {Node::kStatus, "recommended", Node::kRefs, Field::kNone, 6},
    {Node::kStatus, "under_investigation", Node::kRefs, Field::kNone, 7},
    {Node::kRemediation, "category", Node::kString, Field::kRemCategory},
    {Node::kRemediation, "details", Node::kString, Field::kRemDetails},
    {Node::kRemediation, "url", Node::kString, Field::kRemUrl},
    {Node::kRemediation, "product_ids", Node::kRefs, Field::kNone, kRemediationProducts},
    {Node::kRemediation, "group_ids", Node::kGroupRefs},
    {Node::kScore, "products", Node::kRefs, Field::kNone, kScoreProducts},
    {Node::kScore, "cvss_v2", Node::kCvss, Field::kNone, 2},
    {Node::kScore, "cvss_v3", Node::kCvss, Field::kNone, 3},
    {Node::kCvss, "version", Node::kString, Field::kCvssVersion},
    {Node::kCvss, "vectorString", Node::kString, Field::kCvssVector},
};

}  // namespace

Slot memberOf(Node parent, std::string_view key) {
  for (const Member& m : kMembers) {
    if (m.parent == parent && m.key == key) return Slot{m.node, m.field, m.aux};
  }
  return Slot{};
}

Slot elementOf(Node array, std::uint8_t aux) {
  switch (array) {
    case Node::kRevisions: return Slot{Node::kRevision};
    case Node::kBranches: return Slot{Node::kBranch};
    case Node::kProducts: return Slot{Node::kProduct};
    case Node::kRelationships: return Slot{Node::kRelationship};
    case Node::kGroups: return Slot{Node::kGroup};
    case Node::kVulns: return Slot{Node::kVuln};
    case Node::kVulnIds: return Slot{Node::kVulnId};
    case Node::kRefs: return Slot{Node::kString, Field::kRef, aux};
    case Node::kGroupRefs: return Slot{Node::kString, Field::kGroupRef, aux};
    case Node::kRemediations: return Slot{Node::kRemediation};
    case Node::kScores: return Slot{Node::kScore};
    default: return Slot{};
  }
}

}  // namespace psirt::csaf::detail
