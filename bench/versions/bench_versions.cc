// deb comparison throughput, ours vs libapt-pkg (debVS.CmpVersion), on the
// same 20,000 generated pairs (the differential tests' generator, fixed seed).
// Before any timing, both must give the same answer on every pair, else the
// program exits 1 without benchmarking.
//   build/dev/bench/versions/bench_versions --benchmark_min_time=0.5
#include <apt-pkg/debversion.h>
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "agent/versions/version.h"
#include "tests/unit/versions/host/generator.h"

namespace {

using psirt::versions::Scheme;

std::vector<std::pair<std::string, std::string>>& workload() {
  static std::vector<std::pair<std::string, std::string>> pairs;
  return pairs;
}
std::vector<std::pair<psirt::versions::Version, psirt::versions::Version>>& parsedWorkload() {
  static std::vector<std::pair<psirt::versions::Version, psirt::versions::Version>> pairs;
  return pairs;
}

bool buildAndVerify() {
  psirt::test::VersionGenerator gen(20261123);
  while (workload().size() < 20000) {
    auto [a, b] = gen.debPair();
    auto va = psirt::versions::parse(Scheme::kDeb, a), vb = psirt::versions::parse(Scheme::kDeb, b);
    if (!va || !vb || a != va->text || b != vb->text) continue;  // no blanks: same bytes to both
    if ((va->has_epoch && (a[0] < '0' || a[0] > '9')) || (vb->has_epoch && (b[0] < '0' || b[0] > '9'))) continue;
    int ours = *psirt::versions::compare(*va, *vb);
    int apt = debVS.CmpVersion(a, b);
    apt = apt < 0 ? -1 : (apt > 0 ? 1 : 0);
    if (ours != apt) {
      std::fprintf(stderr, "answers differ on '%s' vs '%s': ours %d, libapt %d\n", a.c_str(), b.c_str(), ours, apt);
      return false;
    }
    workload().emplace_back(a, b);
    parsedWorkload().emplace_back(std::move(*va), std::move(*vb));
  }
  std::printf("verified: %zu pairs, identical answers\n", workload().size());
  return true;
}

// Strings in, answer out: parse both sides and compare (what libapt does).
void BM_DebCompareStringsOurs(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& [a, b] : workload()) benchmark::DoNotOptimize(psirt::versions::compare(Scheme::kDeb, a, b));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(workload().size()));
}
BENCHMARK(BM_DebCompareStringsOurs);

void BM_DebCompareStringsLibapt(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& [a, b] : workload()) benchmark::DoNotOptimize(debVS.CmpVersion(a, b));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(workload().size()));
}
BENCHMARK(BM_DebCompareStringsLibapt);

// Already-parsed versions (how the evaluator uses them: parse once, compare often).
void BM_DebCompareParsedOurs(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& [a, b] : parsedWorkload()) benchmark::DoNotOptimize(psirt::versions::compare(a, b));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(parsedWorkload().size()));
}
BENCHMARK(BM_DebCompareParsedOurs);

}  // namespace

int main(int argc, char** argv) {
  if (!buildAndVerify()) return 1;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
