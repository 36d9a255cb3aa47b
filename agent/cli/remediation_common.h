// What the remediation commands (plan, apply, rollback) and every command
// that locks the state directory share: the policy file, the agent's own
// architecture, and the journal recovery that runs before anything else.
#pragma once

#include <optional>
#include <span>
#include <vector>
#include <string>

#include "agent/action/policy.h"
#include "agent/check/check.h"
#include "agent/cli/args.h"
#include "agent/plan/plan.h"
#include "agent/remediate/step.h"
#include "platform/error/result.h"
#include "platform/fs/fs.h"

namespace psirt::cli {

// The policy named by --policy (docs/formats/policy.md), or the default
// (nothing unattended) when there is none. Errors: "FILE:LINE: message".
Result<action::Policy> loadPolicy(const std::optional<std::string>& file);

// The architecture this agent was built for: the device's own ("x86_64",
// "aarch64", "armv7"). An image's is not known from here.
std::string agentMachine();

// The Context every transaction of this run starts from: notes go to the
// log, every step phase ends by `seconds` from now.
remediate::Context baseContext(int seconds);

// state::lockState, then the remediation journal's recovery (DIR/journal/):
// a transaction a crash or power cut left open is finished or reverted
// before the command does anything else (docs/components/remediate.md). Every
// command that locks the state directory goes through here.
Result<fs::FileLock> lockStateAndRecover(const std::string& state_dir, std::string_view command);

// The flags plan and apply share: --state, --sysroot, --advisory, --policy,
// --approve (repeatable), --format; `extra` appended.
std::vector<OptionSpec> planFlags(std::vector<OptionSpec> extra = {});

// What plan and apply share once the state is locked: the last complete
// trusted set evaluated on the system (no update; an expired or damaged set
// is the kSecurity error), and the plan made from it.
struct PlanRun {
  check::CheckOptions check;
  std::optional<check::CheckRun> run;  // kept: apply copies artifacts from its set
  plan::PlanOptions options;
  plan::Plan plan;
};
Result<PlanRun> planFromArgs(const ParsedArgs& args, const std::string& state_dir, const action::Policy& policy);

// A plan or apply command line, checked, with the state locked and the
// journal recovered, and its plan made: `exit` is set (and the one-line error
// or the help printed) when the command ends here.
struct PlanCommand {
  std::optional<int> exit;
  ParsedArgs args;
  std::string format;  // table | json
  action::Policy policy;
  std::optional<fs::FileLock> lock;
  std::optional<PlanRun> run;
};
PlanCommand openPlanCommand(std::span<const std::string> argv, std::string_view command,
                            std::vector<OptionSpec> extra_flags, void (*print_help)());


}  // namespace psirt::cli
