// Product ids of one document resolved: id -> where the product is defined,
// its branch path, its identification helper, and for relationship products
// the two sides. Product groups expand to their member ids.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "agent/csaf/model.h"

namespace psirt::csaf {

struct BranchStep {
  std::string category;  // vendor, product_name, product_version, ...
  std::string name;
};

struct ProductEntry {
  enum class Source { kBranch, kFullProductName, kRelationship };
  std::string product_id;
  std::string name;
  Source source = Source::kFullProductName;
  std::vector<BranchStep> branch_path;          // root first; empty unless kBranch
  const IdentificationHelper* helper = nullptr;  // into the Document; may be null
  const Relationship* relationship = nullptr;    // kRelationship only
  std::string pointer;                           // JSON pointer of the definition
};

// Built over one Document, which must outlive the index and not be copied
// or modified meanwhile (entries point into it). A product id defined twice
// keeps its first definition (the duplicate is CSAF test 6.1.2's finding).
class ProductIndex {
 public:
  explicit ProductIndex(const Document& doc);

  [[nodiscard]] const ProductEntry* find(std::string_view product_id) const;
  [[nodiscard]] const std::vector<ProductEntry>& products() const { return products_; }
  // The member product ids of a product group (empty if the group is unknown).
  [[nodiscard]] std::vector<std::string> expandGroup(std::string_view group_id) const;
  // product_ids plus the members of group_ids, each id once, first order kept.
  [[nodiscard]] std::vector<std::string> expand(const std::vector<std::string>& product_ids,
                                                const std::vector<std::string>& group_ids) const;
  // For a relationship product: the entries of product_reference and
  // relates_to_product_reference (null when undefined).
  [[nodiscard]] const ProductEntry* component(const ProductEntry& p) const;
  [[nodiscard]] const ProductEntry* platform(const ProductEntry& p) const;

 private:
  std::vector<ProductEntry> products_;
  std::unordered_map<std::string, std::size_t> by_id_;
  std::unordered_map<std::string, const ProductGroup*> groups_;
};

}  // namespace psirt::csaf
