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
// defined has definition kUndefined; the evaluator reports it (CSAF 6.1.1).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace psirt::csaf {

using IdRef = std::uint32_t;                  // index into Advisory::ids
inline constexpr IdRef kNoId = 0xffffffffu;
inline constexpr std::uint32_t kUndefined = 0xffffffffu;

// Interned strings (product ids, group ids): each distinct string once.
class IdTable {
 public:
  IdRef intern(std::string_view s);
  [[nodiscard]] std::optional<IdRef> find(std::string_view s) const;
  [[nodiscard]] const std::string& at(IdRef r) const { return strings_[r]; }
  [[nodiscard]] std::size_t size() const { return strings_.size(); }

 private:
  std::deque<std::string> strings_;                     // deque: elements never move
  std::unordered_map<std::string_view, IdRef> index_;  // views into strings_
};

// One defined product: a branch leaf, a full_product_names entry or a
// relationship's full_product_name.
struct AdvisoryProduct {
  IdRef id = kNoId;
  std::string name;  // full_product_name.name (display)
  // From the branch path, root first; for each category the deepest one wins
  // (empty when absent or for non-branch products).
  std::string vendor;
  std::string product_name;
  std::string architecture;
  // The deepest of product_version / product_version_range on the path.
  enum class VersionKind : std::uint8_t { kNone, kExact, kRange };
  VersionKind version_kind = VersionKind::kNone;
  std::string version;
  // product_identification_helper, as written.
  std::string purl;
  std::string cpe;
  // Relationship products only.
  std::string relationship;  // category; empty for plain products
  IdRef component = kNoId;   // product_reference
  IdRef platform = kNoId;    // relates_to_product_reference
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
  // Definitions: branch leaves depth first, then full_product_names, then
  // relationships (each in array order), whatever the key order of the JSON.
  std::vector<AdvisoryProduct> products;
  std::vector<AdvisoryGroup> groups;
  std::vector<AdvisoryVulnerability> vulnerabilities;

  // Index into `products` of the first definition of `id`, or kUndefined.
  [[nodiscard]] std::uint32_t definition(IdRef id) const;
  // A product id defined more than once (CSAF 6.1.2), or kNoId. The device
  // refuses such documents: which definition is meant cannot be known.
  [[nodiscard]] IdRef duplicateDefinition() const;
  // Builds the id -> definition index; builders call it once at the end.
  void indexDefinitions();

 private:
  std::vector<std::uint32_t> definition_;  // by IdRef
  IdRef duplicate_ = kNoId;
};

}  // namespace psirt::csaf
