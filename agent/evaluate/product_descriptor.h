// What one CSAF product id says about software: its identity (R1), its version
// specification (an exact version or a range, R2) and, for relationship
// products, the two sides (R4). Resolved from the document's product tree.
#pragma once

#include <map>
#include <string>

#include "agent/csaf/model.h"
#include "platform/error/result.h"

namespace psirt::evaluate {

struct Identity {
  std::string purl_type;       // lower case; empty without purl
  std::string purl_namespace;
  std::string name;            // purl name, else CPE product, else product_name branch
  std::string arch;            // purl `arch` qualifier or architecture branch
  std::string distro;          // purl `distro` qualifier
  std::string cpe_vendor;      // from a CPE helper
  std::string cpe_product;
  std::string vendor;          // vendor branch (normalised)
  std::string product_name;    // product_name branch (normalised)

  // The family key: "pkg:<type>/<namespace>/<name>", "cpe:<vendor>:<product>",
  // "vendor:<vendor>/<product>", or empty when the product cannot be identified.
  std::string key() const;
};

struct VersionSpec {
  enum class Kind { kNone, kExact, kRange };
  Kind kind = Kind::kNone;
  std::string text;            // the exact version or the range ("vers:deb/<1.2" or a bare vls)
};

struct ProductDescriptor {
  std::string product_id;
  std::string display_name;
  Identity identity;
  VersionSpec version;
  // Relationship products (R4): category and the two resolved sides' ids.
  std::string relationship;    // empty for plain products
  std::string component_id;
  std::string platform_id;
};

// Indexes every product id of a document (branches, full_product_names,
// relationships). Unknown ids resolve to an error naming the id.
class ProductCatalog {
 public:
  explicit ProductCatalog(const csaf::Document& doc);
  Result<ProductDescriptor> find(const std::string& product_id) const;
  // Group id -> member product ids (empty when unknown).
  const std::vector<std::string>& group(const std::string& group_id) const;

 private:
  std::map<std::string, ProductDescriptor> products_;
  std::map<std::string, std::vector<std::string>> groups_;
};

// Lower case; blanks and '_' become '-' (vendor and product names from branches).
std::string normaliseName(std::string_view s);

// normaliseName(raw) == normalised, without building the normalised copy.
bool equalsNormalised(std::string_view raw, std::string_view normalised);

}  // namespace psirt::evaluate
