// The CSAF 2.0 document model: what the agent and the publisher read from one
// advisory. Plain data (no JSON types); built by csaf/reader.h from one buffer.
//
// Field names follow the CSAF 2.0 JSON names so a reader of the spec finds them.
// Optional scalars the spec allows to be absent are std::optional; lists are
// empty when absent. Product ids are kept as strings here; ProductIndex
// (product_index.h) resolves them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace psirt::csaf {

struct Note {
  std::string category;  // description, details, faq, general, legal_disclaimer, other, summary
  std::string text;
  std::string title;
  std::string audience;
};

struct Reference {
  std::string category;  // external (default) or self
  std::string summary;
  std::string url;
};

struct Revision {
  std::string date;     // RFC 3339 date-time, as written
  std::string number;   // integer or semantic version, as written
  std::string summary;
};

struct Tracking {
  std::string id;
  std::string version;
  std::string status;  // draft, interim, final
  std::string initial_release_date;
  std::string current_release_date;
  std::vector<Revision> revision_history;
};

struct Publisher {
  std::string category;  // coordinator, discoverer, other, translator, user, vendor
  std::string name;
  std::string namespace_;  // JSON "namespace"
};

struct DocumentMeta {
  std::string category;      // csaf_base, csaf_security_advisory, csaf_vex, ...
  std::string csaf_version;  // "2.0"
  std::string title;
  std::string lang;
  Publisher publisher;
  Tracking tracking;
  std::string tlp_label;  // distribution.tlp.label (AMBER, GREEN, RED, WHITE) or empty
  std::string tlp_url;
  std::string distribution_text;
  std::vector<Note> notes;
  std::vector<Reference> references;
};

struct FileHash {
  std::string algorithm;
  std::string value;
};

struct Hashes {
  std::string filename;
  std::vector<FileHash> file_hashes;
};

struct GenericUri {
  std::string namespace_;
  std::string uri;
};

// product_identification_helper. CPE 2.2 ("cpe:/...") and 2.3 ("cpe:2.3:...")
// strings are kept as written; matching parses them.
struct IdentificationHelper {
  std::string cpe;
  std::string purl;
  std::vector<Hashes> hashes;
  std::vector<std::string> model_numbers;
  std::vector<std::string> sbom_urls;
  std::vector<std::string> serial_numbers;
  std::vector<std::string> skus;
  std::vector<GenericUri> x_generic_uris;
};

struct FullProductName {
  std::string name;
  std::string product_id;
  std::optional<IdentificationHelper> helper;
};

// One branch node: category is one of architecture, host_name, language, legacy,
// patch_level, product_family, product_name, product_version,
// product_version_range, service_pack, specification, vendor.
struct Branch {
  std::string category;
  std::string name;
  std::optional<FullProductName> product;
  std::vector<Branch> branches;
};

struct Relationship {
  std::string category;  // default_component_of, external_component_of, installed_on,
                         // installed_with, optional_component_of
  std::string product_reference;
  std::string relates_to_product_reference;
  FullProductName full_product_name;
};

struct ProductGroup {
  std::string group_id;
  std::string summary;
  std::vector<std::string> product_ids;
};

struct ProductTree {
  std::vector<Branch> branches;
  std::vector<FullProductName> full_product_names;
  std::vector<Relationship> relationships;
  std::vector<ProductGroup> product_groups;
};

// The eight product_status lists of one vulnerability.
struct ProductStatus {
  std::vector<std::string> first_affected;
  std::vector<std::string> first_fixed;
  std::vector<std::string> fixed;
  std::vector<std::string> known_affected;
  std::vector<std::string> known_not_affected;
  std::vector<std::string> last_affected;
  std::vector<std::string> recommended;
  std::vector<std::string> under_investigation;
};

struct Flag {
  std::string label;  // component_not_present, inline_mitigations_already_exist, ...
  std::string date;
  std::vector<std::string> product_ids;
  std::vector<std::string> group_ids;
};

struct RestartRequired {
  std::string category;  // none, vulnerable_component, service, parent, ...
  std::string details;
};

struct Remediation {
  std::string category;  // mitigation, no_fix_planned, none_available, vendor_fix, workaround
  std::string details;
  std::string date;
  std::string url;
  std::vector<std::string> product_ids;
  std::vector<std::string> group_ids;
  std::vector<std::string> entitlements;
  std::optional<RestartRequired> restart_required;
};

// A cvss_v2 or cvss_v3 object kept close to the wire: CVSS arithmetic belongs
// to agent/cvss. Every string-valued property is kept in `attributes` (JSON
// name, value) so consistency with the vector can be checked (CSAF 6.1.10).
struct CvssObject {
  std::string version;
  std::string vector_string;
  std::optional<double> base_score;
  std::optional<double> temporal_score;
  std::optional<double> environmental_score;
  std::string base_severity;
  std::string temporal_severity;
  std::string environmental_severity;
  std::vector<std::pair<std::string, std::string>> attributes;
  [[nodiscard]] const std::string* attribute(const std::string& name) const;
};

struct Score {
  std::vector<std::string> products;
  std::optional<CvssObject> cvss_v2;
  std::optional<CvssObject> cvss_v3;
};

struct Threat {
  std::string category;  // exploit_status, impact, target_set
  std::string details;
  std::string date;
  std::vector<std::string> product_ids;
  std::vector<std::string> group_ids;
};

struct VulnerabilityId {
  std::string system_name;
  std::string text;
};

struct Vulnerability {
  std::string cve;
  std::string title;
  std::vector<VulnerabilityId> ids;
  std::vector<Note> notes;
  std::vector<Reference> references;
  ProductStatus product_status;
  std::vector<Flag> flags;
  std::vector<Remediation> remediations;
  std::vector<Score> scores;
  std::vector<Threat> threats;
};

struct Document {
  DocumentMeta document;
  ProductTree product_tree;
  std::vector<Vulnerability> vulnerabilities;
};

}  // namespace psirt::csaf
