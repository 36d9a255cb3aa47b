#include "agent/evaluate/evaluator.h"

#include <map>
#include <optional>

#include "agent/evaluate/decide.h"
#include "agent/evaluate/product_descriptor.h"
#include "agent/evaluate/range_match.h"
#include "agent/evaluate/scoring.h"
#include "agent/evaluate/train.h"

namespace psirt::evaluate {

namespace {

// One product_status entry after resolution.
struct Entry {
  ProductDescriptor product;            // plain product, or the component side
  std::string list;
  std::optional<ProductDescriptor> platform;  // relationship products (R4)
  std::string relationship;
};

struct Family {
  std::string key;
  Identity identity;                    // whose items are the instances
  bool bundled = false;                 // default_component_of: judged by the platform
  std::vector<Entry> entries;
  std::vector<std::string> product_ids;
};

const std::vector<std::pair<const char*, const std::vector<std::string> csaf::ProductStatus::*>> kLists = {
    {"first_affected", &csaf::ProductStatus::first_affected},
    {"first_fixed", &csaf::ProductStatus::first_fixed},
    {"fixed", &csaf::ProductStatus::fixed},
    {"known_affected", &csaf::ProductStatus::known_affected},
    {"known_not_affected", &csaf::ProductStatus::known_not_affected},
    {"last_affected", &csaf::ProductStatus::last_affected},
    {"recommended", &csaf::ProductStatus::recommended},
    {"under_investigation", &csaf::ProductStatus::under_investigation},
};

std::string labelOf(const InstalledItem& item) {
  if (!item.label.empty()) return item.label;
  std::string l = item.name + " " + item.version;
  if (!item.arch.empty()) l += " (" + item.arch + ")";
  return l;
}

// A version spec hits an installed version: no spec means every version.
bool specHits(const VersionSpec& spec, const InstalledItem& item, const std::string& version) {
  if (spec.kind == VersionSpec::Kind::kNone) return true;
  auto scheme = versions::schemeFromName(item.version_scheme);
  if (!scheme) return false;
  auto v = versions::parse(*scheme, version);
  if (!v) return false;
  if (spec.kind == VersionSpec::Kind::kRange) return rangeContains(spec.text, *v).value_or(false);
  return versions::compare(*scheme, spec.text, version).value_or(1) == 0;
}

bool platformPresent(const ProductDescriptor& platform, const InventoryIndex& inv) {
  for (const InstalledItem* item : inv.candidates(platform.identity)) {
    MatchedVersion mv;
    if (matchesIdentity(platform.identity, *item, &mv) && specHits(platform.version, *item, mv.version)) return true;
  }
  return false;
}

TrainAnchor anchorOf(const ProductDescriptor& d, const std::string& list, const InstalledItem& item) {
  TrainAnchor a;
  a.product_id = d.product_id;
  a.list = list;
  a.is_range = d.version.kind != VersionSpec::Kind::kExact;  // kNone: every version (empty text)
  a.text = d.version.kind == VersionSpec::Kind::kNone ? std::string() : d.version.text;
  if (!a.is_range && item.version_scheme == "rpm") a.text = stripNevra(item.name, a.text, nullptr);
  return a;
}

InstanceVerdict evaluateInstance(const Family& fam, const InstalledItem& item, const MatchedVersion& mv,
                                 const InventoryIndex& inv) {
  InstanceVerdict iv;
  iv.item = labelOf(item);
  iv.installed_version = mv.version;
  auto fail = [&](std::string reason) {
    iv.status = Status::kUnknown;
    iv.basis = Basis::kInferred;
    iv.rule = 5;
    iv.reason = std::move(reason);
    return iv;
  };
  if (item.uncertain) return fail("package state is uncertain (half-installed)");
  auto scheme = versions::schemeFromName(item.version_scheme);
  if (!scheme) return fail("version scheme '" + item.version_scheme + "' cannot be evaluated");
  auto installed = versions::parse(*scheme, mv.version);
  if (!installed) return fail("installed version: " + installed.error().describe());

  // R4: statements about this component on a present platform are more
  // specific than plain statements about the component.
  std::vector<TrainAnchor> plain, specific;
  bool had_relationship = false;
  for (const auto& e : fam.entries) {
    if (fam.bundled) {
      if (sameTrain(*e.platform, item)) specific.push_back(anchorOf(*e.platform, e.list, item));
      continue;
    }
    if (e.platform) {
      had_relationship = true;
      if (!platformPresent(*e.platform, inv) || !sameTrain(e.product, item)) continue;
      specific.push_back(anchorOf(e.product, e.list, item));
    } else if (sameTrain(e.product, item)) {
      plain.push_back(anchorOf(e.product, e.list, item));
    }
  }
  const auto& anchors = specific.empty() ? plain : specific;
  if (anchors.empty() && had_relationship && !fam.bundled) {
    iv.status = Status::kNotInstalled;
    iv.basis = Basis::kNoMatch;
    iv.rule = 4;
    iv.reason = "the platform named by the advisory is not installed";
    return iv;
  }
  InstanceVerdict d = decideInstance(*installed, anchors);
  d.item = iv.item;
  d.installed_version = iv.installed_version;
  if (!specific.empty() && d.rule != 5) d.rule = 4;
  return d;
}

Verdict evaluateFamily(const std::string& vulnerability, const Family& fam, const InventoryIndex& inv) {
  Verdict v;
  v.vulnerability = vulnerability;
  v.product = fam.key;
  v.product_ids = fam.product_ids;
  const bool partial = inv.view().partial_ecosystems.count(ecosystemOf(fam.identity)) != 0;
  for (const InstalledItem* item : inv.candidates(fam.identity)) {
    MatchedVersion mv;
    if (!matchesIdentity(fam.identity, *item, &mv)) continue;
    v.instances.push_back(evaluateInstance(fam, *item, mv, inv));
  }
  if (v.instances.empty()) {
    bool optional_absent = !fam.entries.empty();
    for (const auto& e : fam.entries) {
      optional_absent = optional_absent && e.relationship == "optional_component_of" && e.platform &&
                        platformPresent(*e.platform, inv);
    }
    InstanceVerdict none;
    none.basis = Basis::kNoMatch;
    if (partial) {
      none.status = Status::kUnknown;
      none.rule = 5;
      none.reason = "inventory of " + ecosystemOf(fam.identity) + " is partial";
    } else if (optional_absent) {
      none.status = Status::kNotAffected;
      none.rule = 4;
      none.reason = "optional component is not installed";
    } else {
      none.status = Status::kNotInstalled;
      none.rule = 5;
    }
    v.status = none.status;
    v.basis = none.basis;
    v.rule = none.rule;
    return v;  // no instances to list
  }
  if (partial) {
    InstanceVerdict missing;
    missing.item = "(items the partial " + ecosystemOf(fam.identity) + " inventory may miss)";
    missing.status = Status::kUnknown;
    missing.basis = Basis::kNoMatch;
    missing.rule = 5;
    missing.reason = "inventory of " + ecosystemOf(fam.identity) + " is partial";
    v.instances.push_back(missing);
  }
  // R6: the worst instance wins; its basis and anchor are the verdict's.
  const InstanceVerdict* worst = &v.instances.front();
  for (const auto& i : v.instances) {
    if (static_cast<int>(i.status) < static_cast<int>(worst->status)) worst = &i;
  }
  v.status = worst->status;
  v.basis = worst->basis;
  v.anchor = worst->anchor;
  v.rule = worst->rule;
  return v;
}

}  // namespace

Result<Evaluation> evaluateDocument(const csaf::Document& doc, const InventoryView& inventory,
                                    const EvaluateOptions& options) {
  return evaluateDocument(doc, InventoryIndex(inventory), options);
}

Result<Evaluation> evaluateDocument(const csaf::Document& doc, const InventoryIndex& inventory,
                                    const EvaluateOptions& options) {
  if (!options.site_metrics.empty()) PSIRT_TRY(validateSiteMetrics(options.site_metrics));
  const std::string& status = doc.document.tracking.status;
  if (status != "final" && status != "interim") {
    return makeError(ErrorCategory::kUnsupported, "not evaluated: tracking status is '" + status + "'",
                     doc.document.tracking.id);
  }
  ProductCatalog catalog(doc);
  Evaluation out;
  for (std::size_t i = 0; i < doc.vulnerabilities.size(); ++i) {
    const auto& vuln = doc.vulnerabilities[i];
    std::string name = !vuln.cve.empty() ? vuln.cve
                       : !vuln.ids.empty() ? vuln.ids.front().text
                                           : "vulnerabilities[" + std::to_string(i) + "]";
    std::map<std::string, Family> families;
    std::vector<std::string> order;
    for (const auto& [list, member] : kLists) {
      for (const auto& pid : vuln.product_status.*member) {
        auto d = catalog.find(pid);
        if (!d) {
          out.document_errors.push_back(name + ": " + d.error().describe());
          continue;
        }
        Entry e{*d, list, std::nullopt, d->relationship};
        Identity identity = d->identity;
        std::string key = identity.key();
        bool bundled = false;
        if (!d->relationship.empty()) {
          auto comp = catalog.find(d->component_id);
          auto plat = catalog.find(d->platform_id);
          if (!comp || !plat) {
            out.document_errors.push_back(name + ": relationship " + pid + " names an undefined product");
            continue;
          }
          e.product = *comp;
          e.platform = *plat;
          bundled = d->relationship == "default_component_of";
          identity = bundled ? plat->identity : comp->identity;
          key = bundled ? comp->identity.key() + " in " + plat->identity.key() : comp->identity.key();
        }
        if (key.empty()) key = "unidentified:" + pid;
        auto [it, inserted] = families.try_emplace(key);
        if (inserted) {
          order.push_back(key);
          it->second.key = key;
          it->second.identity = identity;
          it->second.bundled = bundled;
        }
        it->second.entries.push_back(std::move(e));
        it->second.product_ids.push_back(pid);
      }
    }
    for (const auto& key : order) {
      const Family& fam = families.at(key);
      if (fam.identity.key().empty()) {
        Verdict v;
        v.vulnerability = name;
        v.product = key;
        v.product_ids = fam.product_ids;
        v.status = Status::kUnknown;
        v.rule = 1;
        out.document_errors.push_back(name + ": product " + fam.product_ids.front() +
                                      " has no identification (purl, cpe or vendor/product branches)");
        out.verdicts.push_back(std::move(v));
        continue;
      }
      Verdict v = evaluateFamily(name, fam, inventory);
      v.scores = scoreFor(vuln, fam.product_ids, options.site_metrics);
      v.remediations = remediationsFor(vuln, fam.product_ids,
                                       [&](const std::string& g) -> const std::vector<std::string>& {
                                         return catalog.group(g);
                                       });
      out.verdicts.push_back(std::move(v));
    }
  }
  return out;
}

}  // namespace psirt::evaluate
