// PLACEHOLDER (remediate-base): an executor that refuses every phase, used by
// step kinds not implemented yet. Removed when the last kind lands.
#pragma once

#include "agent/remediate/step.h"

namespace psirt::remediate {

class UnsupportedStep final : public StepExecutor {
 public:
  Result<bool> check(const action::Step& s, const Context&) override { return refuse(s); }
  Result<UndoRecord> prepare(const action::Step& s, const Context&) override { return refuse(s); }
  Status apply(const action::Step& s, const Context&, const UndoRecord&) override { return refuse(s); }
  Status verify(const action::Step& s, const Context&) override { return refuse(s); }
  Status revert(const action::Step& s, const Context&, const UndoRecord&) override { return refuse(s); }

 private:
  static Error refuse(const action::Step& s) {
    return makeError(ErrorCategory::kUnsupported, std::string(action::stepKindName(s.body)) + ": not implemented yet",
                     "step " + s.id);
  }
};

}  // namespace psirt::remediate
