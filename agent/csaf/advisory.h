// The decision's compact model of one CSAF 2.0 document: only what the
// exposure decision and the report need, with every product id interned.
//
// Why a second model: csaf::Document (model.h) keeps every field close to the
// wire for strict validation on the PSIRT side. On the device a real Red Hat
// document (up to 23 MB) repeats tens of thousands of product ids in status,
// remediation and score lists; as strings that alone exceeds the 16 MB budget.
// Here each id is stored once (IdTable) and lists hold 32-bit references.
//
// Two builders give the same Advisory for the same document (tested):
//   csaf::toAdvisory(const Document&)   (advisory_convert.h): from the DOM model
//   csaf::readAdvisory(...)             (stream_reader.h): streaming, on devices
//
// References are NOT resolved here: an id used in a status list but never
// defined has definition kind kUndefined; the evaluator reports it (CSAF 6.1.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/csaf/string_table.h"

namespace psirt::csaf {

using IdRef = std::uint32_t;                  // index into Advisory::ids
using TextRef = std::uint32_t;                // index into Advisory::texts
inline constexpr IdRef kNoId = 0xffffffffu;
inline constexpr TextRef kNoText = 0xffffffffu;  // the empty string

// Interned strings (product ids, group ids): each distinct string once.
using IdTable = StringTable;

// One defined product that is not a relationship: a branch leaf or a
// full_product_names entry. Its strings are interned in Advisory::texts
// (vendor, architecture, product_name repeat across thousands of leaves);
// read them with Advisory::text(). kNoText is the empty string (absent).
struct AdvisoryProduct {
  IdRef id = kNoId;
  TextRef name = kNoText;  // full_product_name.name (display)
  // From the branch path, root first; for each category the deepest one wins
  // (kNoText when absent or for full_product_names entries).
  TextRef vendor = kNoText;
  TextRef product_name = kNoText;
  TextRef architecture = kNoText;
  // The deepest of product_version / product_version_range on the path.
  enum class VersionKind : std::uint8_t { kNone, kExact, kRange };
  VersionKind version_kind = VersionKind::kNone;
  TextRef version = kNoText;
  // product_identification_helper, as written.
  TextRef purl = kNoText;
  TextRef cpe = kNoText;
};

// relationships[].category. kNone: the member is absent or empty (such a
// relationship is evaluated as a plain product, as before the split);
// kOther: a value outside the CSAF enumeration.
enum class RelationshipCategory : std::uint8_t {
  kNone, kDefaultComponentOf, kExternalComponentOf, kInstalledOn, kInstalledWith, kOptionalComponentOf, kOther,
};
RelationshipCategory relationshipCategory(std::string_view s);
std::string_view toString(RelationshipCategory c);  // "" for kNone, "other" for kOther

// One relationship's full_product_name: a real VEX defines tens of thousands
// (one per package x product stream), so only what the decision reads is
// kept. Its display name is NOT kept unless it carries a helper: the
// evaluator judges a relationship by its two sides, and a side is named by
// its own definition. A helper (rare) is kept with the name, so that a
// relationship used as another's side resolves as before.
struct AdvisoryRelationship {
  IdRef id = kNoId;
  IdRef component = kNoId;  // product_reference
  IdRef platform = kNoId;   // relates_to_product_reference
  TextRef purl = kNoText;
  TextRef cpe = kNoText;
  TextRef name = kNoText;   // only with a purl or cpe
  RelationshipCategory category = RelationshipCategory::kNone;
};

struct AdvisoryGroup {
  IdRef group_id = kNoId;  // into Advisory::group_ids
  std::vector<IdRef> products;
};

struct AdvisoryCvss {
  std::string version;        // "2.0", "3.0", "3.1"
  std::string vector_string;  // scored by agent/cvss
};

struct AdvisoryScore {
  std::vector<IdRef> products;
  std::optional<AdvisoryCvss> cvss_v3;
  std::optional<AdvisoryCvss> cvss_v2;
};

struct AdvisoryRemediation {
  std::string category;
  std::string details;
  std::string url;
  std::vector<IdRef> products;
  std::vector<IdRef> groups;  // into Advisory::group_ids
};

// The eight product_status lists, in CSAF order.
enum class StatusList : std::uint8_t {
  kFirstAffected, kFirstFixed, kFixed, kKnownAffected, kKnownNotAffected, kLastAffected, kRecommended,
  kUnderInvestigation,
};
inline constexpr std::size_t kStatusListCount = 8;
std::string_view toString(StatusList l);

struct AdvisoryVulnerability {
  std::string cve;
  std::string first_id;  // ids[0].text, when there is no cve
  std::vector<IdRef> status[kStatusListCount];  // indexed by StatusList
  std::vector<AdvisoryRemediation> remediations;
  std::vector<AdvisoryScore> scores;
};

struct Advisory {
  std::string category;      // document.category
  std::string csaf_version;  // "2.0"
  std::string title;
  std::string tracking_id;
  std::string tracking_version;
  std::string tracking_status;  // draft, interim, final
  std::string current_release_date;
  std::size_t revision_count = 0;

  IdTable ids;        // product ids, defined or only referenced
  IdTable group_ids;  // product group ids
  StringTable texts;  // product strings (names, path facts, helpers)
  // Definitions: branch leaves depth first, then full_product_names (each in
  // array order), whatever the key order of the JSON; relationships in array
  // order. Definition order is products, then relationships.
  std::vector<AdvisoryProduct> products;
  std::vector<AdvisoryRelationship> relationships;
  std::vector<AdvisoryGroup> groups;
  std::vector<AdvisoryVulnerability> vulnerabilities;

  [[nodiscard]] std::string_view text(TextRef r) const { return r == kNoText ? std::string_view() : texts.at(r); }
  // The reference of `s` in texts; kNoText for the empty string.
  TextRef internText(std::string_view s) { return s.empty() ? kNoText : texts.intern(s); }

  // The first definition of a product id.
  struct Definition {
    enum class Kind : std::uint8_t { kUndefined, kProduct, kRelationship };
    Kind kind = Kind::kUndefined;
    std::uint32_t index = 0;  // into products or relationships
  };
  [[nodiscard]] Definition definition(IdRef id) const;
  // A product id defined more than once (CSAF 6.1.2), or kNoId. The device
  // refuses such documents: which definition is meant cannot be known.
  [[nodiscard]] IdRef duplicateDefinition() const;
  // Builds the id -> definition index; builders call it once at the end.
  void indexDefinitions();

 private:
  // By IdRef: kNoDefinition (advisory.cc), an index into products, or kRelationshipBit | an
  // index into relationships.
  static constexpr std::uint32_t kRelationshipBit = 0x80000000u;
  std::vector<std::uint32_t> definition_;
  IdRef duplicate_ = kNoId;
};

}  // namespace psirt::csaf
