#include "agent/plan/remediation_states.h"

#include "agent/action/manifest.h"
#include "agent/plan/plan.h"

namespace psirt::plan {

const char* remediationStateName(remediate::TxState state, action::Category category) {
  switch (state) {
    case remediate::TxState::kCommitted:
      return category == action::Category::kVendorFix ? "applied" : "mitigated";
    case remediate::TxState::kReverted:
    case remediate::TxState::kRolledBack:
      return "reverted";
    default:  // open, reverting, failed, rolling_back: not closed cleanly
      return "failed";
  }
}

Result<RemediationStates> RemediationStates::load(const remediate::Journal& journal) {
  RemediationStates s;
  PSIRT_ASSIGN_OR_RETURN(ids, journal.list());  // oldest first: the last one per action wins
  for (const std::string& id : ids) {
    PSIRT_ASSIGN_OR_RETURN(record, journal.read(id));
    s.by_action_[record.action] = Newest{record.id, record.state};
  }
  return s;
}

void RemediationStates::annotate(report::AdvisoryResult& a, const check::CheckRun& run) {
  for (evaluate::Verdict& v : a.verdicts) {
    for (const evaluate::RemediationRef& r : v.remediations) {
      auto target = actionTarget(r.url);
      if (!target || !run.listsTarget(*target)) continue;
      auto cached = manifests_.find(*target);
      if (cached == manifests_.end()) {
        std::optional<std::pair<std::string, action::Category>> named;
        if (auto bytes = run.readTarget(*target, std::uint64_t{1} << 20)) {
          if (auto parsed = action::parseActionManifest(*bytes, *target)) named.emplace(parsed->id, parsed->category);
        }
        cached = manifests_.emplace(*target, std::move(named)).first;
      }
      if (!cached->second) continue;
      const auto& [id, category] = *cached->second;
      v.remediation.action = id;
      v.remediation.action_target = *target;
      auto tx = by_action_.find(id);
      if (tx == by_action_.end()) {
        v.remediation.state = v.status == evaluate::Status::kAffected ? "planned" : "not_planned";
        break;
      }
      v.remediation.transaction = tx->second.transaction;
      v.remediation.before = "affected";
      v.remediation.state = remediationStateName(tx->second.state, category);
      break;
    }
  }
}

}  // namespace psirt::plan
