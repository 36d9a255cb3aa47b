#include "agent/evaluate/evaluator.h"

#include <algorithm>

#include "agent/csaf/advisory_convert.h"
#include "agent/evaluate/decide.h"
#include "agent/evaluate/family.h"
#include "agent/evaluate/platform.h"
#include "agent/evaluate/scoring.h"
#include "agent/evaluate/train.h"
#include "agent/evaluate/vuln_index.h"
#include "agent/identity/distro.h"

namespace psirt::evaluate {

namespace {

std::string labelOf(const InstalledItem& item) {
  if (!item.label.empty()) return item.label;
  std::string l = item.name + " " + item.version;
  if (!item.arch.empty()) l += " (" + item.arch + ")";
  return l;
}

TrainAnchor anchorOf(const ProductDescriptor& d, csaf::StatusList list, const InstalledItem& item, bool as_platform) {
  TrainAnchor a;
  a.product_id = std::string(d.product_id);
  a.list = std::string(csaf::toString(list));
  a.text = d.version.text;
  switch (d.version.kind) {
    case VersionSpec::Kind::kNone: a.kind = TrainAnchor::Kind::kEvery; break;
    case VersionSpec::Kind::kRange: a.kind = TrainAnchor::Kind::kRange; break;
    case VersionSpec::Kind::kExact:
      a.kind = as_platform && d.version.from_helper ? TrainAnchor::Kind::kLine : TrainAnchor::Kind::kExact;
      break;
  }
  if (a.kind == TrainAnchor::Kind::kExact && item.version_scheme == "rpm") a.text = stripNevra(item.name, a.text, nullptr);
  return a;
}

InstanceVerdict undecidable(Rule rule, std::string reason) {
  InstanceVerdict v;
  v.status = Status::kUnknown;
  v.basis = Basis::kUndecidable;
  v.rule = rule;
  v.reason = std::move(reason);
  return v;
}

// The statements of `fam` that speak about this item (R1 identity with arch,
// R1 train, R4 platform), and why none does when none does.
struct Scoped {
  std::vector<TrainAnchor> plain, specific;
  std::string unknown_platform;     // a platform that cannot be decided
  std::string unidentified_platform;  // a platform no inventory item has
  bool other_line = false;            // a platform absent, or found on another release line
};

Scoped scope(const Family& fam, const InstalledItem& item, PlatformStates& platforms) {
  Scoped s;
  for (const Entry& e : fam.entries) {
    if (fam.bundled) {
      if (sameTrain(*e.platform, item)) s.specific.push_back(anchorOf(*e.platform, e.list, item, true));
      continue;
    }
    if (!matchesIdentity(e.product->identity, item, nullptr)) continue;
    if (e.platform == nullptr) {
      if (sameTrain(*e.product, item)) s.plain.push_back(anchorOf(*e.product, e.list, item, false));
      continue;
    }
    // The platform first: a statement about another system says nothing
    // here, whatever the train of its version.
    const PlatformState& st = platforms.of(*e.platform);
    switch (st.kind) {
      case PlatformState::Kind::kPresent:
        if (sameTrain(*e.product, item)) s.specific.push_back(anchorOf(*e.product, e.list, item, false));
        break;
      case PlatformState::Kind::kOtherLine:
      case PlatformState::Kind::kAbsent: s.other_line = true; break;
      case PlatformState::Kind::kUnidentified:
        if (s.unidentified_platform.empty()) s.unidentified_platform = std::string(e.platform->display_name);
        break;
      case PlatformState::Kind::kUnknown:
        if (s.unknown_platform.empty()) s.unknown_platform = st.reason;
        break;
    }
  }
  return s;
}

// R1 for rpm: fixes of one major stream are often listed per minor z-stream
// (glibc 2.28-236.el8_9.13 and 2.28-251.el8_10.1 on enterprise_linux:8). A
// 251.el8_10 build without the fix is newer than the 8.9 fix, so when the
// installed release has a minor tag that some exact anchors share, only those
// exact anchors judge it.
std::vector<TrainAnchor> sameMinorStream(std::vector<TrainAnchor> anchors, const InstalledItem& item) {
  if (item.version_scheme != "rpm") return anchors;
  const std::string minor = rpmDistMinorStream(item.version);
  if (minor.empty() || minor == rpmDistStream(item.version)) return anchors;
  auto exactOther = [&](const TrainAnchor& a) {
    return a.kind == TrainAnchor::Kind::kExact && rpmDistMinorStream(a.text) != minor;
  };
  const bool shared = std::any_of(anchors.begin(), anchors.end(), [&](const TrainAnchor& a) {
    return a.kind == TrainAnchor::Kind::kExact && !exactOther(a);
  });
  if (shared) anchors.erase(std::remove_if(anchors.begin(), anchors.end(), exactOther), anchors.end());
  return anchors;
}

InstanceVerdict evaluateInstance(const Family& fam, const InstalledItem& item, const MatchedVersion& mv,
                                 PlatformStates& platforms) {
  InstanceVerdict iv;
  auto finish = [&](InstanceVerdict d) {
    d.item = labelOf(item);
    d.installed_version = mv.version;
    return d;
  };
  if (item.uncertain)
    return finish(undecidable(kRuleUncertainty, "package state is uncertain (half-installed)"));
  auto scheme = versions::schemeFromName(item.version_scheme);
  if (!scheme)
    return finish(
        undecidable(kRuleUncertainty, "version scheme '" + item.version_scheme + "' cannot be evaluated"));
  auto installed = versions::parse(*scheme, mv.version);
  if (!installed)
    return finish(undecidable(kRuleUncertainty, "installed version: " + installed.error().describe()));

  // R4: statements about this component on a present platform are more
  // specific than plain statements about the component.
  Scoped s = scope(fam, item, platforms);
  const auto anchors = sameMinorStream(s.specific.empty() ? s.plain : s.specific, item);
  if (anchors.empty() && !fam.bundled) {
    if (!s.unknown_platform.empty()) return finish(undecidable(kRuleUncertainty, s.unknown_platform));
    if (!s.unidentified_platform.empty()) {
      // Installed, but the advisory speaks of it only as part of a product no
      // inventory source identifies (a layered product): cannot be decided.
      return finish(undecidable(kRuleRelationships, "installed; the advisory names it only as part of '" +
                                                        s.unidentified_platform +
                                                        "', which no inventory source identifies"));
    }
    if (s.other_line) {
      iv.status = Status::kNotInstalled;
      iv.basis = Basis::kNoMatch;
      iv.rule = kRuleRelationships;
      iv.reason = "the advisory names it only on platforms (or release lines) not installed";
      return finish(iv);
    }
  }
  InstanceVerdict d = decideInstance(*installed, anchors);
  if (!s.specific.empty() && d.rule != kRuleUncertainty) d.rule = kRuleRelationships;
  // R5: a statement on a platform that cannot be decided might apply here
  // too; it may not be read as "fixed" or "not affected".
  if (!s.unknown_platform.empty() && (d.status == Status::kFixed || d.status == Status::kNotAffected)) {
    return finish(undecidable(kRuleUncertainty, s.unknown_platform));
  }
  return finish(d);
}

// An instance of the family: some statement of it names this item with its
// arch (R1: arch is identity), or as a build of a named source package.
bool familyMatches(const Family& fam, const InstalledItem& item, MatchedVersion* mv) {
  // The family identity has no arch: for rpm it matches by name or source.
  const bool match = matchesIdentity(fam.identity, item, mv);
  if (!match || fam.bundled) return match;
  return std::any_of(fam.entries.begin(), fam.entries.end(),
                     [&](const Entry& e) { return matchesIdentity(e.product->identity, item, nullptr); });
}

// R5 for identities: a distribution package (rpm, deb, apk, opkg) whose purl
// namespace is not in the distribution table cannot be told apart from an
// installed package of the same name in another namespace: that item, else null.
const InstalledItem* unknownNamespaceTwin(const Family& fam, const InventoryIndex& inv) {
  const Identity& id = fam.identity;
  const bool distro_type = id.purl_type == "rpm" || id.purl_type == "deb" || id.purl_type == "apk" ||
                           id.purl_type == "opkg";
  if (!distro_type || id.purl_namespace.empty() || identity::isDistroNamespace(id.purl_namespace)) return nullptr;
  Identity any_namespace = id;
  any_namespace.purl_namespace.clear();
  for (const InstalledItem* item : inv.candidates(any_namespace)) {
    if (matchesIdentity(any_namespace, *item, nullptr)) return item;
  }
  return nullptr;
}

Verdict evaluateFamily(const std::string& vulnerability, const Family& fam, const InventoryIndex& inv,
                       PlatformStates& platforms) {
  Verdict v;
  v.vulnerability = vulnerability;
  v.product = fam.key;
  const std::string eco = ecosystemOf(fam.identity);
  const bool partial = inv.view().partial(eco);
  for (const InstalledItem* item : inv.candidates(fam.identity)) {
    MatchedVersion mv;
    if (!familyMatches(fam, *item, &mv)) continue;
    v.instances.push_back(evaluateInstance(fam, *item, mv, platforms));
  }
  if (v.instances.empty()) {
    if (auto other = unknownNamespaceTwin(fam, inv)) {
      v.status = Status::kUnknown;
      v.basis = Basis::kUndecidable;
      v.rule = kRuleUncertainty;
      v.instances.push_back(
          undecidable(kRuleUncertainty, "purl namespace '" + fam.identity.purl_namespace +
                                            "' is not a known distribution; the installed " + other->name +
                                            " (" + other->purl_namespace + ") may be the same package"));
      v.instances.back().item = labelOf(*other);
      v.instances.back().installed_version = other->version;
      return v;
    }
    bool optional_absent = !fam.entries.empty();
    for (const auto& e : fam.entries) {
      optional_absent = optional_absent && e.relationship == csaf::RelationshipCategory::kOptionalComponentOf && e.platform != nullptr &&
                        platforms.of(*e.platform).kind == PlatformState::Kind::kPresent;
    }
    if (partial) {
      v.status = Status::kUnknown;
      v.basis = Basis::kUndecidable;
      v.rule = kRuleUncertainty;
    } else if (optional_absent) {
      v.status = Status::kNotAffected;
      v.basis = Basis::kNoMatch;
      v.rule = kRuleRelationships;
    } else {
      v.status = Status::kNotInstalled;
      v.basis = Basis::kNoMatch;
      v.rule = kRuleUncertainty;
    }
    return v;  // no instances to list
  }
  if (partial) {
    InstanceVerdict missing = undecidable(kRuleUncertainty, "inventory of " + eco + " is partial");
    missing.item = "(items the partial " + eco + " inventory may miss)";
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

bool exposes(Status s) { return s == Status::kAffected || s == Status::kUnderInvestigation || s == Status::kUnknown; }

}  // namespace

Result<Evaluation> evaluateDocument(const csaf::Document& doc, const InventoryView& inventory,
                                    const EvaluateOptions& options) {
  return evaluateDocument(doc, InventoryIndex(inventory), options);
}

Result<Evaluation> evaluateDocument(const csaf::Document& doc, const InventoryIndex& inventory,
                                    const EvaluateOptions& options) {
  return evaluateAdvisory(csaf::toAdvisory(doc), inventory, options);
}

Result<Evaluation> evaluateAdvisory(const csaf::Advisory& doc, const InventoryIndex& inventory,
                                    const EvaluateOptions& options) {
  if (!options.site_metrics.empty()) PSIRT_TRY(validateSiteMetrics(options.site_metrics));
  const std::string& status = doc.tracking_status;
  if (status != "final" && status != "interim") {
    return makeError(ErrorCategory::kUnsupported, "not evaluated: tracking status is '" + status + "'",
                     doc.tracking_id);
  }
  if (doc.duplicateDefinition() != csaf::kNoId) {
    return makeError(ErrorCategory::kParse, "product id defined twice (CSAF 6.1.2)",
                     std::string(doc.ids.at(doc.duplicateDefinition())));
  }
  const ProductCatalog catalog(doc);
  PlatformStates platforms(inventory);
  Evaluation out;
  for (std::size_t i = 0; i < doc.vulnerabilities.size(); ++i) {
    const auto& vuln = doc.vulnerabilities[i];
    const std::string name = !vuln.cve.empty()        ? vuln.cve
                             : !vuln.first_id.empty() ? vuln.first_id
                                                      : "vulnerabilities[" + std::to_string(i) + "]";
    Families fams = familiesOf(vuln, catalog, name);
    for (auto& e : fams.errors) out.document_errors.push_back(std::move(e));
    std::optional<VulnIndex> index;
    for (const Family& fam : fams.families) {
      Verdict v;
      if (fam.identity.key().empty()) {
        v.vulnerability = name;
        v.product = fam.key;
        v.status = Status::kUnknown;
        v.basis = Basis::kUndecidable;
        v.rule = kRuleIdentity;
        out.document_errors.push_back(name + ": product " + std::string(doc.ids.at(fam.refs.front())) +
                                      " has no identification (purl, cpe or vendor/product branches)");
      } else {
        v = evaluateFamily(name, fam, inventory, platforms);
      }
      if (v.status != Status::kNotInstalled) {  // not_installed verdicts are only counted
        v.product_ids.reserve(fam.refs.size());
        for (auto ref : fam.refs) v.product_ids.emplace_back(doc.ids.at(ref));
        if (!index) index.emplace(vuln, catalog);
        v.scores = scoreFor(index->scores(fam.refs), options.site_metrics);
        v.remediations = remediationsFor(index->remediations(fam.refs));
        if (!exposes(v.status)) v.scores.band.clear();  // a band only where something is exposed
      }
      out.verdicts.push_back(std::move(v));
    }
  }
  return out;
}

}  // namespace psirt::evaluate
