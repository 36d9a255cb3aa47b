#include "agent/cli/remediation_common.h"

#include "agent/cli/build_info.h"
#include "agent/cli/command_error.h"
#include "agent/cli/exit_codes.h"
#include "agent/remediate/journal.h"
#include "agent/remediate/transaction.h"
#include "agent/state/layout.h"
#include "agent/state/state_lock.h"
#include "platform/log/log.h"

namespace psirt::cli {

Result<action::Policy> loadPolicy(const std::optional<std::string>& file) {
  if (!file) return action::Policy{};
  PSIRT_ASSIGN_OR_RETURN(text, fs::readFile(*file, action::kMaxPolicyBytes + 1));
  if (text.size() > action::kMaxPolicyBytes)
    return makeError(ErrorCategory::kLimit, "larger than " + std::to_string(action::kMaxPolicyBytes) + " bytes", *file);
  return action::parsePolicy(text, *file);
}

std::string agentMachine() {
#if defined(__x86_64__)
  return "x86_64";
#elif defined(__aarch64__)
  return "aarch64";
#elif defined(__arm__)
  return "armv7";
#else
  return "";
#endif
}

remediate::Context baseContext(int seconds) {
  remediate::Context c;
  c.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  c.note = [](std::string_view step, std::string_view note) {
    log::write("psirt-agent", "step " + std::string(step) + ": " + std::string(note));
  };
  return c;
}

Result<fs::FileLock> lockStateAndRecover(const std::string& state_dir, std::string_view command) {
  PSIRT_ASSIGN_OR_RETURN(lock, state::lockState(state_dir));
  const remediate::Journal journal{state::Layout(state_dir)};
  auto closed = remediate::recover(journal, baseContext(15 * 60));
  if (!closed) return closed.error().within("recovering the remediation journal");
  for (const auto& o : *closed) {
    log::write(std::string("psirt-agent ") + std::string(command),
               "recovered transaction " + o.transaction + ": " + remediate::txStateName(o.state) +
                   (o.error ? " (" + o.error->describe() + ")" : ""));
  }
  return lock;
}

std::vector<OptionSpec> planFlags(std::vector<OptionSpec> extra) {
  std::vector<OptionSpec> flags{{"state"}, {"sysroot"}, {"advisory"}, {"policy"}, {"approve", true, true}, {"format"}};
  flags.insert(flags.end(), extra.begin(), extra.end());
  return flags;
}

Result<PlanRun> planFromArgs(const ParsedArgs& args, const std::string& state_dir, const action::Policy& policy) {
  PlanRun p;
  p.check.state_dir = state_dir;
  p.check.sysroot = args.get("sysroot").value_or("");
  p.check.build_time = buildEpoch();
  p.check.agent_version = versionString();
  clock::SystemClock wall;  // through libc, so faketime works
  PSIRT_ASSIGN_OR_RETURN(run, check::CheckRun::start(p.check, wall));
  p.run.emplace(std::move(run));
  p.options.advisory = args.get("advisory").value_or("");
  p.options.policy = policy;
  p.options.approvals = args.getAll("approve");
  p.options.now = std::chrono::system_clock::now();
  p.options.root = p.check.sysroot.empty() ? "/" : p.check.sysroot;
  p.options.machine = p.check.sysroot.empty() ? agentMachine() : "";
  PSIRT_ASSIGN_OR_RETURN(plan, plan::makePlan(*p.run, p.options));
  p.plan = std::move(plan);
  return p;
}

PlanCommand openPlanCommand(std::span<const std::string> argv, std::string_view command,
                            std::vector<OptionSpec> extra_flags, void (*print_help)()) {
  PlanCommand c;
  auto usage = [&](const Error& e) {
    c.exit = usageError(command, e);
    return std::move(c);
  };
  auto parsed = parseArgs(argv, planFlags(std::move(extra_flags)));
  if (!parsed) return usage(parsed.error());
  c.args = std::move(*parsed);
  if (c.args.has("help")) {
    print_help();
    c.exit = kExitOk;
    return c;
  }
  const auto state = c.args.get("state");
  if (!state) return usage(makeError(ErrorCategory::kUsage, "--state DIR is required"));
  if (!c.args.positionals().empty())
    return usage(makeError(ErrorCategory::kUsage, "unexpected argument '" + log::oneLine(c.args.positionals()[0]) + "'"));
  c.format = c.args.get("format").value_or("table");
  if (c.format != "table" && c.format != "json")
    return usage(makeError(ErrorCategory::kUsage, "--format must be table or json, not '" + log::oneLine(c.format) + "'"));
  auto policy = loadPolicy(c.args.get("policy"));
  if (!policy) return usage(policy.error());
  c.policy = std::move(*policy);
  auto lock = lockStateAndRecover(*state, command);
  if (!lock) {
    c.exit = commandError(command, lock.error());
    return c;
  }
  c.lock.emplace(std::move(*lock));
  auto run = planFromArgs(c.args, *state, c.policy);
  if (!run) {
    c.exit = commandError(command, run.error());
    return c;
  }
  c.run.emplace(std::move(*run));
  return c;
}

}  // namespace psirt::cli
