// Test helper: prints SystemClock::now() so a test can run it under faketime.
#include <cinttypes>
#include <cstdio>

#include "platform/clock/clock.h"

int main() {
  psirt::clock::SystemClock clock;
  std::printf("%" PRId64 "\n", clock.now());
  return 0;
}
