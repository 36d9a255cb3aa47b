// JSON events -> csaf::Advisory (advisory_builder.h). The same rules as
// toAdvisory (advisory_convert.cc), applied while reading: definitions are
// placed as they come while their kinds come in the final order (merged at
// the end otherwise), and a branch's path facts are applied when the branch
// closes (its category may follow its children in the JSON), deepest first,
// so the deepest branch of each category wins. Kept members: advisory_members.cc.
#include "agent/csaf/advisory_builder.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace psirt::csaf::detail {
namespace {

// Kinds of products, in their final order.
constexpr std::uint8_t kBranchKind = 0, kPlainKind = 1;

// Bits of AdvisoryBuilder::seen_ for the members the decision relies on.
constexpr std::uint32_t bit(Field f) { return std::uint32_t{1} << static_cast<unsigned>(f); }

// Path facts of a branch category (bit), deepest wins.
std::uint8_t factBit(std::string_view category) {
  if (category == "vendor") return 1;
  if (category == "product_name") return 2;
  if (category == "architecture") return 4;
  if (category == "product_version" || category == "product_version_range") return 8;
  return 0;
}

Error typeError(json::Type want, json::Type got) {
  return makeError(ErrorCategory::kParse,
                   "expected " + std::string(toString(want)) + ", found " + std::string(toString(got)));
}

}  // namespace

std::string_view toString(json::Type k) {
  switch (k) {
    case json::Type::kObject: return "an object";
    case json::Type::kArray: return "an array";
    case json::Type::kString: return "a string";
    case json::Type::kInteger:
    case json::Type::kFloat: return "a number";
    case json::Type::kBool: return "a boolean";
    case json::Type::kNull: return "null";
  }
  return "?";
}

Status AdvisoryBuilder::key(std::string_view k) {
  Frame& f = frames_.back();
  f.next = f.node == Node::kSkip ? Slot{} : memberOf(f.node, k);
  return okStatus();
}

Slot AdvisoryBuilder::childSlot() const {
  if (frames_.empty()) return Slot{Node::kRoot};
  const Frame& f = frames_.back();
  return isArray(f.node) ? elementOf(f.node, f.aux) : f.next;
}

Status AdvisoryBuilder::expect(const Slot& s, json::Type kind) const {
  if (s.node == Node::kSkip) return okStatus();
  if (s.node == Node::kRoot && kind != json::Type::kObject)
    return makeError(ErrorCategory::kParse, "a CSAF document is a JSON object, found " + std::string(toString(kind)));
  const json::Type want = s.node == Node::kString ? json::Type::kString
                        : isArray(s.node)       ? json::Type::kArray
                                                : json::Type::kObject;
  if (kind != want) return typeError(want, kind);
  return okStatus();
}

Status AdvisoryBuilder::value(json::Type kind, const std::string& text) {
  const Slot s = childSlot();
  PSIRT_TRY(expect(s, kind));
  if (s.node == Node::kString) setString(s, text);
  return okStatus();
}

Status AdvisoryBuilder::open(json::Type kind) {
  const Slot s = childSlot();
  PSIRT_TRY(expect(s, kind));
  begin(s);
  frames_.push_back(Frame{s.node, s.aux, {}});
  return okStatus();
}

Status AdvisoryBuilder::close() {
  const Frame f = frames_.back();
  frames_.pop_back();
  end(f);
  return okStatus();
}

void AdvisoryBuilder::begin(const Slot& s) {
  switch (s.node) {
    case Node::kRevision: ++out_.revision_count; break;
    case Node::kBranch: branches_.emplace_back(); break;
    case Node::kProduct: product_ = {}; break;
    case Node::kRelationship: relationship_ = {}; break;
    case Node::kGroup: group_ = {}, group_id_.clear(); break;
    case Node::kVuln: vulnerability_ = {}, vulnerability_ids_ = 0; break;
    case Node::kVulnId: ++vulnerability_ids_; break;
    case Node::kRemediation: remediation_ = {}; break;
    case Node::kScore: score_ = {}; break;
    case Node::kCvss: cvss_ = {}; break;
    default: break;
  }
}

