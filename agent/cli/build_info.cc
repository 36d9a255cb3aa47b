#include "agent/cli/build_info.h"

namespace psirt::cli {

std::int64_t buildEpoch() {
#ifdef PSIRT_BUILD_EPOCH
  return PSIRT_BUILD_EPOCH;
#else
  return 0;
#endif
}

std::string versionString() { return std::string("psirt-agent ") + PSIRT_VERSION; }

std::string targetTriple() {
#if defined(__x86_64__)
  return "x86_64-linux-gnu";
#elif defined(__aarch64__)
  return "aarch64-linux-gnu";
#elif defined(__arm__) && defined(__ARM_PCS_VFP)
  return "arm-linux-gnueabihf";
#elif defined(__arm__)
  return "arm-linux-gnueabi";
#else
  return "unknown";
#endif
}

}  // namespace psirt::cli
