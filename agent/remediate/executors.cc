// The executor for each step kind (step.h).
#include <type_traits>

#include "agent/remediate/step.h"

namespace psirt::remediate {

StepExecutor& executorFor(const action::StepBody& body) {
  return std::visit(
      [](const auto& s) -> StepExecutor& {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, action::InstallPackage>) return installPackageExecutor();
        else if constexpr (std::is_same_v<T, action::ReplaceFile>) return replaceFileExecutor();
        else if constexpr (std::is_same_v<T, action::SetConfig>) return setConfigExecutor();
        else if constexpr (std::is_same_v<T, action::Service>) return serviceExecutor();
        else return runScriptExecutor();
      },
      body);
}

}  // namespace psirt::remediate
