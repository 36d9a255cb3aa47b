// The remediation policy (docs/formats/policy.md): what `psirt-agent apply`
// may do without a person approving it. A line-based text file:
//
//   # comment
//   unattended = workaround, mitigation      # categories applied unattended ("none": nothing)
//   window = Mon-Fri 22:00-02:00 +01:00     # maintenance windows (repeatable; none = any time)
//   irreversible = deny                      # deny | approved | allow
//   downgrade = deny                         # deny | allow
//
// No file at all means Policy{}: nothing unattended (plan only), irreversible
// steps denied, downgrades denied; an explicit approval still allows a
// reversible action.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "agent/action/action.h"
#include "platform/error/result.h"

namespace psirt::action {

inline constexpr std::size_t kMaxPolicyBytes = 64 * 1024;
inline constexpr std::size_t kMaxPolicyLineBytes = 1024;
inline constexpr std::size_t kMaxWindows = 256;  // after expanding day lists and ranges

// One weekly maintenance window in a fixed zone offset. It opens on `weekday`
// at `start_minute` local time and stays open until `end_minute`; when
// end_minute <= start_minute it closes on the next day (across midnight, and
// across Saturday -> Sunday).
struct Window {
  int weekday = 0;         // 0 = Sunday ... 6 = Saturday, local to the offset
  int start_minute = 0;    // 0..1439
  int end_minute = 0;      // 0..1440 (24:00 = the end of the day)
  int offset_minutes = 0;  // zone offset east of UTC, -840..+840 (UTC = 0)
  std::string text;        // the policy line's value, for decisions ("Mon-Fri 22:00-02:00 +01:00")

  bool contains(std::chrono::system_clock::time_point t) const;
};

// What an explicit approval (`apply --approve ACTION-ID`) may override for an
// irreversible step: kDeny never, kApproved with an approval, kAllow always
// (unattended too).
enum class IrreversibleRule { kDeny, kApproved, kAllow };

struct Policy {
  std::vector<Category> unattended;  // empty: nothing runs without an approval
  std::vector<Window> windows;       // empty: no time restriction on unattended actions
  IrreversibleRule irreversible = IrreversibleRule::kDeny;
  bool allow_downgrade =
      false;  // consent to lower an installed version (with the manifest's allow_downgrade)
};

// Parses a policy file. `file` names it in errors; every error is kParse (or
// kLimit for a bound) with context "FILE:LINE" (describe(): "FILE:LINE: message").
Result<Policy> parsePolicy(std::string_view text, std::string_view file);

struct Decision {
  bool allowed = false;
  std::string reason;  // one line, always set: why allowed or why not
};

// Whether `action` may be applied at `now`, in this order:
//  1. an irreversible step: refused when the policy says `deny`; with
//     `approved` refused unless the action's id is in `approved_action_ids`;
//  2. an approved action is allowed (category and windows do not apply);
//  3. otherwise its category must be unattended and, when the policy has
//     windows, `now` must be inside one of them.
// Never fails: every input has a decision.
Decision decide(const Policy& policy, const Action& action, std::chrono::system_clock::time_point now,
                const std::vector<std::string>& approved_action_ids);

}  // namespace psirt::action
