#include "agent/evaluate/platform.h"

#include "agent/evaluate/range_match.h"
#include "agent/evaluate/train.h"
#include "agent/versions/version.h"

namespace psirt::evaluate {

namespace {

// Whether the item's version is the platform's: kNone covers every version.
Result<bool> versionCovers(const VersionSpec& spec, const InstalledItem& item) {
  if (spec.kind == VersionSpec::Kind::kNone) return true;
  if (spec.kind == VersionSpec::Kind::kExact && spec.from_helper) {
    return coversReleaseLine(spec.text, osVersionOf(item));
  }
  auto scheme = versions::schemeFromName(item.version_scheme);
  if (!scheme) return makeError(ErrorCategory::kUnsupported, "version scheme '" + item.version_scheme + "'");
  auto v = versions::parse(*scheme, item.version);
  if (!v) return v.error();
  if (spec.kind == VersionSpec::Kind::kRange) return rangeContains(spec.text, *v);
  auto c = versions::compare(*scheme, spec.text, item.version);
  if (!c) return c.error();
  return *c == 0;
}

}  // namespace

PlatformState platformState(const ProductDescriptor& platform, const InventoryIndex& inventory) {
  using K = PlatformState::Kind;
  if (platform.identity.key().empty()) {
    return {K::kUnknown, "platform " + std::string(platform.product_id) + " has no identification (purl, cpe or vendor/product)"};
  }
  bool matched = false;
  std::string unevaluable;
  for (const InstalledItem* item : inventory.candidates(platform.identity)) {
    if (!matchesIdentity(platform.identity, *item, nullptr)) continue;
    matched = true;
    auto covers = versionCovers(platform.version, *item);
    if (!covers) unevaluable = covers.error().describe();
    else if (*covers) return {K::kPresent, {}};
  }
  if (!unevaluable.empty()) {
    return {K::kUnknown, "platform " + std::string(platform.product_id) + " version cannot be evaluated: " + unevaluable};
  }
  if (matched) return {K::kOtherLine, {}};
  const std::string eco = ecosystemOf(platform.identity);
  if (inventory.view().partial(eco)) {
    return {K::kUnknown, "platform " + std::string(platform.product_id) + ": inventory of " + eco + " is partial"};
  }
  // Package and vendor-manifest readers list every product of their kind;
  // nothing lists every product a CPE can name.
  if (platform.identity.purl_type.empty() && !platform.identity.cpe_vendor.empty()) return {K::kUnidentified, {}};
  return {K::kAbsent, {}};
}

const PlatformState& PlatformStates::of(const ProductDescriptor& platform) {
  auto it = cache_.find(&platform);
  if (it == cache_.end()) it = cache_.emplace(&platform, platformState(platform, *inventory_)).first;
  return it->second;
}

}  // namespace psirt::evaluate
