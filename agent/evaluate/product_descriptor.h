// What one CSAF product id says about software: its identity (R1), its version
// specification (an exact version or a range, R2) and, for relationship
// products, the two sides (R4). Resolved from the document's product tree
// (csaf::Advisory, the decision's compact model).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agent/csaf/advisory.h"
#include "platform/error/result.h"

namespace psirt::evaluate {

struct Identity {
  std::string purl_type;       // lower case; empty without purl
  std::string purl_namespace;  // canonical (identity::canonicalNamespace)
  std::string name;            // purl name, else CPE product, else product_name branch
  std::string arch;            // purl `arch` qualifier or architecture branch ("src": a source package)
  std::string distro;          // purl `distro` qualifier
  std::string cpe_vendor;      // from a CPE helper
  std::string cpe_product;     // a support stream (rhel_eus, ...) becomes the OS product it is a stream of
  std::string vendor;          // vendor branch (normalised)
  std::string product_name;    // product_name branch (normalised)

  // The family key: "pkg:<type>/<namespace>/<name>", "cpe:<vendor>:<product>",
  // "vendor:<vendor>/<product>", or empty when the product cannot be identified.
  std::string key() const;
  // Whether the product carries an identity of its own (purl or CPE), as
  // opposed to one named only by vendor/product branches (R4).
  bool ownIdentity() const { return !purl_type.empty() || !cpe_vendor.empty(); }
};

struct VersionSpec {
  enum class Kind { kNone, kExact, kRange };
  Kind kind = Kind::kNone;
  std::string text;          // the exact version or the range ("vers:deb/<1.2" or a bare vls)
  bool from_helper = false;  // the version came from a purl or CPE: on a platform it names a release line
};

// What the decision derives from one definition. The id and the name are
// views into the advisory (not copies: a real document has tens of thousands
// of products); the relationship's sides are read from the advisory
// (ProductCatalog::relationship).
struct ProductDescriptor {
  std::string_view product_id;
  // full_product_name.name; a relationship keeps its name only with a helper
  // (csaf::AdvisoryRelationship), else this is its product id.
  std::string_view display_name;
  Identity identity;
  VersionSpec version;
};

// Resolves product ids of a document to descriptors, each built on first use
// and kept (a real document defines tens of thousands of relationship
// products whose descriptors are never needed: families read relationships
// from relationship()). The advisory must outlive it. Not thread-safe.
class ProductCatalog {
 public:
  explicit ProductCatalog(const csaf::Advisory& doc);
  // nullptr when the id is not defined (CSAF 6.1.1).
  const ProductDescriptor* find(csaf::IdRef id) const;
  const ProductDescriptor* find(std::string_view product_id) const;
  // The relationship that defines `id` (R4), or nullptr: undefined, a plain
  // product, or a relationship without a category (judged as a plain product).
  const csaf::AdvisoryRelationship* relationship(csaf::IdRef id) const;
  // Member product ids of a group (empty when unknown).
  const std::vector<csaf::IdRef>& group(csaf::IdRef group_id) const;
  const csaf::Advisory& advisory() const { return *doc_; }

 private:
  const csaf::Advisory* doc_;
  // Parallel to doc.products, then doc.relationships.
  mutable std::vector<std::unique_ptr<ProductDescriptor>> products_;
  std::vector<std::vector<csaf::IdRef>> groups_;  // by group IdRef
};

// Lower case; blanks and '_' become '-' (vendor and product names from branches).
std::string normaliseName(std::string_view s);

// normaliseName(raw) == normalised, without building the normalised copy.
bool equalsNormalised(std::string_view raw, std::string_view normalised);

}  // namespace psirt::evaluate
