// Queries on parsed actions (action.h).
#include "agent/action/action.h"

#include <algorithm>
#include <type_traits>

namespace psirt::action {

bool reversible(const Step& step) {
  return std::visit(
      [](const auto& s) -> bool {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, InstallPackage>) {
          // Without a rollback package the step can still be undone by removing
          // the package, but only when it was not installed before: that is
          // known at prepare time, so the manifest alone counts it irreversible.
          return s.rollback_artifact.has_value();
        } else if constexpr (std::is_same_v<T, RunScript>) {
          return s.revert_artifact.has_value();
        } else {
          return true;  // replace_file, set_config, service keep or invert their before-state
        }
      },
      step.body);
}

const char* categoryName(Category category) {
  static constexpr const char* kNames[] = {"workaround", "mitigation", "vendor_fix"};
  return kNames[static_cast<int>(category)];
}

const char* stepKindName(const StepBody& body) {
  static constexpr const char* kNames[] = {"install_package", "replace_file", "set_config", "service", "run_script"};
  static_assert(std::variant_size_v<StepBody> == std::size(kNames));
  return kNames[body.index()];
}

std::vector<std::string> Action::artifacts() const {
  std::vector<std::string> out;
  auto add = [&](const std::string& target) {
    if (std::find(out.begin(), out.end(), target) == out.end()) out.push_back(target);
  };
  for (const Step& step : steps) {
    std::visit(
        [&](const auto& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, InstallPackage>) {
            add(s.artifact);
            if (s.rollback_artifact) add(*s.rollback_artifact);
          } else if constexpr (std::is_same_v<T, ReplaceFile>) {
            add(s.artifact);
          } else if constexpr (std::is_same_v<T, RunScript>) {
            add(s.artifact);
            if (s.revert_artifact) add(*s.revert_artifact);
          }
        },
        step.body);
  }
  return out;
}

bool Action::irreversible() const {
  return std::any_of(steps.begin(), steps.end(), [](const Step& s) { return !reversible(s); });
}

}  // namespace psirt::action
