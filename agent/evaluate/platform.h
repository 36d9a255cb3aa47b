// R4/R5 for the platform side of a relationship product: is the platform the
// advisory names installed here, on the release line it names?
#pragma once

#include <string>
#include <unordered_map>

#include "agent/evaluate/inventory_index.h"
#include "agent/evaluate/product_descriptor.h"

namespace psirt::evaluate {

struct PlatformState {
  enum class Kind {
    kPresent,    // an item has the platform's identity and its version / release line
    kOtherLine,  // an item has the identity, on another release line or version
    kAbsent,     // no item has the identity, in a complete inventory of its kind
    kUnidentified,  // a CPE no inventory item carries: no reader speaks for such
                    // products (a vendor's layered product), so absence is not known
    kUnknown,    // cannot be decided (no identification, partial inventory, unevaluable spec)
  };
  Kind kind = Kind::kAbsent;
  std::string reason;  // kUnknown: why
};

// The platform's state against the inventory. A version taken from the
// platform's purl or CPE names a release line ("enterprise_linux:8" covers
// 8.10, coversReleaseLine); a branch version or range is compared as a
// version in the item's scheme.
PlatformState platformState(const ProductDescriptor& platform, const InventoryIndex& inventory);

// platformState() once per platform product of a document.
class PlatformStates {
 public:
  explicit PlatformStates(const InventoryIndex& inventory) : inventory_(&inventory) {}
  const PlatformState& of(const ProductDescriptor& platform);

 private:
  const InventoryIndex* inventory_;
  std::unordered_map<const ProductDescriptor*, PlatformState> cache_;
};

}  // namespace psirt::evaluate