void AdvisoryBuilder::end(const Frame& f) {
  switch (f.node) {
    case Node::kRoot: root_done_ = true; break;
    case Node::kProduct: placeProduct(frames_.back().node); break;
    case Node::kBranch: endBranch(); break;
    case Node::kRelationship: endRelationship(); break;
    case Node::kGroup: out_.groups.push_back({out_.group_ids.intern(group_id_), std::move(group_.products)}); break;
    case Node::kVuln: out_.vulnerabilities.push_back(std::move(vulnerability_)); break;
    case Node::kRemediation: vulnerability_.remediations.push_back(std::move(remediation_)); break;
    case Node::kScore: vulnerability_.scores.push_back(std::move(score_)); break;
    case Node::kCvss: (f.aux == 2 ? score_.cvss_v2 : score_.cvss_v3) = std::move(cvss_); break;
    default: break;
  }
}

// A full_product_name without a product_id defines nothing (as in toAdvisory).
void AdvisoryBuilder::placeProduct(Node parent) {
  if (product_.id == kNoId) return;
  if (parent == Node::kBranch) branches_.back().own = Pending{toProduct(product_), 0};
  else if (parent == Node::kProducts) define(toProduct(product_), kPlainKind);
  else if (parent == Node::kRelationship) relationship_.product = std::move(product_);
}

AdvisoryProduct AdvisoryBuilder::toProduct(const ProductRead& p) {
  AdvisoryProduct a;
  a.id = p.id;
  a.name = out_.internText(p.name);
  a.purl = out_.internText(p.purl);
  a.cpe = out_.internText(p.cpe);
  return a;
}

// The same rule as toAdvisory: the name only with a helper.
void AdvisoryBuilder::endRelationship() {
  const ProductRead& p = relationship_.product;
  if (p.id == kNoId) return;
  AdvisoryRelationship r;
  r.id = p.id;
  r.component = out_.ids.intern(relationship_.component);
  r.platform = out_.ids.intern(relationship_.platform);
  r.purl = out_.internText(p.purl);
  r.cpe = out_.internText(p.cpe);
  if (r.purl != kNoText || r.cpe != kNoText) r.name = out_.internText(p.name);
  r.category = relationshipCategory(relationship_.category);
  out_.relationships.push_back(r);
}

void AdvisoryBuilder::define(AdvisoryProduct&& p, std::uint8_t kind) {
  if (kind < stage_) {
    late_[kind].push_back(std::move(p));
    return;
  }
  stage_ = kind;
  ++direct_[kind];
  out_.products.push_back(std::move(p));
}

void AdvisoryBuilder::endBranch() {
  BranchBuild b = std::move(branches_.back());
  branches_.pop_back();
  const std::uint8_t fact = factBit(b.category);
  const TextRef name = fact == 0 ? kNoText : out_.internText(b.name);
  auto apply = [&](Pending& p) {
    if (fact == 0 || (p.set & fact) != 0) return;
    p.set |= fact;
    AdvisoryProduct& a = p.product;
    switch (fact) {
      case 1: a.vendor = name; break;
      case 2: a.product_name = name; break;
      case 4: a.architecture = name; break;
      default:
        a.version = name;
        a.version_kind = b.category == "product_version" ? AdvisoryProduct::VersionKind::kExact
                                                         : AdvisoryProduct::VersionKind::kRange;
    }
  };
  // Depth first: the branch's own product, then its descendants'.
  auto place = [&](Pending&& p) {
    apply(p);
    if (!branches_.empty()) branches_.back().below.push_back(std::move(p));
    else define(std::move(p.product), kBranchKind);
  };
  if (b.own) place(std::move(*b.own));
  for (Pending& p : b.below) place(std::move(p));
}

