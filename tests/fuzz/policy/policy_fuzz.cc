// Fuzzes the remediation policy reader. A refusal must be one "FILE:LINE:"
// line; an accepted policy must decide, for any time, with a one-line reason
// and by its own rules: windows repeat every week, an irreversible action is
// never allowed under `irreversible = deny`, an approved reversible action is
// always allowed, and an unapproved action needs an unattended category.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "agent/action/policy.h"

namespace {

using namespace psirt::action;

void require(bool ok) {
  if (!ok) std::abort();
}

Action makeAction(Category c, bool irreversible) {
  Action a;
  a.id = "A-1";
  a.category = c;
  a.steps.push_back(Step{"svc", Service{}});
  if (irreversible) a.steps.push_back(Step{"script", RunScript{}});
  return a;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto p = parsePolicy(text, "fuzz.policy");
  if (!p) {
    const std::string line = p.error().describe();
    require(line.rfind("fuzz.policy", 0) == 0 && line.find('\n') == std::string::npos);
    return 0;
  }
  for (const Window& w : p->windows) {
    require(w.weekday >= 0 && w.weekday <= 6 && w.start_minute >= 0 && w.start_minute < 1440);
    require(w.end_minute >= 0 && w.end_minute <= 1440 && w.end_minute != w.start_minute);
    require(w.offset_minutes >= -840 && w.offset_minutes <= 840);
  }
  // Times: fixed edges (before the epoch, far future) and some from the input.
  std::int64_t seed = 0;
  std::memcpy(&seed, data, std::min(size, sizeof seed));
  const std::int64_t seconds[] = {0,
                                  -1,
                                  86399,
                                  std::int64_t{604800} * 52 * 200,
                                  std::int64_t{-604800} * 30,
                                  seed % (std::int64_t{1} << 40),
                                  (seed >> 8) % 604800};
  const std::chrono::hours week(24 * 7);
  for (std::int64_t s : seconds) {
    const auto t = std::chrono::system_clock::time_point(std::chrono::seconds(s));
    for (const Window& w : p->windows) require(w.contains(t) == w.contains(t + week));
    for (int c = 0; c < 3; ++c) {
      for (bool irreversible : {false, true}) {
        const Action a = makeAction(static_cast<Category>(c), irreversible);
        for (bool approved : {false, true}) {
          const Decision d =
              decide(*p, a, t, approved ? std::vector<std::string>{"A-1"} : std::vector<std::string>{});
          require(!d.reason.empty() && d.reason.find('\n') == std::string::npos);
          if (irreversible && p->irreversible == IrreversibleRule::kDeny) require(!d.allowed);
          if (!irreversible && approved) require(d.allowed);
          const bool unattended =
              std::find(p->unattended.begin(), p->unattended.end(), a.category) != p->unattended.end();
          if (!approved && !unattended) require(!d.allowed);
        }
      }
    }
  }
  return 0;
}
