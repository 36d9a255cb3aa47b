// Product index: definitions from branches (depth first), full_product_names
// and relationships, in document order.
#include "agent/csaf/product_index.h"

#include <unordered_set>

namespace psirt::csaf {
namespace {

void walk(const std::vector<Branch>& branches, std::vector<BranchStep>& path, const std::string& pointer,
          std::vector<ProductEntry>& out) {
  // Recursion depth is bounded by the JSON nesting limit (Limits::max_depth).
  for (std::size_t i = 0; i < branches.size(); ++i) {
    const Branch& b = branches[i];
    const std::string here = pointer + "/" + std::to_string(i);
    path.push_back(BranchStep{b.category, b.name});
    if (b.product && !b.product->product_id.empty()) {
      ProductEntry e;
      e.product_id = b.product->product_id;
      e.name = b.product->name;
      e.source = ProductEntry::Source::kBranch;
      e.branch_path = path;
      e.helper = b.product->helper ? &*b.product->helper : nullptr;
      e.pointer = here + "/product";
      out.push_back(std::move(e));
    }
    walk(b.branches, path, here + "/branches", out);
    path.pop_back();
  }
}

}  // namespace

ProductIndex::ProductIndex(const Document& doc) {
  const ProductTree& t = doc.product_tree;
  std::vector<BranchStep> path;
  walk(t.branches, path, "/product_tree/branches", products_);
  for (std::size_t i = 0; i < t.full_product_names.size(); ++i) {
    const FullProductName& f = t.full_product_names[i];
    if (f.product_id.empty()) continue;
    ProductEntry e;
    e.product_id = f.product_id;
    e.name = f.name;
    e.helper = f.helper ? &*f.helper : nullptr;
    e.pointer = "/product_tree/full_product_names/" + std::to_string(i);
    products_.push_back(std::move(e));
  }
  for (std::size_t i = 0; i < t.relationships.size(); ++i) {
    const Relationship& r = t.relationships[i];
    if (r.full_product_name.product_id.empty()) continue;
    ProductEntry e;
    e.product_id = r.full_product_name.product_id;
    e.name = r.full_product_name.name;
    e.source = ProductEntry::Source::kRelationship;
    e.helper = r.full_product_name.helper ? &*r.full_product_name.helper : nullptr;
    e.relationship = &r;
    e.pointer = "/product_tree/relationships/" + std::to_string(i) + "/full_product_name";
    products_.push_back(std::move(e));
  }
  for (std::size_t i = 0; i < products_.size(); ++i) by_id_.emplace(products_[i].product_id, i);
  for (const ProductGroup& g : t.product_groups) groups_.emplace(g.group_id, &g);
}

const ProductEntry* ProductIndex::find(std::string_view product_id) const {
  auto it = by_id_.find(std::string(product_id));
  return it == by_id_.end() ? nullptr : &products_[it->second];
}

std::vector<std::string> ProductIndex::expandGroup(std::string_view group_id) const {
  auto it = groups_.find(std::string(group_id));
  return it == groups_.end() ? std::vector<std::string>{} : it->second->product_ids;
}

std::vector<std::string> ProductIndex::expand(const std::vector<std::string>& product_ids,
                                              const std::vector<std::string>& group_ids) const {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  auto add = [&](const std::string& id) {
    if (seen.insert(id).second) out.push_back(id);
  };
  for (const auto& id : product_ids) add(id);
  for (const auto& g : group_ids) {
    for (const auto& id : expandGroup(g)) add(id);
  }
  return out;
}

const ProductEntry* ProductIndex::component(const ProductEntry& p) const {
  return p.relationship == nullptr ? nullptr : find(p.relationship->product_reference);
}

const ProductEntry* ProductIndex::platform(const ProductEntry& p) const {
  return p.relationship == nullptr ? nullptr : find(p.relationship->relates_to_product_reference);
}

}  // namespace psirt::csaf
