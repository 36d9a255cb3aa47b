// One step of an action, run in four phases by the transaction engine
// (transaction.h, docs/components/remediate.md):
//
//   check    -> already in the target state? then the step is recorded as
//               "already" and not applied (nor reverted).
//   prepare  -> capture what revert needs (saved file, old value, previous
//               package version) WITHOUT changing the root; the engine writes
//               the UndoRecord into the journal and syncs it before apply.
//   apply    -> make the change.
//   verify   -> confirm the target state; a failure reverts the transaction.
//   revert   -> restore the before-state from the UndoRecord.
//
// Crash contract (the crash-injection test kills the agent at every step
// boundary and every durable write): `revert` must restore the before-state
// after a crash at ANY point of `apply` (partial apply included) and must be
// idempotent (a crash during revert is followed by revert again). `apply` is
// only ever re-run after a full revert. Each executor marks its own durable
// writes with PSIRT_FAULT_POINT("remediate.<kind>.<what>").
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "agent/action/action.h"
#include "platform/error/result.h"

namespace psirt::remediate {

// Where and how steps act. Built by the engine for one transaction.
struct Context {
  // The target root: "/" for the device, else the --sysroot (absolute, no
  // symlink components). Every manifest path is resolved inside it and never
  // escapes it (platform/fs/rooted.h).
  std::string root = "/";
  // True with --sysroot: package managers run with `dpkg --root`,
  // `rpm --root`, `opkg -o`; services are only enabled/disabled (systemctl
  // --root), never started or stopped.
  bool image = false;
  // DIR/journal/<transaction id>/: this transaction's private directory
  // (0700) for undo data too large for the journal record (saved files,
  // rollback package copies).
  std::string transaction_dir;
  // Returns the path of a private copy of the "artifacts/..." target, re-hashed
  // from the open file right before use (TOCTOU): the engine checks it against
  // the current unexpired trusted targets. An error means: refuse the step.
  std::function<Result<std::string>(std::string_view target)> artifact;
  // The policy's consent to lower an installed version (policy.h); an
  // install_package step lowers one only when this and its manifest's
  // allow_downgrade are both true.
  bool policy_allows_downgrade = false;
  // Where a step reports what the operator must see but is not an error (a
  // service start skipped in an image: nothing runs there). Null: the note
  // goes to the log (platform/log) as a warning naming the step.
  std::function<void(std::string_view step_id, std::string_view note)> note;
  // No step phase may run past this (process time limits are clipped to it).
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// What a step's revert needs, captured by prepare. Opaque to the journal (each
// executor defines its own text encoding), at most kMaxUndoRecord bytes; larger
// saved content goes into files under Context::transaction_dir.
using UndoRecord = std::string;
inline constexpr std::size_t kMaxUndoRecord = 64 * 1024;

class StepExecutor {
 public:
  virtual ~StepExecutor() = default;
  virtual Result<bool> check(const action::Step& step, const Context& ctx) = 0;
  virtual Result<UndoRecord> prepare(const action::Step& step, const Context& ctx) = 0;
  virtual Status apply(const action::Step& step, const Context& ctx, const UndoRecord& undo) = 0;
  virtual Status verify(const action::Step& step, const Context& ctx) = 0;
  virtual Status revert(const action::Step& step, const Context& ctx, const UndoRecord& undo) = 0;
};

// The executor for a step's kind (executors.cc). One stateless instance per kind.
StepExecutor& executorFor(const action::StepBody& body);

// Per-kind executors, one file each.
StepExecutor& replaceFileExecutor();     // file_step.cc
StepExecutor& setConfigExecutor();       // config_step.cc
StepExecutor& installPackageExecutor();  // package_step.cc (package_manager.h)
StepExecutor& serviceExecutor();         // service_step.cc
StepExecutor& runScriptExecutor();       // script_step.cc

}  // namespace psirt::remediate
