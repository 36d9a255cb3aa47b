#include "agent/evaluate/family.h"

#include <unordered_map>

namespace psirt::evaluate {

Families familiesOf(const csaf::AdvisoryVulnerability& vuln, const ProductCatalog& catalog, const std::string& name) {
  Families out;
  std::unordered_map<std::string, std::size_t> by_key;
  const csaf::Advisory& doc = catalog.advisory();
  for (std::size_t l = 0; l < csaf::kStatusListCount; ++l) {
    for (const csaf::IdRef ref : vuln.status[l]) {
      if (doc.definition(ref).kind == csaf::Advisory::Definition::Kind::kUndefined) {
        out.errors.push_back(name + ": product id is not defined in the product tree (CSAF 6.1.1): " +
                             std::string(doc.ids.at(ref)));
        continue;
      }
      const csaf::AdvisoryRelationship* def = catalog.relationship(ref);
      Entry e{nullptr, nullptr, def != nullptr ? def->category : csaf::RelationshipCategory::kNone,
              static_cast<csaf::StatusList>(l)};
      const Identity* identity = nullptr;  // copied only when a family is created
      std::string key;
      bool bundled = false;
      if (def != nullptr) {
        // The relationship's own descriptor is never built: its sides decide.
        const ProductDescriptor* comp = catalog.find(def->component);
        const ProductDescriptor* plat = catalog.find(def->platform);
        if (comp == nullptr || plat == nullptr) {
          out.errors.push_back(name + ": relationship " + std::string(doc.ids.at(ref)) + " names an undefined product");
          continue;
        }
        e.product = comp;
        e.platform = plat;
        bundled = !comp->identity.ownIdentity();
        identity = bundled ? &plat->identity : &comp->identity;
        key = comp->identity.key();
        if (bundled) {
          const std::string plat_key = plat->identity.key();
          key = plat_key.empty() ? std::string() : (key.empty() ? std::string(comp->display_name) : key) + " in " + plat_key;
        }
      } else {
        e.product = catalog.find(ref);
        identity = &e.product->identity;
        key = identity->key();
      }
      if (key.empty()) key = "unidentified:" + std::string(doc.ids.at(ref));
      auto [it, inserted] = by_key.try_emplace(key, out.families.size());
      if (inserted) {
        Family f;
        f.key = key;
        f.identity = *identity;
        f.identity.arch.clear();
        f.bundled = bundled;
        out.families.push_back(std::move(f));
      }
      Family& fam = out.families[it->second];
      fam.entries.push_back(e);
      fam.refs.push_back(ref);
    }
  }
  return out;
}

}  // namespace psirt::evaluate
