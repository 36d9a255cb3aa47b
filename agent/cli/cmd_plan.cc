// psirt-agent plan --state DIR [--sysroot DIR] [--advisory ID] [--policy FILE]
//                  [--approve ACTION-ID]... [--format table|json]
// Which signed actions would remediate what check finds affected, whether
// their preconditions hold and what the policy allows (agent/plan/plan.h,
// docs/formats/plan.md). Changes nothing on the system.
#include <chrono>
#include <cstdio>

#include "agent/action/policy.h"
#include "agent/check/check.h"
#include "agent/cli/args.h"
#include "agent/cli/build_info.h"
#include "agent/cli/command_error.h"
#include "agent/cli/exit_codes.h"
#include "agent/cli/remediation_common.h"
#include "agent/plan/plan.h"
#include "platform/fs/fs.h"
#include "platform/fs/output.h"

namespace psirt::cli {
namespace {

void printPlanHelp() {
  std::printf(
      "usage: psirt-agent plan --state DIR [--sysroot DIR] [--advisory ID] [--policy FILE]\n"
      "                        [--approve ACTION-ID]... [--format table|json]\n\n"
      "Lists, for every product the last complete trusted set finds affected, the\n"
      "signed actions (actions/... targets named by the advisory's remediations)\n"
      "that would remediate it: their steps and reversibility, whether their\n"
      "preconditions hold on this system, and whether the policy allows applying\n"
      "them now. Never changes the system (docs/formats/plan.md).\n\n"
      "  --state DIR         agent state directory\n"
      "  --sysroot DIR       plan for the system installed under DIR (an image)\n"
      "  --advisory ID       only this advisory (CSAF /document/tracking/id)\n"
      "  --policy FILE       the remediation policy (docs/formats/policy.md); without\n"
      "                      it nothing is allowed unattended (plan only)\n"
      "  --approve ACTION-ID count this action as approved (repeatable)\n"
      "  --format F          table (default) or json (psirt-agent-plan/1)\n\n"
      "readiness: ready (apply would run it now), needs_approval, not_applicable\n"
      "(a precondition does not hold), refused (manifest missing or invalid)\n"
      "exit status: 0 done, 1 error, 2 usage, 3 trust failure\n");
}

int fail(const Error& e) { return commandError("plan", e); }

}  // namespace

int runPlan(std::span<const std::string> args) {
  PlanCommand c = openPlanCommand(args, "plan", {}, printPlanHelp);
  if (c.exit) return *c.exit;
  const PlanRun& p = *c.run;

  plan::PlanHeader h;
  h.generated_at = clock::SystemClock().now();
  h.sysroot = p.options.root;
  h.image = !p.check.sysroot.empty();
  h.trust_set = p.run->header().trust.set_sequence;
  h.policy = c.args.get("policy").value_or("default (plan only)");
  Status printed = fs::writeStandardOutput(c.format == "json" ? plan::toJson(p.plan, h) : plan::toTable(p.plan, h));
  if (printed) printed = fs::flushStandardOutput();
  if (!printed) return fail(printed.error());
  return kExitOk;
}

}  // namespace psirt::cli
