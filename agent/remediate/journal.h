// The remediation journal (docs/formats/journal.md): one directory per
// transaction under the state directory's journal/ (state::Layout::journalDir,
// agent/state owns where it is), holding the transaction record
// (record.json) and the undo files its steps saved. The record is rewritten
// atomically and durably (write, fsync, rename, fsync dir) BEFORE every step
// phase that changes the root, so after a crash it says which steps may have
// touched the root and what their revert needs (transaction.h recovers).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "agent/action/action.h"
#include "agent/remediate/step.h"
#include "agent/state/layout.h"
#include "platform/clock/clock.h"
#include "platform/error/result.h"

namespace psirt::remediate {

// Open states (recovery acts on them): kOpen (steps running), kReverting (an
// apply is undoing its steps), kFailed (a revert failed: retried by the next
// recovery), kRollingBack (rollback of a committed transaction under way).
// Closed: kCommitted, kReverted, kRolledBack.
enum class TxState { kOpen, kReverting, kFailed, kCommitted, kReverted, kRollingBack, kRolledBack };
// "open", "reverting", "failed", "committed", "reverted", "rolling_back", "rolled_back".
const char* txStateName(TxState state);
bool isClosed(TxState state);

// How far one step got. kPrepared is written BEFORE apply starts: from then on
// the root may hold a partial change, and revert is owed.
enum class Phase { kPending, kAlready, kPrepared, kApplied, kVerified, kReverted };
// "pending", "already", "prepared", "applied", "verified", "reverted".
const char* phaseName(Phase phase);

struct StepRecord {
  action::Step step;  // the whole step: recovery reverts without the manifest
  Phase phase = Phase::kPending;
  UndoRecord undo;  // set with kPrepared
};

struct TransactionRecord {
  std::string id;      // transaction id (isTransactionId)
  std::string action;  // action id
  std::string root;    // Context::root the steps ran against
  bool image = false;  // Context::image
  clock::Seconds created = 0;
  TxState state = TxState::kOpen;
  std::vector<StepRecord> steps;
  std::string error;  // the failure that made it revert (or fail), one line; "" if none
};

// "<UTC yyyymmddThhmmssZ>-<16 lower-case hex>": sorts by creation time, safe
// as a file name. Anything else is refused before it reaches a path.
bool isTransactionId(std::string_view id);

// [A-Za-z0-9._-]{1,64} and not "." or "..": action.h's step id rule, checked
// again here because executors name undo files after it.
bool isStepId(std::string_view id);

class Journal {
 public:
  // Closed transactions kept for rollback and inspection (prune); open ones are never removed.
  static constexpr std::size_t kKeepClosed = 16;
  static constexpr std::size_t kMaxRecordBytes = 32u << 20;

  explicit Journal(const state::Layout& layout) : dir_(layout.journalDir()) {}

  const std::string& dir() const { return dir_; }
  std::string transactionDir(std::string_view id) const;
  std::string recordPath(std::string_view id) const;

  // Creates journal/<new id>/ (0700) and writes its first record: state open,
  // every step pending. Nothing has touched the root yet.
  Result<TransactionRecord> begin(const action::Action& action, const std::string& root, bool image,
                                  clock::Seconds now) const;
  // Durable atomic replacement of the record (fault points journal.write.*).
  Status write(const TransactionRecord& record) const;
  // kParse naming the record file for a damaged record: "damaged journal
  // record (<detail>); inspect transaction <id> ...", never a guess.
  Result<TransactionRecord> read(std::string_view id) const;
  // Transaction ids present, oldest first. Leftovers of an interrupted begin
  // (a directory without record.json) or prune ("<id>.removing") are removed
  // here: nothing of them ever touched the root.
  Result<std::vector<std::string>> list() const;
  // Removes closed transactions older than the `keep` most recent closed ones
  // (renamed "<id>.removing" first, so a crash never leaves half a record).
  // A record that cannot be read is kept (for inspection).
  Status prune(std::size_t keep = kKeepClosed) const;

 private:
  std::string dir_;
};

// The record as JSON text, and back (journal_record.cc). `shown` (if not
// empty) names the file in errors; the context is the JSON pointer at fault.
std::string encodeRecord(const TransactionRecord& record);
Result<TransactionRecord> decodeRecord(std::string_view text, const std::string& shown);

}  // namespace psirt::remediate
