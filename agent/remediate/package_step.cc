// install_package (step.h, package_manager.h):
//   check   installed version == the step's version (versions::compare).
//   prepare record the before-state: "absent", or the installed version and,
//           when the step has a rollback_artifact, a private copy of it in the
//           transaction directory after checking it IS that package at that
//           version. A package the database shows half-installed, or removed
//           with its configuration files left (revert could not restore that
//           exactly), is refused.
//   apply   the private artifact copy must declare the step's package and
//           version; lowering the installed version needs the manifest's
//           allow_downgrade AND the policy's consent; the state is re-read
//           after the manager ran (dpkg skips a refused downgrade with exit 0).
//   verify  installed version == the step's version.
//   revert  back to the before-state: nothing when already there, else
//           reinstall the rollback copy (lowering allowed) or remove the
//           package when it was absent. Idempotent, and correct after a
//           crash anywhere in apply.

#include "agent/remediate/package_manager.h"
#include "agent/remediate/step.h"
#include "agent/remediate/undo_text.h"
#include "platform/fs/fault_injection.h"
#include "platform/fs/fs.h"
#include "platform/log/log.h"

namespace psirt::remediate {
namespace {

constexpr const char* kUndoMagic = "psirt-package-undo/1";

struct Before {
  bool installed = false;
  std::string version;
  std::string rollback;  // private copy in the transaction directory, "" = none
};

std::string encode(const Before& b) {
  std::string out = std::string(kUndoMagic) + "\n";
  out += b.installed ? "before installed " + b.version + "\n" : "before absent\n";
  if (!b.rollback.empty()) out += "rollback " + b.rollback + "\n";
  return out;
}

Result<Before> decode(const UndoRecord& undo, const std::string& where) {
  Before b;
  bool magic = false, before = false;
  for (std::string_view line : undo_text::lines(undo)) {
    if (line == kUndoMagic)
      magic = true;
    else if (line == "before absent")
      before = true;
    else if (line.rfind("before installed ", 0) == 0 && line.size() > 17) {
      before = b.installed = true;
      b.version = std::string(line.substr(17));
    } else if (line.rfind("rollback /", 0) == 0)
      b.rollback = std::string(line.substr(9));
    else
      return makeError(ErrorCategory::kParse, "unreadable install_package undo record", where);
  }
  if (!magic || !before)
    return makeError(ErrorCategory::kParse, "incomplete install_package undo record", where);
  return b;
}

struct Bound {
  const action::InstallPackage& body;
  std::string where;  // "step ID"
  std::unique_ptr<PackageManager> manager;
};

Result<Bound> bind(const action::Step& step, const Context& ctx) {
  const auto& body = std::get<action::InstallPackage>(step.body);
  std::string where = "step " + step.id;
  if (auto name = checkPackageName(body.package); !name) return name.error().within(where);
  auto manager = openPackageManager(body.format, ctx.root, ctx.deadline);
  if (!manager) return manager.error().within(where);
  return Bound{body, where, std::move(*manager)};
}

Result<bool> isVersion(const Bound& b, const Installed& now, const std::string& version) {
  if (now.state != Installed::State::kInstalled) return false;
  auto same = sameVersion(b.manager->scheme(), now.version, version);
  if (!same) return same.error().within(b.where);
  return *same;
}

std::string shown(const Installed& now) {
  switch (now.state) {
    case Installed::State::kAbsent:
      return "not installed";
    case Installed::State::kInstalled:
      return now.version;
    case Installed::State::kBroken:
      if (now.status == "config-files")
        return "removed with its configuration files left (config-files " + now.version + ")";
      return now.status + " " + now.version;
  }
  return {};
}

// The artifact at `path` must be `package` at `version`: refuses another file.
Status checkIdentity(const Bound& b, const std::string& path, const std::string& target,
                     const std::string& version) {
  auto file = b.manager->inspect(path);
  if (!file) return file.error().within(b.where + ": " + target);
  if (file->name != b.body.package) {
    return makeError(ErrorCategory::kSecurity,
                     "is package '" + log::oneLine(file->name) + "', not '" + b.body.package + "'; refused",
                     b.where + ": " + target);
  }
  auto same = sameVersion(b.manager->scheme(), file->version, version);
  if (!same || !*same) {
    return makeError(ErrorCategory::kSecurity,
                     "is " + b.body.package + " version '" + log::oneLine(file->version) + "', not '" +
                         version + "'; refused",
                     b.where + ": " + target);
  }
  return okStatus();
}

class InstallPackageStep final : public StepExecutor {
 public:
  Result<bool> check(const action::Step& step, const Context& ctx) override {
    PSIRT_ASSIGN_OR_RETURN(b, bind(step, ctx));
    auto now = b.manager->installed(b.body.package);
    if (!now) return now.error().within(b.where);
    return isVersion(b, *now, b.body.version);
  }

