// Fuzzes version parsing and comparison of every scheme. Input: one byte
// choosing the scheme (modulo 7), then "A\nB". Invariants checked (trap on
// violation): a parsed version equals itself; compare is antisymmetric; the
// allocation-free deb path agrees with the parsed one; the canonical text
// parses back to an equal version.
#include <cstdint>
#include <string_view>

#include "agent/versions/version.h"

using psirt::versions::Scheme;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  auto scheme = static_cast<Scheme>(data[0] % 7);
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::size_t nl = rest.find('\n');
  std::string_view a = rest.substr(0, nl);
  std::string_view b = nl == std::string_view::npos ? std::string_view("1.0") : rest.substr(nl + 1);
  auto va = psirt::versions::parse(scheme, a);
  auto vb = psirt::versions::parse(scheme, b);
  if (va) {
    auto self = psirt::versions::compare(*va, *va);
    if (!self || *self != 0) __builtin_trap();
    auto again = psirt::versions::parse(scheme, psirt::versions::canonical(*va));
    if (!again || psirt::versions::compare(*va, *again).value_or(1) != 0) __builtin_trap();
  }
  if (va && vb) {
    auto ab = psirt::versions::compare(*va, *vb);
    auto ba = psirt::versions::compare(*vb, *va);
    if (ab.ok() != ba.ok()) __builtin_trap();
    if (ab && *ab != -*ba) __builtin_trap();
    auto fast = psirt::versions::compare(scheme, a, b);
    if (ab.ok() != fast.ok() || (ab && *ab != *fast)) __builtin_trap();
  }
  return 0;
}
