// The remediation state of each verdict in the report (docs/formats/report.md
// "Remediation state"): which signed action names the verdict, and what the
// remediation journal says that action's newest transaction did.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "agent/check/check.h"
#include "agent/report/report.h"
#include "agent/remediate/journal.h"
#include "platform/error/result.h"

namespace psirt::plan {

// The report's name for what a transaction of an action of `category` did:
// committed -> "applied" (vendor_fix) or "mitigated" (workaround,
// mitigation: never a fix); reverted or rolled back -> "reverted"; any other
// (still open, failed) -> "failed". One mapping for the report and apply.
const char* remediationStateName(remediate::TxState state, action::Category category);

class RemediationStates {
 public:
  // Reads every transaction record of the journal (at most the kept ones
  // plus open ones: small). A damaged record is an error naming it.
  static Result<RemediationStates> load(const remediate::Journal& journal);

  // Sets verdict.remediation on every verdict of `a`: the first remediation
  // url naming an action the set lists (its manifest read from the set,
  // cached per target; an unreadable or invalid one names nothing), then the
  // newest transaction of that action id.
  void annotate(report::AdvisoryResult& a, const check::CheckRun& run);

 private:
  struct Newest {
    std::string transaction;
    remediate::TxState state = remediate::TxState::kOpen;
  };
  std::map<std::string, Newest> by_action_;                      // action id -> newest transaction
  std::map<std::string, std::optional<std::pair<std::string, action::Category>>> manifests_;  // target -> id, category
};

}  // namespace psirt::plan
