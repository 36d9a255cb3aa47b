// run_script (step.h). The signed script is copied privately into the
// transaction directory as <step id>.<phase>.script, mode 0700 (the
// directory must not be mounted noexec), and run from there:
//   argv        [copy, args...]                       (no shell)
//   environment exactly PATH=/usr/sbin:/usr/bin:/sbin:/bin, LC_ALL=C,
//               HOME=/nonexistent, PSIRT_ROOT=<target root>,
//               PSIRT_IMAGE=1 with --sysroot else 0, PSIRT_STEP=<step id>,
//               PSIRT_PHASE=check|apply|verify|revert
//   cwd         the target root
//   time limit  the step's timeout, clipped to Context::deadline; on expiry
//               the whole process group is killed
//   output      64 KiB of stdout and of stderr kept (for the error line)
//
//   check   with check_args: exit 0 = already done, any other exit = not
//           done, killed or timed out = error. Without: never done.
//   prepare keeps a private copy of revert_artifact (so revert needs no
//           trusted targets any more) and records its path.
//   apply   success = an exit code listed in success_exit_codes.
//   verify  with check_args: the check must now exit 0; without: nothing.
//   revert  runs the revert copy with revert_args; success = exit 0. The
//           revert script must be idempotent and must cope with an apply
//           that was cut short (the crash contract of step.h).
// Every failure is one line naming the step, the artifact and the exit
// code, signal or time-out.
#include <algorithm>

#include "agent/remediate/step.h"
#include "agent/remediate/tool_run.h"
#include "platform/fs/fault_injection.h"
#include "platform/fs/fs.h"

namespace psirt::remediate {
namespace {

constexpr const char* kUndoMagic = "psirt-script-undo/1";
constexpr std::size_t kOutputCap = 64u << 10;

std::string where(const action::Step& step) { return "step " + step.id; }

// A private executable copy of `target` for `phase`.
Result<std::string> privateCopy(const action::Step& step, const Context& ctx, const std::string& target,
                                const char* phase) {
  if (ctx.transaction_dir.empty() || !ctx.artifact) {
    return makeError(ErrorCategory::kInternal, "no transaction directory or artifact source", where(step));
  }
  auto source = ctx.artifact(target);
  if (!source) return source.error().within(where(step) + ": " + target);
  std::string copy = fs::joinPath(ctx.transaction_dir, step.id + "." + phase + ".script");
  if (auto st = fs::copyFileAtomic(*source, copy, 0700); !st) return st.error().within(where(step));
  return copy;
}

Result<process::Outcome> runScript(const action::Step& step, const Context& ctx, const std::string& program,
                                   const std::vector<std::string>& args, const char* phase,
                                   std::chrono::milliseconds* limit) {
  const auto& body = std::get<action::RunScript>(step.body);
  std::vector<std::string> argv{program};
  argv.insert(argv.end(), args.begin(), args.end());
  ToolRun run =
      toolRun(argv, std::chrono::duration_cast<std::chrono::milliseconds>(body.timeout), ctx.deadline);
  run.working_directory = ctx.root;
  run.environment["PSIRT_ROOT"] = ctx.root;
  run.environment["PSIRT_IMAGE"] = ctx.image ? "1" : "0";
  run.environment["PSIRT_STEP"] = step.id;
  run.environment["PSIRT_PHASE"] = phase;
  run.max_stdout = kOutputCap;
  run.max_stderr = kOutputCap;
  auto outcome = runTool(run);
  *limit = run.limit;
  if (!outcome) return outcome.error().within(where(step));
  return outcome;
}

// The one-line failure of a script run.
Error failed(const action::Step& step, const std::string& target, const char* phase,
             const process::Outcome& out, std::chrono::milliseconds limit, const std::string& expected) {
  return makeError(out.timed_out ? ErrorCategory::kLimit : ErrorCategory::kIo,
                   std::string(phase) + " script " + describeOutcome(out, limit) + expected,
                   where(step) + ": " + target);
}

std::string expectedCodes(const std::vector<int>& codes) {
  std::string out = " (expected ";
  for (std::size_t i = 0; i < codes.size(); ++i) out += (i ? ", " : "") + std::to_string(codes[i]);
  return out + ")";
}

// check_args: done (exit 0) or not (other exit); killed / timed out: error.
Result<bool> askDone(const action::Step& step, const Context& ctx, const char* phase) {
  const auto& body = std::get<action::RunScript>(step.body);
  PSIRT_ASSIGN_OR_RETURN(copy, privateCopy(step, ctx, body.artifact, phase));
  std::chrono::milliseconds limit{};
  PSIRT_ASSIGN_OR_RETURN(out, runScript(step, ctx, copy, *body.check_args, phase, &limit));
  if (out.timed_out || out.signaled || out.exit_code < 0)
    return failed(step, body.artifact, phase, out, limit, "");
  return out.exit_code == 0;
}

class RunScriptStep final : public StepExecutor {
 public:
  Result<bool> check(const action::Step& step, const Context& ctx) override {
    const auto& body = std::get<action::RunScript>(step.body);
    if (!body.check_args) return false;
    return askDone(step, ctx, "check");
  }

