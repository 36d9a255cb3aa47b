// PLACEHOLDER (remediate-base): refuses every phase until implemented.
#include "agent/remediate/unsupported_step.h"

namespace psirt::remediate {

StepExecutor& replaceFileExecutor() {
  static UnsupportedStep executor;
  return executor;
}

}  // namespace psirt::remediate
