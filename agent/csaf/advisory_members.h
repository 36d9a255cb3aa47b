// INTERNAL to psirt_csaf: which JSON members the streaming reader keeps
// (advisory_builder.cc), as positions: every kept member has a Node (what it
// holds, hence its JSON type) and, for strings, the Field it fills.
#pragma once

#include <cstdint>
#include <string_view>

namespace psirt::csaf::detail {

enum class Node : std::uint8_t {
  kSkip,  // not kept: read and dropped, any type
  kString,
  // objects
  kRoot, kDocument, kTracking, kRevision, kTree, kBranch, kProduct, kHelper, kRelationship, kGroup, kVuln,
  kVulnId, kStatus, kRemediation, kScore, kCvss,
  // arrays
  kRevisions, kBranches, kProducts, kRelationships, kGroups, kVulns, kVulnIds, kRefs, kGroupRefs, kRemediations,
  kScores,
};

enum class Field : std::uint8_t {
  kNone, kDocCategory, kCsafVersion, kTitle, kTrackingId, kTrackingVersion, kTrackingStatus, kCurrentRelease,
  kBranchCategory, kBranchName, kProductName, kProductId, kCpe, kPurl, kRelCategory, kRelComponent, kRelPlatform,
  kGroupId, kCve, kVulnIdText, kRemCategory, kRemDetails, kRemUrl, kCvssVersion, kCvssVector, kRef, kGroupRef,
};

// Where a list of product ids (Node::kRefs) goes: the status list index, or:
constexpr std::uint8_t kGroupProducts = 8, kRemediationProducts = 9, kScoreProducts = 10;

// A position in the document: its node, the field a string fills, and for
// ref lists / CVSS objects which list / version (aux).
struct Slot {
  Node node = Node::kSkip;
  Field field = Field::kNone;
  std::uint8_t aux = 0;
};

inline bool isArray(Node n) { return n >= Node::kRevisions; }
// The member `key` of an object at `parent` (kSkip when not kept).
Slot memberOf(Node parent, std::string_view key);
// The elements of an array at `array` (kSkip when not kept).
Slot elementOf(Node array, std::uint8_t aux);

}  // namespace psirt::csaf::detail
