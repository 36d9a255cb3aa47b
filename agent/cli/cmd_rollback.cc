// psirt-agent rollback --state DIR (--list | TRANSACTION-ID)
// Reverts a committed remediation transaction from the undo data its journal
// kept (agent/remediate/transaction.h), or lists the journal.
#include <cstdio>

#include "agent/cli/args.h"
#include "agent/cli/command_error.h"
#include "agent/cli/exit_codes.h"
#include "agent/cli/remediation_common.h"
#include "agent/remediate/journal.h"
#include "agent/remediate/transaction.h"
#include "agent/state/layout.h"
#include "platform/fs/output.h"
#include "platform/log/log.h"

namespace psirt::cli {
namespace {

void printRollbackHelp() {
  std::printf(
      "usage: psirt-agent rollback --state DIR TRANSACTION-ID\n"
      "       psirt-agent rollback --state DIR --list\n\n"
      "Reverts a committed remediation transaction (made by 'psirt-agent apply'):\n"
      "its steps are reverted in reverse order from the undo data kept in\n"
      "DIR/journal/<TRANSACTION-ID>/ (saved files, old values, the previous\n"
      "package). Roll back the newest transaction first when two touched the\n"
      "same file. --list shows the journal: id, action, state, root.\n\n"
      "exit status: 0 rolled back (or listed), 1 a revert failed (the next\n"
      "             command retries it) or an error, 2 usage\n");
}

int fail(const Error& e) { return commandError("rollback", e); }

}  // namespace

int runRollback(std::span<const std::string> args) {
  auto parsed = parseArgs(args, {{"state"}, {"list", false}});
  if (!parsed) return usageError("rollback", parsed.error());
  if (parsed->has("help")) {
    printRollbackHelp();
    return kExitOk;
  }
  auto usage = [](const std::string& m) { return usageError("rollback", makeError(ErrorCategory::kUsage, m)); };
  const auto state = parsed->get("state");
  if (!state) return usage("--state DIR is required");
  const auto& pos = parsed->positionals();
  const bool list = parsed->has("list");
  if (list ? !pos.empty() : pos.size() != 1) return usage("give one TRANSACTION-ID, or --list");
  if (!list && !remediate::isTransactionId(pos[0]))
    return usage("'" + log::oneLine(pos[0]) + "' is not a transaction id (see --list)");

  auto lock = lockStateAndRecover(*state, "rollback");
  if (!lock) return fail(lock.error());
  const remediate::Journal journal{state::Layout(*state)};
  if (list) {
    auto ids = journal.list();
    if (!ids) return fail(ids.error());
    std::string out;
    for (const auto& id : *ids) {
      auto r = journal.read(id);
      out += r ? id + "  " + log::oneLine(r->action) + "  " + remediate::txStateName(r->state) + "  " + log::oneLine(r->root) + "\n"
               : id + "  (damaged: " + r.error().describe() + ")\n";
    }
    if (ids->empty()) out = "(no transaction in the journal)\n";
    Status printed = fs::writeStandardOutput(out);
    if (printed) printed = fs::flushStandardOutput();
    return printed ? kExitOk : fail(printed.error());
  }
  auto outcome = remediate::rollback(journal, pos[0], baseContext(60 * 60));
  if (!outcome) return fail(outcome.error());
  if (outcome->error) return fail(outcome->error->within("transaction " + pos[0]));
  Status printed = fs::writeStandardOutput("transaction " + pos[0] + ": " + remediate::txStateName(outcome->state) + "\n");
  if (printed) printed = fs::flushStandardOutput();
  return printed ? kExitOk : fail(printed.error());
}

}  // namespace psirt::cli
