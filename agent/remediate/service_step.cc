// service (step.h). Which init system, R the root:
//
//   image (--sysroot)  systemd only, and only enable/disable:
//                        systemctl --root=R enable|disable|is-enabled NAME
//                      needs a unit file for NAME in R (etc/systemd/system,
//                      usr/lib/systemd/system or lib/systemd/system; NAME
//                      without a suffix means NAME.service). start, stop and
//                      restart are SKIPPED (nothing runs in an image): check
//                      says not done, apply does nothing but reports a note
//                      (Context::note), verify and revert succeed. A SysV-only
//                      service cannot be enabled in an image: kUnsupported.
//   device, systemd    R/run/systemd/system exists (sd_booted):
//                        systemctl start|stop|restart|enable|disable NAME,
//                        systemctl is-active|is-enabled NAME for the state
//   device, SysV       otherwise, R/etc/init.d/NAME run directly with
//                      start|stop|restart, state from its LSB "status" exit
//                      code (0 running, 1-3 not running, else an error).
//                      enable/disable of SysV scripts: kUnsupported.
//
// Undo: the state before ("enabled", "disabled", "active", "inactive", ...).
// Revert runs the inverse operation when the state differs from it;
// restart has no inverse and changes no persistent state.

#include "agent/remediate/step.h"
#include "agent/remediate/tool_run.h"
#include "platform/fs/fault_injection.h"
#include "platform/fs/rooted.h"
#include "platform/log/log.h"

namespace psirt::remediate {
namespace {

using Op = action::ServiceOperation;
constexpr const char* kUndoMagic = "psirt-service-undo/1";
constexpr std::chrono::milliseconds kLimit{120000};

const char* opName(Op op) {
  switch (op) {
    case Op::kStart:
      return "start";
    case Op::kStop:
      return "stop";
    case Op::kRestart:
      return "restart";
    case Op::kEnable:
      return "enable";
    case Op::kDisable:
      return "disable";
  }
  return "?";
}
bool persistent(Op op) { return op == Op::kEnable || op == Op::kDisable; }

std::string rootPath(const std::string& root, const std::string& rel) {
  return root == "/" ? "/" + rel : root + "/" + rel;
}

struct Target {
  const action::Service& body;
  std::string where;
  bool skip = false;     // a runtime operation in an image
  bool systemd = false;  // else SysV
  std::string program;   // systemctl or the init script
  std::string root;      // for systemctl --root, "" on the device
};

Result<fs::RootDir::Kind> kindIn(const std::string& root, const std::string& rel) {
  auto dir = fs::RootDir::open(root);
  if (!dir) return dir.error();
  return dir->kind(rel);
}

bool is(const std::string& root, const std::string& rel, fs::RootDir::Kind want) {
  auto kind = kindIn(root, rel);
  return kind && *kind == want;
}

bool hasUnitFile(const std::string& root, const std::string& name) {
  std::string unit = name.find('.') == std::string::npos ? name + ".service" : name;
  for (const char* dir : {"etc/systemd/system/", "usr/lib/systemd/system/", "lib/systemd/system/"}) {
    if (is(root, dir + unit, fs::RootDir::Kind::kRegular)) return true;
  }
  return false;
}

Result<Target> bind(const action::Step& step, const Context& ctx) {
  const auto& body = std::get<action::Service>(step.body);
  Target t{body, "step " + step.id, false, false, {}, {}};
  if (body.name.empty() || body.name[0] == '-' || body.name.find('/') != std::string::npos) {
    return makeError(ErrorCategory::kUsage, "not a valid service name '" + log::oneLine(body.name) + "'",
                     t.where);
  }
  bool sysv = is(ctx.root, "etc/init.d/" + body.name, fs::RootDir::Kind::kRegular);
  if (ctx.image) {
    if (!persistent(body.operation)) {
      t.skip = true;
      return t;
    }
    if (!hasUnitFile(ctx.root, body.name)) {
      if (sysv) {
        return makeError(
            ErrorCategory::kUnsupported,
            std::string(opName(body.operation)) + " of a SysV init script in an image is not supported",
            t.where);
      }
      return makeError(ErrorCategory::kIo, "no systemd unit file for '" + body.name + "' in the image",
                       t.where);
    }
    t.root = ctx.root;
  } else if (!is(ctx.root, "run/systemd/system", fs::RootDir::Kind::kDirectory)) {
    if (!sysv) {
      return makeError(
          ErrorCategory::kIo,
          "no init script " + rootPath(ctx.root, "etc/init.d/" + body.name) + " (and systemd is not running)",
          t.where);
    }
    if (persistent(body.operation)) {
      return makeError(ErrorCategory::kUnsupported,
                       std::string(opName(body.operation)) + " of a SysV init script is not supported",
                       t.where);
    }
    t.program = rootPath(ctx.root, "etc/init.d/" + body.name);
    return t;
  }
  auto systemctl = findTool("systemctl");
  if (!systemctl) return systemctl.error().within(t.where);
  t.systemd = true;
  t.program = *systemctl;
  return t;
}

// Runs the program with `verb`; the Outcome (a non-zero exit is not an error here).
Result<process::Outcome> run(const Target& t, const Context& ctx, const std::string& verb) {
  std::vector<std::string> argv{t.program};
  if (t.systemd && !t.root.empty()) argv.push_back("--root=" + t.root);
  argv.push_back(verb);
  if (t.systemd) argv.push_back(t.body.name);
  ToolRun r = toolRun(argv, kLimit, ctx.deadline);
  r.working_directory = "/";
  auto outcome = runTool(r);
  if (!outcome) return outcome.error().within(t.where);
  return outcome;
}

// "enabled"/"disabled"/... for enable/disable, "active"/"inactive" for the others.
Result<std::string> state(const Target& t, const Context& ctx) {
  if (!t.systemd) {
    PSIRT_ASSIGN_OR_RETURN(out, run(t, ctx, "status"));
    if (!out.signaled && !out.timed_out && out.exit_code == 0) return std::string("active");
    if (!out.signaled && !out.timed_out && out.exit_code >= 1 && out.exit_code <= 3)
      return std::string("inactive");
    return makeError(ErrorCategory::kIo, t.program + " status " + describeOutcome(out, kLimit), t.where);
  }
  const char* verb = persistent(t.body.operation) ? "is-enabled" : "is-active";
  PSIRT_ASSIGN_OR_RETURN(out, run(t, ctx, verb));
  std::string word = out.stdout_data.substr(0, out.stdout_data.find('\n'));
  if (word.empty() || word.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") != std::string::npos) {
    return makeError(ErrorCategory::kIo,
                     "systemctl " + std::string(verb) + " " + describeOutcome(out, kLimit), t.where);
  }
  return word;
}

// Whether `s` is the state `op` leads to.
bool reached(Op op, const std::string& s) {
  switch (op) {
    case Op::kEnable:
      return s == "enabled";
    case Op::kDisable:
      return s == "disabled";
    case Op::kStop:
      return s == "inactive" || s == "failed";
    case Op::kStart:
    case Op::kRestart:
      return s == "active";
  }
  return false;
}

Status perform(const Target& t, const Context& ctx, Op op) {
  PSIRT_ASSIGN_OR_RETURN(out, run(t, ctx, opName(op)));
  if (out.succeeded()) return okStatus();
  return makeError(ErrorCategory::kIo,
                   toolName(t.program) + " " + opName(op) + " " + describeOutcome(out, kLimit), t.where);
}

void note(const Context& ctx, const std::string& id, const std::string& text) {
  if (ctx.note)
    ctx.note(id, text);
  else
    log::warning("psirt-agent", "step " + id + ": " + text);
}

class ServiceStep final : public StepExecutor {
 public:
  Result<bool> check(const action::Step& step, const Context& ctx) override {
    PSIRT_ASSIGN_OR_RETURN(t, bind(step, ctx));
    if (t.skip || t.body.operation == Op::kRestart) return false;
    PSIRT_ASSIGN_OR_RETURN(s, state(t, ctx));
    return reached(t.body.operation, s);
  }

