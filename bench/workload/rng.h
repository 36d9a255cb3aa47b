// Deterministic pseudo-random numbers for the workload generator: splitmix64,
// and our own bounded draws (std:: distributions differ between standard
// libraries, so the same seed would not give the same workload everywhere).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace psirt::bench {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) (n > 0; the modulo bias is irrelevant here).
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  int between(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo + 1))); }
  bool percent(int p) { return below(100) < static_cast<std::uint64_t>(p); }
  template <typename T>
  const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

 private:
  std::uint64_t s_;
};

// Prose-like filler of about `chars` characters (advisory notes, package
// descriptions): realistic sizes without real text.
std::string filler(Rng& rng, std::size_t chars);

}  // namespace psirt::bench
