// The product-shaped sections of the advisory view: Affected products,
// Software versions and fixes, Workarounds (docs/formats/advisory-render.md).
// Internal to psirt_render.
#pragma once

#include <string>
#include <vector>

#include "agent/csaf/model.h"
#include "agent/csaf/product_index.h"
#include "host/publisher/render/advisory_view.h"

namespace psirt::render {

// Full product names of ids (an id the index does not know is shown as is).
std::vector<std::string> productNames(const std::vector<std::string>& ids, const csaf::ProductIndex& products);
// productNames, or {"all affected products"} when `ids` are exactly the
// (several) affected products of `v` (keeps long vendor lists readable).
std::vector<std::string> namesOrAll(const csaf::Vulnerability& v, const std::vector<std::string>& ids,
                                    const csaf::ProductIndex& products);
std::string joinNames(const std::vector<std::string>& names);

std::vector<AffectedProduct> affectedProducts(const csaf::Document& doc, const csaf::ProductIndex& products);
std::vector<ProductFixes> productFixes(const csaf::Document& doc, const csaf::ProductIndex& products);
std::vector<WorkaroundLine> workarounds(const csaf::Document& doc, const csaf::ProductIndex& products);

}  // namespace psirt::render