  Result<UndoRecord> prepare(const action::Step& step, const Context& ctx) override {
    const auto& body = std::get<action::RunScript>(step.body);
    std::string undo = std::string(kUndoMagic) + "\n";
    if (body.revert_artifact) {
      PSIRT_ASSIGN_OR_RETURN(copy, privateCopy(step, ctx, *body.revert_artifact, "revert"));
      PSIRT_FAULT_POINT("remediate.run_script.revert_copied");
      undo += "revert " + copy + "\n";
    }
    return undo;
  }

  Status apply(const action::Step& step, const Context& ctx, const UndoRecord&) override {
    const auto& body = std::get<action::RunScript>(step.body);
    PSIRT_ASSIGN_OR_RETURN(copy, privateCopy(step, ctx, body.artifact, "apply"));
    PSIRT_FAULT_POINT("remediate.run_script.run");
    std::chrono::milliseconds limit{};
    PSIRT_ASSIGN_OR_RETURN(out, runScript(step, ctx, copy, body.args, "apply", &limit));
    const auto& ok = body.success_exit_codes;
    if (!out.timed_out && !out.signaled && std::find(ok.begin(), ok.end(), out.exit_code) != ok.end()) {
      return okStatus();
    }
    return failed(step, body.artifact, "apply", out, limit,
                  out.timed_out || out.signaled ? "" : expectedCodes(ok));
  }

  Status verify(const action::Step& step, const Context& ctx) override {
    const auto& body = std::get<action::RunScript>(step.body);
    if (!body.check_args) return okStatus();
    PSIRT_ASSIGN_OR_RETURN(done, askDone(step, ctx, "verify"));
    if (done) return okStatus();
    return makeError(ErrorCategory::kIo, "verify: the check (check_args) does not report the step done",
                     where(step) + ": " + body.artifact);
  }

  Status revert(const action::Step& step, const Context& ctx, const UndoRecord& undo) override {
    const auto& body = std::get<action::RunScript>(step.body);
    std::string head = std::string(kUndoMagic) + "\n";
    if (undo.rfind(head, 0) != 0)
      return makeError(ErrorCategory::kParse, "unreadable run_script undo record", where(step));
    std::string rest = undo.substr(head.size());
    if (rest.empty()) {
      return makeError(ErrorCategory::kUnsupported, "no revert_artifact: the step is irreversible",
                       where(step));
    }
    if (rest.rfind("revert /", 0) != 0 || rest.back() != '\n') {
      return makeError(ErrorCategory::kParse, "unreadable run_script undo record", where(step));
    }
    std::string copy = rest.substr(7, rest.size() - 8);
    std::chrono::milliseconds limit{};
    PSIRT_ASSIGN_OR_RETURN(out, runScript(step, ctx, copy, body.revert_args, "revert", &limit));
    if (out.succeeded()) return okStatus();
    return failed(step, body.revert_artifact.value_or("revert_artifact"), "revert", out, limit,
                  out.timed_out || out.signaled ? "" : " (expected 0)");
  }
};

}  // namespace

StepExecutor& runScriptExecutor() {
  static RunScriptStep executor;
  return executor;
}

}  // namespace psirt::remediate