  Result<UndoRecord> prepare(const action::Step& step, const Context& ctx) override {
    PSIRT_ASSIGN_OR_RETURN(t, bind(step, ctx));
    std::string before = "none";
    if (!t.skip && t.body.operation != Op::kRestart) {
      PSIRT_ASSIGN_OR_RETURN(s, state(t, ctx));
      before = s;
    }
    return std::string(kUndoMagic) + "\nbefore " + before + "\n";
  }

  Status apply(const action::Step& step, const Context& ctx, const UndoRecord&) override {
    PSIRT_ASSIGN_OR_RETURN(t, bind(step, ctx));
    if (t.skip) {
      note(ctx, step.id,
           std::string("skipped: ") + opName(t.body.operation) + " " + t.body.name +
               " in an image (nothing runs there)");
      return okStatus();
    }
    PSIRT_FAULT_POINT("remediate.service.apply");
    return perform(t, ctx, t.body.operation);
  }

  Status verify(const action::Step& step, const Context& ctx) override {
    PSIRT_ASSIGN_OR_RETURN(t, bind(step, ctx));
    if (t.skip) return okStatus();
    PSIRT_ASSIGN_OR_RETURN(s, state(t, ctx));
    if (reached(t.body.operation, s)) return okStatus();
    return makeError(ErrorCategory::kIo, t.body.name + " is " + s + " after " + opName(t.body.operation),
                     t.where);
  }

  Status revert(const action::Step& step, const Context& ctx, const UndoRecord& undo) override {
    PSIRT_ASSIGN_OR_RETURN(t, bind(step, ctx));
    std::string prefix = std::string(kUndoMagic) + "\nbefore ";
    if (undo.rfind(prefix, 0) != 0 || undo.back() != '\n') {
      return makeError(ErrorCategory::kParse, "unreadable service undo record", t.where);
    }
    std::string before = undo.substr(prefix.size(), undo.size() - prefix.size() - 1);
    if (t.skip || t.body.operation == Op::kRestart || before == "none") return okStatus();
    PSIRT_ASSIGN_OR_RETURN(now, state(t, ctx));
    if (now == before || !reached(t.body.operation, now)) return okStatus();
    Op inverse = t.body.operation == Op::kEnable    ? Op::kDisable
                 : t.body.operation == Op::kDisable ? Op::kEnable
                 : t.body.operation == Op::kStart   ? Op::kStop
                                                    : Op::kStart;
    PSIRT_FAULT_POINT("remediate.service.revert");
    return perform(t, ctx, inverse);
  }
};

}  // namespace

StepExecutor& serviceExecutor() {
  static ServiceStep executor;
  return executor;
}

}  // namespace psirt::remediate