// Copied, not moved: the copy is sized to the text, and the lexer keeps its
// grown buffer for the next token instead of growing a new one each time.
void AdvisoryBuilder::setString(const Slot& s, const std::string& text) {
  seen_ |= bit(s.field);
  switch (s.field) {
    case Field::kDocCategory: out_.category = text; break;
    case Field::kCsafVersion: out_.csaf_version = text; break;
    case Field::kTitle: out_.title = text; break;
    case Field::kTrackingId: out_.tracking_id = text; break;
    case Field::kTrackingVersion: out_.tracking_version = text; break;
    case Field::kTrackingStatus: out_.tracking_status = text; break;
    case Field::kCurrentRelease: out_.current_release_date = text; break;
    case Field::kBranchCategory: branches_.back().category = text; break;
    case Field::kBranchName: branches_.back().name = text; break;
    case Field::kProductName: product_.name = text; break;
    case Field::kProductId: product_.id = text.empty() ? kNoId : out_.ids.intern(text); break;
    case Field::kCpe: product_.cpe = text; break;
    case Field::kPurl: product_.purl = text; break;
    case Field::kRelCategory: relationship_.category = text; break;
    case Field::kRelComponent: relationship_.component = text; break;
    case Field::kRelPlatform: relationship_.platform = text; break;
    case Field::kGroupId: group_id_ = text; break;
    case Field::kCve: vulnerability_.cve = text; break;
    case Field::kVulnIdText:
      if (vulnerability_ids_ == 1) vulnerability_.first_id = text;
      break;
    case Field::kRemCategory: remediation_.category = text; break;
    case Field::kRemDetails: remediation_.details = text; break;
    case Field::kRemUrl: remediation_.url = text; break;
    case Field::kCvssVersion: cvss_.version = text; break;
    case Field::kCvssVector: cvss_.vector_string = text; break;
    case Field::kGroupRef: remediation_.groups.push_back(out_.group_ids.intern(text)); break;
    case Field::kRef: {
      const IdRef r = out_.ids.intern(text);
      if (s.aux < kStatusListCount) vulnerability_.status[s.aux].push_back(r);
      else if (s.aux == kGroupProducts) group_.products.push_back(r);
      else if (s.aux == kRemediationProducts) remediation_.products.push_back(r);
      else score_.products.push_back(r);
      break;
    }
    case Field::kNone: break;
  }
}

Result<Advisory> AdvisoryBuilder::finish() {
  if (!root_done_) return makeError(ErrorCategory::kInternal, "document not complete");
  const std::pair<Field, const char*> required[] = {
      {Field::kCsafVersion, "at /document/csaf_version"},
      {Field::kDocCategory, "at /document/category"},
      {Field::kTrackingId, "at /document/tracking/id"},
      {Field::kTrackingVersion, "at /document/tracking/version"},
      {Field::kTrackingStatus, "at /document/tracking/status"}};
  for (const auto& [field, pointer] : required) {
    if ((seen_ & bit(field)) == 0) return makeError(ErrorCategory::kParse, "required member missing", pointer);
  }
  if (out_.csaf_version != "2.0") {
    return makeError(ErrorCategory::kParse, "CSAF version '" + out_.csaf_version.substr(0, 20) +
                                                "' is not supported (2.0 only)", "at /document/csaf_version");
  }
  if (!late_[0].empty() || !late_[1].empty()) {
    std::vector<AdvisoryProduct> all;
    all.reserve(out_.products.size() + late_[0].size() + late_[1].size());
    auto direct = out_.products.begin();
    for (std::size_t kind = 0; kind < 2; ++kind) {
      std::move(direct, direct + static_cast<std::ptrdiff_t>(direct_[kind]), std::back_inserter(all));
      direct += static_cast<std::ptrdiff_t>(direct_[kind]);
      std::move(late_[kind].begin(), late_[kind].end(), std::back_inserter(all));
      late_[kind].clear();
    }
    out_.products = std::move(all);
  }
  out_.indexDefinitions();
  if (const IdRef dup = out_.duplicateDefinition(); dup != kNoId) {
    return makeError(ErrorCategory::kParse, "product id '" + std::string(out_.ids.at(dup)) + "' defined twice (CSAF 6.1.2)",
                     "at /product_tree");
  }
  return std::move(out_);
}

}  // namespace psirt::csaf::detail
