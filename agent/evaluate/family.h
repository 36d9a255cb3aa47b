// Grouping one vulnerability's product_status entries into product families
// (R1, R4): the statements that speak about the same installed software.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "agent/csaf/advisory.h"
#include "agent/evaluate/product_descriptor.h"

namespace psirt::evaluate {

// One product_status entry after resolution.
struct Entry {
  const ProductDescriptor* product = nullptr;   // plain product, or the component side
  const ProductDescriptor* platform = nullptr;  // relationship products (R4)
  csaf::RelationshipCategory relationship = csaf::RelationshipCategory::kNone;  // kNone for plain products
  csaf::StatusList list = csaf::StatusList::kKnownAffected;
};

// R4: a component with an identity of its own (purl or CPE) forms a family of
// its own identity and is judged by its own installed version, the platform
// only scoping it. A component without one (a library inside a vendor image)
// is `bundled`: the family is the platform's, judged by the platform version.
struct Family {
  std::string key;
  Identity identity;  // whose items are the instances; arch cleared (entries carry theirs)
  bool bundled = false;
  std::vector<Entry> entries;
  std::vector<csaf::IdRef> refs;  // the product ids of its statements
};

struct Families {
  std::vector<Family> families;  // in order of first statement
  std::vector<std::string> errors;  // undefined product ids (CSAF 6.1.1), etc.
};

// Families of one vulnerability; `name` prefixes the errors.
Families familiesOf(const csaf::AdvisoryVulnerability& vuln, const ProductCatalog& catalog, const std::string& name);

}  // namespace psirt::evaluate
