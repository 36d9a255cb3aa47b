// `psirt-agent plan`: which signed actions would remediate what `check`
// found affected on this system, whether each one's preconditions hold, and
// what the policy allows (docs/components/plan.md). Never changes the system.
//
//   check::CheckRun (complete trusted set, inventory, verdicts)
//     -> every affected verdict's remediations whose url names an
//        actions/... target (actionTarget)
//     -> the manifest read from the set (length + sha256 checked), parsed
//        (agent/action/manifest.h); it must name the advisory and one of the
//        verdict's product ids
//     -> preconditions (installed identity in the vers range, architecture,
//        free space) against the same inventory the verdicts came from
//     -> the policy's decision (agent/action/policy.h)
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/action/action.h"
#include "agent/action/policy.h"
#include "agent/check/check.h"
#include "platform/error/result.h"

namespace psirt::plan {

// The action target a CSAF remediation url names: its path's last two
// segments "actions/NAME", NAME of [A-Za-z0-9._-] (1..128, not "." or ".."),
// no query or fragment. "https://psirt.example/x/actions/fix-1.json" ->
// "actions/fix-1.json". nullopt for any other url (not actionable).
std::optional<std::string> actionTarget(std::string_view url);

// Why an action is or is not ready to apply, worst last.
enum class Readiness {
  kReady,          // preconditions hold and the policy allows it now
  kNeedsApproval,  // preconditions hold; the policy does not allow it (yet)
  kNotApplicable,  // a precondition does not hold on this system
  kRefused,        // the manifest is missing from the set, unreadable or invalid
};
const char* readinessName(Readiness r);

struct PlannedAction {
  std::string action_target;  // "actions/..."
  std::string advisory;       // tracking id
  std::string advisory_target;
  std::string remediation_category;  // the CSAF remediation's category
  std::vector<std::string> vulnerabilities;  // CVEs the action remediates here
  std::vector<std::string> products;         // verdict product identities
  std::optional<action::Action> action;      // the parsed manifest (absent when refused)
  Readiness readiness = Readiness::kRefused;
  std::string reason;  // one line: the refusal, the failing precondition or the policy's decision
};

struct Plan {
  std::vector<PlannedAction> actions;  // in advisory, then action target order
  // Affected verdicts without any actionable remediation, one line each:
  // "ADVISORY VULNERABILITY PRODUCT: no action (vendor_fix: upgrade to 2.1)".
  std::vector<std::string> unremediated;
};

struct PlanOptions {
  std::string advisory;  // only this tracking id (empty: all)
  action::Policy policy;
  std::vector<std::string> approvals;  // action ids approved on the command line
  std::chrono::system_clock::time_point now;
  std::string root = "/";  // for free-space preconditions (the --sysroot)
  std::string machine;     // the device's architecture (uname -m) when no package names one
  std::uint64_t max_manifest_bytes = std::uint64_t{1} << 20;
};

inline constexpr const char* kPlanFormat = "psirt-agent-plan/1";

// What the plan was made on (printed with it).
struct PlanHeader {
  std::int64_t generated_at = 0;  // Unix seconds
  std::string sysroot = "/";
  bool image = false;
  std::int64_t trust_set = 0;  // the trusted set's sequence
  std::string policy;          // the policy file, or "default (plan only)"
};

// `psirt-agent-plan/1` JSON (docs/formats/plan.md), and a table for people
// (every string from the set or the image shown through log::oneLine).
std::string toJson(const Plan& plan, const PlanHeader& header);
std::string toTable(const Plan& plan, const PlanHeader& header);

// Consumes `run` (its advisories are evaluated one at a time).
Result<Plan> makePlan(check::CheckRun& run, const PlanOptions& options);

// Whether the action's preconditions hold on `installed`: empty = they do,
// else the first that does not, one line.
std::string failedPrecondition(const action::Preconditions& pre, const evaluate::InventoryView& installed,
                               const std::string& root, const std::string& machine);

}  // namespace psirt::plan
