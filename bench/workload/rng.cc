#include "bench/workload/rng.h"

namespace psirt::bench {

std::string filler(Rng& rng, std::size_t chars) {
  static const std::vector<std::string> kWords = {
      "a", "remote", "attacker", "could", "exploit", "this", "vulnerability", "by", "sending", "crafted",
      "packets", "to", "the", "affected", "service", "which", "may", "lead", "denial", "of", "memory",
      "corruption", "in", "parser", "when", "processing", "certificates", "buffer", "overflow", "heap",
      "authentication", "bypass", "local", "users", "configuration", "file", "handling", "was", "fixed",
      "upstream", "release", "and", "backported", "stable", "distribution", "update", "packages", "restart",
      "services", "after", "upgrading", "SIP", "trunk", "gateway", "appliance", "is", "not", "exposed",
      "unless", "feature", "enabled", "administrators", "should", "apply", "workaround", "described", "below"};
  std::string s;
  bool start = true;
  while (s.size() < chars) {
    std::string w = rng.pick(kWords);
    if (start && !w.empty()) w[0] = static_cast<char>(w[0] >= 'a' && w[0] <= 'z' ? w[0] - 32 : w[0]);
    if (!s.empty()) s += ' ';
    s += w;
    start = rng.percent(8);
    if (start) s += '.';
  }
  if (!start) s += '.';
  return s;
}

}  // namespace psirt::bench
