// CVSS v2 (FIRST "A Complete Guide to the CVSS Version 2.0", section 3.2).
// Every equation rounds with round_to_1_decimal (half up); intermediate
// values are exact decimals.
#include <algorithm>
#include <array>

#include "agent/cvss/exact_decimal.h"
#include "agent/cvss/versions.h"

namespace psirt::cvss::detail {

namespace {

enum Metric : std::size_t { AV, AC, Au, C, I, A, E, RL, RC, CDP, TD, CR, IR, AR };

// The v2 guide lists no prefix and allows any order (as its JSON schema does).
constexpr MetricDef kMetrics[] = {
    {"AV", "L A N", true},          {"AC", "H M L", true},      {"Au", "M S N", true},     {"C", "N P C", true},
    {"I", "N P C", true},           {"A", "N P C", true},       {"E", "U POC F H ND", false},
    {"RL", "OF TF W U ND", false},  {"RC", "UC UR C ND", false}, {"CDP", "N L LM MH H ND", false},
    {"TD", "N L M H ND", false},    {"CR", "L M H ND", false},  {"IR", "L M H ND", false}, {"AR", "L M H ND", false},
};
constexpr MetricTable kTable{"2.0", kMetrics, false};

// Weights in thousandths, indexed like the value lists above.
constexpr std::array<int, 3> kAv = {395, 646, 1000};
constexpr std::array<int, 3> kAc = {350, 610, 710};
constexpr std::array<int, 3> kAu = {450, 560, 704};
constexpr std::array<int, 3> kCia = {0, 275, 660};
constexpr std::array<int, 5> kE = {850, 900, 950, 1000, 1000};
constexpr std::array<int, 5> kRl = {870, 900, 950, 1000, 1000};
constexpr std::array<int, 4> kRc = {900, 950, 1000, 1000};
constexpr std::array<int, 6> kCdp = {0, 100, 300, 400, 500, 0};
constexpr std::array<int, 5> kTd = {0, 250, 750, 1000, 1000};
constexpr std::array<int, 4> kReq = {500, 1000, 1510, 1000};

using D = ExactDecimal;
D thousandths(int v) { return D(v, 3); }
const D kOne(1, 0);

Tenths round1(const D& x) { return static_cast<Tenths>(x.roundTo(1, D::Rounding::kHalfUp)); }

// ND when absent; `nd` is the index of "ND" in the metric's value list.
int optional(const ParsedMetrics& m, Metric metric, int nd) { return m.has(metric) ? m.value[metric] : nd; }

bool defined(const ParsedMetrics& m, Metric metric) {
  return m.has(metric) && m.value[metric] != valueIndex(kMetrics[metric].values, "ND");
}

}  // namespace

const MetricTable& tableV2() { return kTable; }

Scores scoreV2(const ParsedMetrics& m) {
  Scores out;
  out.version = Version::kV2;
  const D exploitability = D(20, 0) * thousandths(kAv[m.value[AV]]) * thousandths(kAc[m.value[AC]]) *
                           thousandths(kAu[m.value[Au]]);
  // BaseScore = round_to_1_decimal(((0.6*Impact)+(0.4*Exploitability)-1.5)*f(Impact))
  auto baseEquation = [&](const D& impact) {
    D f = compare(impact, D()) == 0 ? D() : D(1176, 3);
    return round1((D(6, 1) * impact + D(4, 1) * exploitability - D(15, 1)) * f);
  };
  const D c = thousandths(kCia[m.value[C]]), i = thousandths(kCia[m.value[I]]), a = thousandths(kCia[m.value[A]]);
  const D impact = D(1041, 2) * (kOne - (kOne - c) * (kOne - i) * (kOne - a));
  out.base = std::max<Tenths>(0, baseEquation(impact));

  const D temporal_factor = thousandths(kE[optional(m, E, 4)]) * thousandths(kRl[optional(m, RL, 4)]) *
                            thousandths(kRc[optional(m, RC, 3)]);
  const bool has_temporal = defined(m, E) || defined(m, RL) || defined(m, RC);
  if (has_temporal) out.temporal = std::max<Tenths>(0, round1(D(out.base, 1) * temporal_factor));

  const bool has_environmental = defined(m, CDP) || defined(m, TD) || defined(m, CR) || defined(m, IR) || defined(m, AR);
  if (has_environmental) {
    // AdjustedImpact = min(10, 10.41*(1-(1-C*CR)*(1-I*IR)*(1-A*AR)))
    const D cr = thousandths(kReq[optional(m, CR, 3)]), ir = thousandths(kReq[optional(m, IR, 3)]),
            ar = thousandths(kReq[optional(m, AR, 3)]);
    const D adjusted_impact = min(D(10, 0), D(1041, 2) * (kOne - (kOne - c * cr) * (kOne - i * ir) * (kOne - a * ar)));
    // AdjustedTemporal: the temporal equation over the base equation with AdjustedImpact.
    const Tenths adjusted_temporal = round1(D(baseEquation(adjusted_impact), 1) * temporal_factor);
    const D at(adjusted_temporal, 1);
    const D cdp = thousandths(kCdp[optional(m, CDP, 5)]), td = thousandths(kTd[optional(m, TD, 4)]);
    out.environmental = std::max<Tenths>(0, round1((at + (D(10, 0) - at) * cdp) * td));
  }
  out.overall = out.environmental ? *out.environmental : out.temporal ? *out.temporal : out.base;
  return out;
}

}  // namespace psirt::cvss::detail
