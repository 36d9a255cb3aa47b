// The transaction engine (transaction.h). Every journal write is durable
// before the next phase runs; PSIRT_FAULT_POINT marks every step boundary
// (remediate.*) besides the journal's own (journal.*) and the file writes'
// (atomic_write.*, rooted_write.*).
#include "agent/remediate/transaction.h"

#include <algorithm>

#include "platform/fs/fault_injection.h"

namespace psirt::remediate {
namespace {

Context contextFor(const Journal& journal, const TransactionRecord& record, const Context& base) {
  Context ctx = base;
  ctx.root = record.root;
  ctx.image = record.image;
  ctx.transaction_dir = journal.transactionDir(record.id);
  return ctx;
}

bool owesRevert(Phase p) { return p == Phase::kPrepared || p == Phase::kApplied || p == Phase::kVerified; }

Error stepError(const StepRecord& s, const char* phase, const Error& e) {
  return e.within("step " + s.step.id + " (" + action::stepKindName(s.step.body) + ", " + phase + ")");
}

// Reverts every step that reached "prepared", newest first, journaling each.
// A journal write that fails does not stop the reverts (the root matters
// more; the record on disk still says the transaction is open, so the next
// recovery reverts again, which is idempotent); it is reported at the end.
Outcome revertAll(const Journal& journal, TransactionRecord& record, const Context& ctx, TxState during,
                  TxState done) {
  std::optional<Error> journal_error;
  auto note = [&](Status st) {
    if (!st && !journal_error) journal_error = st.error();
  };
  record.state = during;
  note(journal.write(record));
  for (auto it = record.steps.rbegin(); it != record.steps.rend(); ++it) {
    if (!owesRevert(it->phase)) continue;
    PSIRT_FAULT_POINT("remediate.revert.before");
    Status st = executorFor(it->step.body).revert(it->step, ctx, it->undo);
    if (!st) {
      const Error e = stepError(*it, "revert", st.error());
      record.state = during == TxState::kRollingBack ? TxState::kRollingBack : TxState::kFailed;
      record.error = e.describe();
      (void)journal.write(record);  // best effort: "open" on disk means the same to recovery
      return Outcome{record.id, record.state, e};
    }
    PSIRT_FAULT_POINT("remediate.revert.done");
    it->phase = Phase::kReverted;
    note(journal.write(record));
  }
  record.state = done;
  note(journal.write(record));
  PSIRT_FAULT_POINT("remediate.revert.closed");
  if (journal_error) {
    return Outcome{record.id, TxState::kOpen,
                   journal_error->within("reverted, but the journal could not record it (the next start reverts "
                                         "again, idempotently)")};
  }
  return Outcome{record.id, done, std::nullopt};
}

// One step, check to verify. An error leaves the step's phase as far as it got.
Status runStep(const Journal& journal, TransactionRecord& record, StepRecord& s, const Context& ctx) {
  StepExecutor& ex = executorFor(s.step.body);
  auto already = ex.check(s.step, ctx);
  if (!already) return stepError(s, "check", already.error());
  PSIRT_FAULT_POINT("remediate.step.checked");
  if (*already) {
    s.phase = Phase::kAlready;
    return journal.write(record);
  }
  auto undo = ex.prepare(s.step, ctx);
  if (!undo) return stepError(s, "prepare", undo.error());
  if (undo->size() > kMaxUndoRecord) {
    return stepError(s, "prepare", makeError(ErrorCategory::kInternal, "undo record over 64 KiB"));
  }
  PSIRT_FAULT_POINT("remediate.step.prepared");
  s.undo = std::move(*undo);
  s.phase = Phase::kPrepared;
  if (Status st = journal.write(record); !st) {
    s.phase = Phase::kPending;  // nothing applied: this step owes no revert
    return st;
  }
  PSIRT_FAULT_POINT("remediate.step.applying");
  if (Status st = ex.apply(s.step, ctx, s.undo); !st) return stepError(s, "apply", st.error());
  PSIRT_FAULT_POINT("remediate.step.applied");
  s.phase = Phase::kApplied;
  PSIRT_TRY(journal.write(record));
  if (Status st = ex.verify(s.step, ctx); !st) return stepError(s, "verify", st.error());
  PSIRT_FAULT_POINT("remediate.step.verified");
  s.phase = Phase::kVerified;
  return journal.write(record);
}

}  // namespace

Result<Outcome> apply(const Journal& journal, const action::Action& action, const Context& base,
                      clock::Seconds now) {
  PSIRT_ASSIGN_OR_RETURN(record, journal.begin(action, base.root, base.image, now));
  const Context ctx = contextFor(journal, record, base);
  for (StepRecord& s : record.steps) {
    std::optional<Error> failure;
    if (std::chrono::steady_clock::now() > ctx.deadline) {
      failure = makeError(ErrorCategory::kLimit, "deadline passed before the step", "step " + s.step.id);
    } else if (Status st = runStep(journal, record, s, ctx); !st) {
      failure = st.error();
    }
    if (!failure) continue;
    record.error = failure->describe();
    Outcome out = revertAll(journal, record, ctx, TxState::kReverting, TxState::kReverted);
    (void)journal.prune();
    if (!out.error) {
      out.error = failure;  // reverted cleanly: the cause is the step's error
    } else {                // and then the revert (or its journaling) failed too: say both
      out.error = makeError(failure->category, failure->describe() + "; then: " + out.error->describe());
    }
    return out;
  }
  PSIRT_FAULT_POINT("remediate.commit.before");
  record.state = TxState::kCommitted;
  if (Status st = journal.write(record); !st) {
    // Every step verified: the next recovery commits it.
    return Outcome{record.id, TxState::kOpen, st.error().within("applied, but the commit was not recorded")};
  }
  PSIRT_FAULT_POINT("remediate.committed");
  (void)journal.prune();
  return Outcome{record.id, TxState::kCommitted, std::nullopt};
}

Result<std::vector<Outcome>> recover(const Journal& journal, const Context& base) {
  PSIRT_ASSIGN_OR_RETURN(ids, journal.list());
  std::vector<Outcome> closed;
  for (const std::string& id : ids) {
    PSIRT_ASSIGN_OR_RETURN(record, journal.read(id));
    if (isClosed(record.state)) continue;
    const Context ctx = contextFor(journal, record, base);
    Outcome out;
    const bool all_done = std::all_of(record.steps.begin(), record.steps.end(), [](const StepRecord& s) {
      return s.phase == Phase::kVerified || s.phase == Phase::kAlready;
    });
    if (record.state == TxState::kOpen && all_done) {
      record.state = TxState::kCommitted;
      PSIRT_TRY(journal.write(record));
      PSIRT_FAULT_POINT("remediate.recover.committed");
      out = Outcome{record.id, TxState::kCommitted, std::nullopt};
    } else if (record.state == TxState::kRollingBack) {
      out = revertAll(journal, record, ctx, TxState::kRollingBack, TxState::kRolledBack);
    } else {
      if (record.error.empty()) record.error = "interrupted; reverted by recovery";
      out = revertAll(journal, record, ctx, TxState::kReverting, TxState::kReverted);
    }
    if (out.error) {
      return out.error->within("transaction " + id + " stays open (the next start retries)");
    }
    closed.push_back(std::move(out));
  }
  (void)journal.prune();  // retention is housekeeping: it never fails a command
  return closed;
}

Result<Outcome> rollback(const Journal& journal, std::string_view id, const Context& base) {
  PSIRT_ASSIGN_OR_RETURN(record, journal.read(id));
  if (record.state != TxState::kCommitted && record.state != TxState::kRollingBack) {
    return makeError(ErrorCategory::kUsage,
                     std::string("transaction is ") + txStateName(record.state) + ": only a committed one rolls back",
                     std::string(id));
  }
  const Context ctx = contextFor(journal, record, base);
  Outcome out = revertAll(journal, record, ctx, TxState::kRollingBack, TxState::kRolledBack);
  (void)journal.prune();
  return out;
}

}  // namespace psirt::remediate
