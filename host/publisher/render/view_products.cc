#include "host/publisher/render/view_products.h"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace psirt::render {
namespace {

// The four statuses shown, in this order, and the CSAF lists behind each
// (recommended counts as fixed, docs/design.md#advisories).
constexpr std::array<const char*, 4> kStatusOrder = {"affected", "fixed", "not affected", "under investigation"};

std::vector<std::pair<std::size_t, const std::vector<std::string>*>> statusLists(const csaf::ProductStatus& s) {
  return {{0, &s.first_affected}, {0, &s.known_affected}, {0, &s.last_affected}, {1, &s.first_fixed},
          {1, &s.fixed},          {1, &s.recommended},    {2, &s.known_not_affected},
          {3, &s.under_investigation}};
}

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Appends value unless already there. `seen` makes this O(1): a 4 MB document
// can list tens of thousands of products in one status list.
void addOnce(std::vector<std::string>& list, std::unordered_set<std::string>& seen, const std::string& value) {
  if (seen.insert(value).second) list.push_back(value);
}

// Product group name and version label of one product:
// - a branch product below a product_name branch: that name, and the branch
//   names after it ("12.4-M5.304.19"; "all versions" if defined on it);
// - a relationship product: the platform's group, and the component's name;
// - anything else: "Other products", and the full product name.
std::pair<std::string, std::string> groupAndLabel(const csaf::ProductEntry& e, const csaf::ProductIndex& index,
                                                  int depth = 0) {
  if (e.source == csaf::ProductEntry::Source::kBranch) {
    for (std::size_t i = e.branch_path.size(); i-- > 0;) {
      if (e.branch_path[i].category != "product_name") continue;
      std::string label;
      for (std::size_t j = i + 1; j < e.branch_path.size(); ++j) {
        if (!label.empty()) label += ' ';
        label += e.branch_path[j].name;
      }
      return {e.branch_path[i].name, label.empty() ? "all versions" : label};
    }
  }
  if (e.source == csaf::ProductEntry::Source::kRelationship && depth < 4) {
    const csaf::ProductEntry* platform = index.platform(e);
    const csaf::ProductEntry* component = index.component(e);
    if (platform != nullptr && component != nullptr) {
      auto group = groupAndLabel(*platform, index, depth + 1).first;
      if (group == "Other products") group = platform->name;
      return {group, component->name};
    }
  }
  return {"Other products", e.name};
}

std::vector<std::string> expanded(const csaf::ProductIndex& index, const std::vector<std::string>& ids,
                                  const std::vector<std::string>& groups) {
  return index.expand(ids, groups);
}

// VEX justifications of one vulnerability: product id -> the labels of the
// flags naming it (" [vulnerable code not present]"). Built once per
// vulnerability so long product lists stay linear.
std::unordered_map<std::string, std::string> flagNotes(const csaf::Vulnerability& v,
                                                       const csaf::ProductIndex& products) {
  std::unordered_map<std::string, std::string> out;
  for (const auto& f : v.flags) {
    std::string label = f.label;
    std::replace(label.begin(), label.end(), '_', ' ');
    for (const auto& id : products.expand(f.product_ids, f.group_ids)) {
      std::string& note = out[id];
      note += (note.empty() ? " [" : "; ") + label;
    }
  }
  for (auto& [id, note] : out) note += "]";
  return out;
}

}  // namespace

std::vector<std::string> productNames(const std::vector<std::string>& ids, const csaf::ProductIndex& products) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (const auto& id : ids) {
    const csaf::ProductEntry* e = products.find(id);
    addOnce(out, seen, e != nullptr && !e->name.empty() ? e->name : id);
  }
  return out;
}

std::vector<std::string> namesOrAll(const csaf::Vulnerability& v, const std::vector<std::string>& ids,
                                    const csaf::ProductIndex& products) {
  std::vector<std::string> affected;
  for (const auto* list : {&v.product_status.first_affected, &v.product_status.known_affected,
                           &v.product_status.last_affected}) {
    affected.insert(affected.end(), list->begin(), list->end());
  }
  std::sort(affected.begin(), affected.end());
  affected.erase(std::unique(affected.begin(), affected.end()), affected.end());
  std::vector<std::string> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  if (sorted.size() > 1 && sorted == affected) return {"all affected products"};
  return productNames(ids, products);
}

