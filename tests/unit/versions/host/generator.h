// Grammar-based generator of version strings for the differential tests:
// epochs, '~', '^', '+', letters, digit runs over 20 digits, leading zeros,
// empty revisions, and invalid strings. Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <utility>

namespace psirt::test {

class VersionGenerator {
 public:
  explicit VersionGenerator(std::uint64_t seed) : rng_(seed) {}
  // deb-like [epoch:]upstream[-revision]; `invalid` mixes in rejected forms.
  std::string deb(bool invalid);
  // rpm-like [epoch:]version[-release] with rpm's separators, '~' and '^'.
  std::string rpm();
  // A pair: often b is a small edit of a, so that most pairs share prefixes.
  std::pair<std::string, std::string> debPair();
  std::pair<std::string, std::string> rpmPair();

 private:
  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
  bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }
  std::string digits();
  std::string letters();
  std::string segments(std::string_view separators, int max_segments);
  std::string mutate(const std::string& s, std::string_view alphabet);
  std::mt19937_64 rng_;
};

}  // namespace psirt::test
