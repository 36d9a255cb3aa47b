#include "agent/evaluate/decide.h"

#include <optional>

#include "agent/evaluate/range_match.h"
#include "agent/evaluate/train.h"

namespace psirt::evaluate {

namespace {

bool isFixedList(const std::string& l) { return l == "fixed" || l == "first_fixed" || l == "recommended"; }
bool isAffectedList(const std::string& l) {
  return l == "first_affected" || l == "known_affected" || l == "last_affected";
}
// known_not_affected and under_investigation never propagate to other versions (R3).
bool propagates(const std::string& l) { return isFixedList(l) || isAffectedList(l); }

InstanceVerdict verdictOf(const TrainAnchor& a, Status s, Basis b, Rule rule) {
  InstanceVerdict v;
  v.status = s;
  v.basis = b;
  v.anchor = {a.product_id, a.list, a.text};
  v.rule = rule;
  return v;
}

InstanceVerdict unknownVerdict(Rule rule, std::string reason, const TrainAnchor* a = nullptr) {
  InstanceVerdict v;
  v.status = Status::kUnknown;
  v.basis = Basis::kUndecidable;
  v.rule = rule;
  v.reason = std::move(reason);
  if (a != nullptr) v.anchor = {a->product_id, a->list, a->text};
  return v;
}

Basis hitBasis(const TrainAnchor& a) {
  if (a.list == "known_not_affected") return Basis::kVex;
  return a.kind == TrainAnchor::Kind::kExact ? Basis::kExact : Basis::kRange;
}

// All hits must agree on one status; else the document contradicts itself.
std::optional<const TrainAnchor*> agreeingHit(const std::vector<const TrainAnchor*>& hits, bool& conflict) {
  conflict = false;
  if (hits.empty()) return std::nullopt;
  for (const auto* h : hits) {
    if (statusOfList(h->list) != statusOfList(hits.front()->list)) conflict = true;
  }
  return hits.front();
}

}  // namespace

Status statusOfList(const std::string& list) {
  if (isFixedList(list)) return Status::kFixed;
  if (isAffectedList(list)) return Status::kAffected;
  if (list == "known_not_affected") return Status::kNotAffected;
  if (list == "under_investigation") return Status::kUnderInvestigation;
  return Status::kUnknown;
}

InstanceVerdict decideInstance(const versions::Version& installed, const std::vector<TrainAnchor>& anchors) {
  std::vector<const TrainAnchor*> exact_hits;
  std::vector<const TrainAnchor*> range_hits;
  const TrainAnchor* unevaluable = nullptr;
  std::string unevaluable_reason;
  // Parsed exact anchors that may propagate, for R3.
  struct Parsed { const TrainAnchor* anchor; versions::Version version; };
  std::vector<Parsed> inferable;

  for (const auto& a : anchors) {
    if (a.kind == TrainAnchor::Kind::kEvery) {
      range_hits.push_back(&a);
      continue;
    }
    if (a.kind == TrainAnchor::Kind::kLine) {
      // Another line says nothing about this one, and never propagates.
      if (coversReleaseLine(a.text, installed.text)) range_hits.push_back(&a);
      continue;
    }
    if (a.kind == TrainAnchor::Kind::kRange) {
      auto in = rangeContains(a.text, installed);
      if (!in) {
        unevaluable = &a;
        unevaluable_reason = in.error().describe();
      } else if (*in) {
        range_hits.push_back(&a);
      }
      continue;
    }
    auto v = versions::parse(installed.scheme, a.text);
    if (!v) {
      unevaluable = &a;
      unevaluable_reason = "anchor version: " + v.error().describe();
      continue;
    }
    auto c = versions::compare(installed, *v);
    if (!c) {
      unevaluable = &a;
      unevaluable_reason = c.error().describe();
      continue;
    }
    if (*c == 0) exact_hits.push_back(&a);
    else if (propagates(a.list)) inferable.push_back({&a, std::move(*v)});
  }

  // R2: exact, then range; disagreement is a document error.
  bool exact_conflict = false, range_conflict = false;
  auto exact = agreeingHit(exact_hits, exact_conflict);
  auto range = agreeingHit(range_hits, range_conflict);
  if (exact_conflict || range_conflict) {
    return unknownVerdict(kRuleExactThenRange,
                          "document error: the installed version is in lists that disagree",
                          exact ? *exact : *range);
  }
  if (exact && range && statusOfList((*exact)->list) != statusOfList((*range)->list)) {
    return unknownVerdict(kRuleExactThenRange, "document error: exact and range statements disagree", *exact);
  }
  if (exact) return verdictOf(**exact, statusOfList((*exact)->list), hitBasis(**exact), kRuleExactThenRange);
  if (unevaluable != nullptr) return unknownVerdict(kRuleUncertainty, unevaluable_reason, unevaluable);
  if (range) return verdictOf(**range, statusOfList((*range)->list), hitBasis(**range), kRuleExactThenRange);

  // R3: the nearest anchor below decides; without one, the nearest above.
  const Parsed* below = nullptr;
  const Parsed* above = nullptr;
  for (const auto& p : inferable) {
    int c = versions::compare(p.version, installed).value_or(0);
    if (c < 0) {
      if (below == nullptr || versions::compare(p.version, below->version).value_or(0) > 0) below = &p;
    } else if (c > 0) {
      if (above == nullptr || versions::compare(p.version, above->version).value_or(0) < 0) above = &p;
    }
  }
  auto fixedAbove = [&]() -> const Parsed* {
    const Parsed* best = nullptr;
    for (const auto& p : inferable) {
      if (!isFixedList(p.anchor->list) || versions::compare(p.version, installed).value_or(0) <= 0) continue;
      if (best == nullptr || versions::compare(p.version, best->version).value_or(0) < 0) best = &p;
    }
    return best;
  };
  if (below != nullptr) {
    const std::string& l = below->anchor->list;
    if (isFixedList(l) || l == "last_affected")
      return verdictOf(*below->anchor, Status::kFixed, Basis::kInferred, kRuleInference);
    if (const Parsed* f = fixedAbove())
      return verdictOf(*f->anchor, Status::kAffected, Basis::kInferred, kRuleInference);
    return unknownVerdict(kRuleInference, "an affected version is listed below and no fix above",
                          below->anchor);
  }
  if (above != nullptr) {
    // The vulnerability was introduced above us: not affected. Otherwise a
    // fix above means we are older than the fix (the fixed-only advisory).
    if (above->anchor->list == "first_affected") {
      return verdictOf(*above->anchor, Status::kNotAffected, Basis::kInferred, kRuleInference);
    }
    if (const Parsed* f = fixedAbove())
      return verdictOf(*f->anchor, Status::kAffected, Basis::kInferred, kRuleInference);
    return unknownVerdict(kRuleInference, "only a " + above->anchor->list + " version is listed above",
                          above->anchor);
  }
  return unknownVerdict(kRuleInference, "no statement of this advisory applies to the installed version");
}

}  // namespace psirt::evaluate