std::string joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

std::vector<AffectedProduct> affectedProducts(const csaf::Document& doc, const csaf::ProductIndex& products) {
  // With several vulnerabilities a product's status differs per CVE, so each
  // status line is per vulnerability ("affected (CVE-...)"); rows sort by
  // status order, then vulnerability order.
  const bool many = doc.vulnerabilities.size() > 1;
  std::vector<AffectedProduct> out;
  std::map<std::string, std::size_t> by_group;
  std::vector<std::map<std::pair<std::size_t, std::size_t>, StatusLine>> rows;
  std::map<std::tuple<std::size_t, std::size_t, std::size_t>, std::unordered_set<std::string>> seen;
  for (std::size_t vi = 0; vi < doc.vulnerabilities.size(); ++vi) {
    const auto& v = doc.vulnerabilities[vi];
    const auto flags = flagNotes(v, products);
    for (const auto& [status, list] : statusLists(v.product_status)) {
      for (const auto& id : *list) {
        const csaf::ProductEntry* e = products.find(id);
        auto [group, label] = e != nullptr ? groupAndLabel(*e, products) : std::pair<std::string, std::string>{"Other products", id};
        auto [it, inserted] = by_group.emplace(group, out.size());
        if (inserted) {
          out.push_back({group, {}});
          rows.emplace_back();
        }
        if (e != nullptr && e->source == csaf::ProductEntry::Source::kBranch && !e->name.empty() &&
            !endsWith(e->name, label)) {
          label += " (" + e->name + ")";  // the full product name says what the range means
        }
        if (auto f = flags.find(id); status == 2 && f != flags.end()) label += f->second;
        StatusLine& row = rows[it->second][{status, vi}];
        if (row.status.empty()) {
          row.status = kStatusOrder[status];
          if (many) row.status += " (" + (v.cve.empty() ? "vulnerability " + std::to_string(vi + 1) : v.cve) + ")";
        }
        addOnce(row.versions, seen[{it->second, status, vi}], label);
      }
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (auto& [key, row] : rows[i]) out[i].statuses.push_back(std::move(row));
  }
  return out;
}

std::vector<ProductFixes> productFixes(const csaf::Document& doc, const csaf::ProductIndex& products) {
  // Product order: as defined in the document (product_tree order).
  std::map<std::string, std::vector<FixLine>> by_id;
  const bool many = doc.vulnerabilities.size() > 1;
  for (const auto& v : doc.vulnerabilities) {
    for (const auto& r : v.remediations) {
      std::string kind = r.category == "vendor_fix"       ? "fix"
                         : r.category == "no_fix_planned" ? "no fix planned"
                         : r.category == "none_available" ? "no fix available yet"
                                                          : "";
      if (kind.empty()) continue;
      FixLine line{kind, r.details, many ? v.cve : std::string(), r.date.substr(0, 10), r.url};
      for (const auto& id : expanded(products, r.product_ids, r.group_ids)) {
        auto& fixes = by_id[id];
        bool seen = std::any_of(fixes.begin(), fixes.end(), [&](const FixLine& f) {
          return f.kind == line.kind && f.details == line.details && f.cve == line.cve && f.url == line.url;
        });
        if (!seen) fixes.push_back(line);
      }
    }
  }
  std::vector<ProductFixes> out;
  for (const auto& e : products.products()) {
    auto it = by_id.find(e.product_id);
    if (it == by_id.end()) continue;
    out.push_back({e.name.empty() ? e.product_id : e.name, std::move(it->second)});
    by_id.erase(it);
  }
  for (auto& [id, fixes] : by_id) out.push_back({id, std::move(fixes)});  // ids the tree lacks
  return out;
}

std::vector<WorkaroundLine> workarounds(const csaf::Document& doc, const csaf::ProductIndex& products) {
  std::vector<WorkaroundLine> out;
  const bool many = doc.vulnerabilities.size() > 1;
  for (const auto& v : doc.vulnerabilities) {
    for (const auto& r : v.remediations) {
      if (r.category != "workaround" && r.category != "mitigation") continue;
      out.push_back({r.category, r.details, many ? v.cve : std::string(), r.url,
                     namesOrAll(v, expanded(products, r.product_ids, r.group_ids), products)});
    }
  }
  return out;
}

}  // namespace psirt::render
