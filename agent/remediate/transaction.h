// The transaction engine (docs/components/remediate.md): runs an action's
// steps against a root as one journaled transaction, reverts it on failure,
// recovers after a crash, rolls a committed one back.
//
// Order per step (the journal record is synced where marked *):
//   check -> already? record "already"* and go on
//   prepare -> record undo + "prepared"* -> apply -> "applied"* -> verify -> "verified"*
// then "committed"*. On any failure the steps that reached "prepared" are
// reverted in reverse order: state "reverting"*, each step "reverted"*, then
// "reverted"* (or "failed"* when a revert fails: the transaction stays open
// and the next recovery retries it). Preconditions, policy and artifact
// verification are the caller's (they run before apply).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/action/action.h"
#include "agent/remediate/journal.h"
#include "agent/remediate/step.h"
#include "platform/clock/clock.h"
#include "platform/error/result.h"

namespace psirt::remediate {

struct Outcome {
  std::string transaction;
  TxState state = TxState::kOpen;
  // Why it is not committed (apply) / not rolled back (rollback): the step's
  // error, or a revert's. Empty on success.
  std::optional<Error> error;
};

// Runs `action` in a new transaction against base.root (base.transaction_dir
// is set by the engine). A step failure is an Outcome (reverted or failed)
// with the error; the Result fails only when the journal cannot be started
// (nothing touched the root then).
Result<Outcome> apply(const Journal& journal, const action::Action& action, const Context& base,
                      clock::Seconds now);

// Run at the start of every agent command that touches the state, under the
// state lock, before anything else: oldest first, every open transaction is
// finished. "open" with every step verified (or already) is committed; other
// "open", "reverting" and "failed" are reverted (every step that reached
// "prepared", reverse order; revert is idempotent); "rolling_back" is rolled
// back. Root and image come from each record (base gives the rest of the
// Context). Returns what it closed. Fails on a damaged record (naming the
// transaction to inspect; nothing else is touched) or a revert that fails
// (that transaction stays "failed").
Result<std::vector<Outcome>> recover(const Journal& journal, const Context& base);

// Reverts the committed transaction `id` from its kept undo data: state
// "rolling_back"*, steps reverted in reverse order, "rolled_back"*. Refuses a
// transaction that is not committed (or already rolling back). Run recover()
// first. Roll back the newest transaction first when two touched one file.
Result<Outcome> rollback(const Journal& journal, std::string_view id, const Context& base);

}  // namespace psirt::remediate