  Result<UndoRecord> prepare(const action::Step& step, const Context& ctx) override {
    PSIRT_ASSIGN_OR_RETURN(b, bind(step, ctx));
    auto now = b.manager->installed(b.body.package);
    if (!now) return now.error().within(b.where);
    if (now->state == Installed::State::kBroken) {
      return makeError(ErrorCategory::kIo,
                       b.body.package + " is " + shown(*now) + " in the " + b.manager->name() +
                           " database; repair it before remediating",
                       b.where);
    }
    Before before;
    before.installed = now->state == Installed::State::kInstalled;
    before.version = now->version;
    if (before.installed && b.body.rollback_artifact) {
      const std::string& target = *b.body.rollback_artifact;
      auto copy = ctx.artifact
                      ? ctx.artifact(target)
                      : Result<std::string>(makeError(ErrorCategory::kInternal, "no artifact source"));
      if (!copy) return copy.error().within(b.where + ": " + target);
      PSIRT_TRY(checkIdentity(b, *copy, target, before.version));
      before.rollback = fs::joinPath(ctx.transaction_dir, step.id + ".rollback");
      if (auto st = fs::copyFileAtomic(*copy, before.rollback, 0600); !st) return st.error().within(b.where);
      PSIRT_FAULT_POINT("remediate.install_package.rollback_copied");
    }
    return encode(before);
  }

  Status apply(const action::Step& step, const Context& ctx, const UndoRecord&) override {
    PSIRT_ASSIGN_OR_RETURN(b, bind(step, ctx));
    auto path = ctx.artifact ? ctx.artifact(b.body.artifact)
                             : Result<std::string>(makeError(ErrorCategory::kInternal, "no artifact source"));
    if (!path) return path.error().within(b.where + ": " + b.body.artifact);
    PSIRT_TRY(checkIdentity(b, *path, b.body.artifact, b.body.version));
    auto now = b.manager->installed(b.body.package);
    if (!now) return now.error().within(b.where);
    PSIRT_ASSIGN_OR_RETURN(done, isVersion(b, *now, b.body.version));
    if (done) return okStatus();
    bool lower = false;
    if (now->state == Installed::State::kInstalled) {
      auto order = versions::compare(b.manager->scheme(), b.body.version, now->version);
      if (!order) return order.error().within(b.where);
      lower = *order < 0;
    }
    if (lower && !(b.body.allow_downgrade && ctx.policy_allows_downgrade)) {
      return securityError(SecurityCode::kRollback,
                           "refusing to lower " + b.body.package + " from " + now->version + " to " +
                               b.body.version + ": needs the manifest's allow_downgrade (" +
                               (b.body.allow_downgrade ? "yes" : "no") + ") and the policy's consent (" +
                               (ctx.policy_allows_downgrade ? "yes" : "no") + ")",
                           b.where);
    }
    PSIRT_FAULT_POINT("remediate.install_package.install");
    if (auto st = b.manager->install(*path, lower); !st) return st.error().within(b.where);
    return expect(b, b.body.version, b.manager->name() + std::string(" installed ") + b.body.artifact);
  }

  Status verify(const action::Step& step, const Context& ctx) override {
    PSIRT_ASSIGN_OR_RETURN(b, bind(step, ctx));
    return expect(b, b.body.version, "verify");
  }

  Status revert(const action::Step& step, const Context& ctx, const UndoRecord& undo) override {
    PSIRT_ASSIGN_OR_RETURN(b, bind(step, ctx));
    PSIRT_ASSIGN_OR_RETURN(before, decode(undo, b.where));
    auto now = b.manager->installed(b.body.package);
    if (!now) return now.error().within(b.where);
    if (!before.installed) {
      if (now->state == Installed::State::kAbsent) return okStatus();
      PSIRT_FAULT_POINT("remediate.install_package.remove");
      if (auto st = b.manager->remove(b.body.package); !st) return st.error().within(b.where);
      auto after = b.manager->installed(b.body.package);
      if (!after) return after.error().within(b.where);
      if (after->state != Installed::State::kAbsent) {
        return makeError(ErrorCategory::kIo, "revert: " + b.body.package + " is still " + shown(*after),
                         b.where);
      }
      return okStatus();
    }
    PSIRT_ASSIGN_OR_RETURN(back, isVersion(b, *now, before.version));
    if (back) return okStatus();
    if (before.rollback.empty()) {
      return makeError(ErrorCategory::kUnsupported,
                       "revert: " + b.body.package + " was " + before.version +
                           " and there is no rollback artifact (irreversible step)",
                       b.where);
    }
    PSIRT_FAULT_POINT("remediate.install_package.reinstall");
    if (auto st = b.manager->install(before.rollback, true); !st) return st.error().within(b.where);
    return expect(b, before.version, "revert");
  }

 private:
  // The package must now be installed at `version`.
  static Status expect(const Bound& b, const std::string& version, const std::string& after) {
    auto now = b.manager->installed(b.body.package);
    if (!now) return now.error().within(b.where);
    PSIRT_ASSIGN_OR_RETURN(ok, isVersion(b, *now, version));
    if (ok) return okStatus();
    return makeError(ErrorCategory::kIo,
                     after + ": " + b.body.package + " is " + shown(*now) + ", not " + version, b.where);
  }
};

}  // namespace

StepExecutor& installPackageExecutor() {
  static InstallPackageStep executor;
  return executor;
}

}  // namespace psirt::remediate
