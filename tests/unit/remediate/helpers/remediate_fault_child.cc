// Test helper: the remediation engine in a child process, so a test can
// SIGKILL it at any fault point (PSIRT_FAULT=<name>#K,
// platform/fs/fault_injection.h) and look at what is left.
//
//   remediate_fault_child apply STATE ROOT ARTIFACTS   recover, then apply the
//                                                      fixture's demo action
//   remediate_fault_child apply-package STATE ROOT ARTIFACTS
//                                                      recover, then apply the
//                                                      fixture's package action
//   remediate_fault_child recover STATE ARTIFACTS      recover only
//   remediate_fault_child rollback STATE ARTIFACTS     recover, then roll back
//                                                      the newest committed transaction
//
// Every command runs recovery first, as every agent command does. Exit 0 on
// success (apply: committed), 1 on error (one line on stderr), 2 on usage.
#include <cstdio>
#include <string>

#include "agent/remediate/transaction.h"
#include "platform/clock/clock.h"
#include "tests/unit/remediate/fixture.h"

namespace {

using namespace psirt;
using namespace psirt::remediate;

int fail(const Error& e) {
  std::fprintf(stderr, "remediate_fault_child: %s\n", e.describe().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  const bool applying = mode == "apply" || mode == "apply-package";
  if (!((applying && argc == 5) || ((mode == "recover" || mode == "rollback") && argc == 4))) {
    std::fprintf(stderr,
                 "usage: remediate_fault_child apply|apply-package STATE ROOT ARTIFACTS | recover|rollback STATE ARTIFACTS\n");
    return 2;
  }
  const state::Layout layout(argv[2]);
  const Journal journal(layout);
  Context base;
  base.artifact = test_fixture::artifactsIn(argv[argc - 1]);
  if (auto r = recover(journal, base); !r) return fail(r.error());
  if (applying) {
    base.root = argv[3];
    base.image = true;  // dpkg --root
    const action::Action a = mode == "apply" ? test_fixture::demoAction() : test_fixture::packageAction();
    auto out = apply(journal, a, base, clock::SystemClock().now());
    if (!out) return fail(out.error());
    if (out->error) return fail(*out->error);
    return out->state == TxState::kCommitted ? 0 : 1;
  }
  if (mode == "rollback") {
    auto ids = journal.list();
    if (!ids) return fail(ids.error());
    for (auto it = ids->rbegin(); it != ids->rend(); ++it) {
      auto record = journal.read(*it);
      if (!record) return fail(record.error());
      if (record->state != TxState::kCommitted) continue;
      auto out = rollback(journal, *it, base);
      if (!out) return fail(out.error());
      if (out->error) return fail(*out->error);
      return 0;
    }
    std::fprintf(stderr, "remediate_fault_child: no committed transaction\n");
    return 1;
  }
  return 0;
}
