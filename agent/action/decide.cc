// Policy decisions (policy.h): maintenance windows and the decision order.
#include <algorithm>

#include "agent/action/policy.h"

namespace psirt::action {
namespace {

constexpr std::int64_t kDay = 86400, kWeek = 7 * kDay;

std::int64_t floorMod(std::int64_t a, std::int64_t m) { return ((a % m) + m) % m; }

}  // namespace

bool Window::contains(std::chrono::system_clock::time_point t) const {
  const std::int64_t local =
      std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count() + offset_minutes * 60;
  // 1970-01-01 was a Thursday: day 0 is weekday 4 (Sunday = 0).
  const std::int64_t day = (local - floorMod(local, kDay)) / kDay;
  const std::int64_t of_week = floorMod(day + 4, 7) * kDay + floorMod(local, kDay);
  const std::int64_t opens = std::int64_t{weekday} * kDay + start_minute * 60;
  const std::int64_t length =
      (end_minute > start_minute ? end_minute - start_minute : end_minute + 1440 - start_minute) * 60;
  return floorMod(of_week - opens, kWeek) < length;
}

Decision decide(const Policy& policy, const Action& action, std::chrono::system_clock::time_point now,
                const std::vector<std::string>& approved_action_ids) {
  const bool approved = std::find(approved_action_ids.begin(), approved_action_ids.end(), action.id) !=
                        approved_action_ids.end();
  const auto irreversible =
      std::find_if(action.steps.begin(), action.steps.end(), [](const Step& s) { return !reversible(s); });
  if (irreversible != action.steps.end()) {
    if (policy.irreversible == IrreversibleRule::kDeny) {
      return {false, "irreversible step '" + irreversible->id + "' and policy denies irreversible"};
    }
    if (policy.irreversible == IrreversibleRule::kApproved && !approved) {
      return {false, "irreversible step '" + irreversible->id +
                         "' and not approved (policy: irreversible = approved)"};
    }
  }
  if (approved) return {true, "approved (--approve " + action.id + ")"};
  const std::string category = categoryName(action.category);
  if (std::find(policy.unattended.begin(), policy.unattended.end(), action.category) ==
      policy.unattended.end()) {
    return {false, "category " + category + " not unattended and not approved"};
  }
  if (policy.windows.empty())
    return {true, "category " + category + " unattended, no maintenance window set"};
  const auto open = std::find_if(policy.windows.begin(), policy.windows.end(),
                                 [&](const Window& w) { return w.contains(now); });
  if (open == policy.windows.end()) return {false, "outside every maintenance window"};
  return {true, "category " + category + " unattended, inside maintenance window " + open->text};
}

}  // namespace psirt::action
