// psirt-agent apply --state DIR [--sysroot DIR] [--advisory ID] [--policy FILE]
//                   [--approve ACTION-ID]... [--dry-run] [--format table|json]
// Applies the actions `plan` finds ready, each as one journaled transaction
// (agent/remediate/transaction.h), then evaluates the advisories again: the
// closed loop (docs/components/remediate.md, docs/formats/plan.md).
#include <chrono>
#include <cstdio>
#include <map>

#include "agent/check/check.h"
#include "agent/cli/args.h"
#include "agent/cli/build_info.h"
#include "agent/cli/command_error.h"
#include "agent/cli/exit_codes.h"
#include "agent/cli/remediation_common.h"
#include "agent/json/value.h"
#include "agent/plan/plan.h"
#include "agent/plan/remediation_states.h"
#include "agent/remediate/journal.h"
#include "agent/remediate/transaction.h"
#include "agent/state/incoming.h"
#include "agent/state/layout.h"
#include "platform/fs/fs.h"
#include "platform/fs/output.h"
#include "platform/log/log.h"

namespace psirt::cli {
namespace {

void printApplyHelp() {
  std::printf(
      "usage: psirt-agent apply --state DIR [--sysroot DIR] [--advisory ID] [--policy FILE]\n"
      "                         [--approve ACTION-ID]... [--dry-run] [--format table|json]\n\n"
      "Applies every action 'psirt-agent plan' finds ready (preconditions hold, the\n"
      "policy allows it now), each as one transaction journaled in DIR/journal/:\n"
      "a failed step reverts the steps before it; after a crash or power cut the\n"
      "next psirt-agent command on DIR finishes or reverts it first. Artifacts are\n"
      "copied from the trusted store and re-hashed right before use. Afterwards\n"
      "the advisories are evaluated again and the new status is shown (a\n"
      "workaround leaves a product affected: it is 'mitigated', never 'fixed').\n\n"
      "  --state DIR         agent state directory\n"
      "  --sysroot DIR       apply to the system installed under DIR (package\n"
      "                      managers run with --root; services are not started)\n"
      "  --advisory ID       only the actions of this advisory\n"
      "  --policy FILE       the remediation policy (docs/formats/policy.md);\n"
      "                      without it, only approved actions run\n"
      "  --approve ACTION-ID approve this action (repeatable)\n"
      "  --dry-run           show what would run; change nothing\n"
      "  --format F          table (default) or json\n\n"
      "undo a committed transaction with 'psirt-agent rollback'.\n"
      "exit status: 0 applied (or nothing to apply), 1 an action failed and was\n"
      "             reverted (or an error), 2 usage, 3 refused: trust failure, an\n"
      "             artifact that does not match the trusted set, or no action\n"
      "             applies while a candidate was refused or does not fit this system\n");
}

int fail(const Error& e) { return commandError("apply", e); }

struct Applied {
  const plan::PlannedAction* planned;
  remediate::Outcome outcome;
  std::string after;  // worst status of its vulnerabilities after the re-evaluation
};

// Worst status of `planned`'s vulnerabilities and products in a fresh
// evaluation of its advisory (the closed loop).
std::map<std::string, std::string> reevaluate(const check::CheckOptions& co, const std::vector<Applied>& applied) {
  std::map<std::string, std::string> worst;  // action target -> status
  clock::SystemClock wall;
  auto run = check::CheckRun::start(co, wall);
  if (!run) return worst;
  while (auto a = run->next()) {
    for (const Applied& x : applied) {
      if (a->tracking_id != x.planned->advisory) continue;
      int rank = -1;
      std::string name = "not_installed";
      for (const auto& v : a->verdicts) {
        bool named = false;
        for (const auto& vuln : x.planned->vulnerabilities) named = named || vuln == v.vulnerability;
        if (!named) continue;
        const int r = static_cast<int>(v.status);  // evaluate::Status is ordered worst first
        if (rank < 0 || r < rank) {
          rank = r;
          name = evaluate::toString(v.status);
        }
      }
      worst[x.planned->action_target] = name;
    }
  }
  return worst;
}

}  // namespace

int runApply(std::span<const std::string> args) {
  // The set must verify now (an expired one is exit 3); the plan says what is ready.
  PlanCommand c = openPlanCommand(args, "apply", {{"dry-run", false}}, printApplyHelp);
  if (c.exit) return *c.exit;
  const PlanRun& p = *c.run;
  const bool dry_run = c.args.has("dry-run");
  const check::CheckRun& run = *p.run;
  const check::CheckOptions& co = p.check;
  clock::SystemClock wall;

  const state::Layout layout(co.state_dir);
  const remediate::Journal journal(layout);
  std::vector<std::string> staged;  // private artifact copies, removed at the end
  remediate::Context base = baseContext(60 * 60);
  base.root = p.options.root;
  base.image = !co.sysroot.empty();
  base.policy_allows_downgrade = c.policy.allow_downgrade;
  // Each artifact is copied from the trusted store and re-hashed while it is
  // copied (CheckRun::copyTarget): what runs is the copy, never the store file.
  base.artifact = [&](std::string_view target) -> Result<std::string> {
    PSIRT_ASSIGN_OR_RETURN(copy, state::newIncomingCopy(layout));
    staged.push_back(copy);
    PSIRT_TRY(run.copyTarget(target, copy));
    return copy;
  };

  bool refused_candidate = false;
  std::size_t ready = 0;
  std::vector<Applied> applied;
  std::vector<const plan::PlannedAction*> would;  // --dry-run: what would run
  std::string out;
  for (const plan::PlannedAction& planned : p.plan.actions) {
    if (planned.readiness == plan::Readiness::kRefused || planned.readiness == plan::Readiness::kNotApplicable) {
      refused_candidate = true;
      log::write("psirt-agent apply", planned.action_target + ": " + plan::readinessName(planned.readiness) + ": " + planned.reason);
      continue;
    }
    if (planned.readiness != plan::Readiness::kReady) {
      log::write("psirt-agent apply", planned.action_target + ": not applied: " + planned.reason);
      continue;
    }
    ++ready;
    if (dry_run) {
      out += "would apply " + log::oneLine(planned.action->id) + " (" + planned.action_target + ") for " +
             log::oneLine(planned.advisory) + "\n";
      would.push_back(&planned);
      continue;
    }
    auto outcome = remediate::apply(journal, *planned.action, base, wall.now());
    if (!outcome) {
      for (const auto& f : staged) (void)fs::removeFile(f);
      return fail(outcome.error().within(planned.action_target));
    }
    applied.push_back({&planned, std::move(*outcome), {}});
  }
  for (const auto& f : staged) (void)fs::removeFile(f);

  // The closed loop: the advisories evaluated again on the changed system.
  auto after = applied.empty() ? std::map<std::string, std::string>{} : reevaluate(co, applied);
  bool failed = false, security = false;
  json::Value results = json::Value::array();
  for (Applied& a : applied) {
    a.after = after.count(a.planned->action_target) ? after[a.planned->action_target] : "unknown";
    const std::string st = plan::remediationStateName(a.outcome.state, a.planned->action->category);
    failed = failed || a.outcome.state != remediate::TxState::kCommitted;
    security = security || (a.outcome.error && a.outcome.error->category == ErrorCategory::kSecurity);
    if (a.outcome.error) log::write("psirt-agent apply", a.planned->action_target + ": " + a.outcome.error->describe());
    out += log::oneLine(a.planned->advisory) + "  " + log::oneLine(a.planned->action->id) + "  " + st +
           "  transaction " + a.outcome.transaction + "  affected -> " + a.after + "\n";
    json::Value r = json::Value::object({{"advisory", a.planned->advisory},
                                         {"action", a.planned->action->id},
                                         {"action_target", a.planned->action_target},
                                         {"transaction", a.outcome.transaction},
                                         {"state", st},
                                         {"before", "affected"},
                                         {"after", a.after}});
    if (a.outcome.error) r.set("error", a.outcome.error->describe());
    results.push(std::move(r));
  }
  for (const plan::PlannedAction* w : would) {
    results.push(json::Value::object({{"advisory", w->advisory},
                                      {"action", w->action->id},
                                      {"action_target", w->action_target},
                                      {"state", "would_apply"},
                                      {"before", "affected"}}));
  }
  if (applied.empty() && would.empty()) out += "nothing applied\n";
  if (c.format == "json")
    out = json::Value::object({{"format", "psirt-agent-apply/1"}, {"dry_run", dry_run}, {"results", std::move(results)}})
              .dump(2) + "\n";
  Status printed = fs::writeStandardOutput(out);
  if (printed) printed = fs::flushStandardOutput();
  if (!printed) return fail(printed.error());
  if (security) return kExitTrust;
  if (failed) return kExitError;
  if (ready == 0 && refused_candidate) {
    log::write("psirt-agent apply", "refused: no action applies to this system");
    return kExitTrust;
  }
  return kExitOk;
}

}  // namespace psirt::cli
