// CVSS v3.0 and v3.1 (FIRST specification documents, section 7 and, for
// v3.1, Appendix A). Both versions share weights and base/temporal formulas;
// they differ in the rounding function and in the environmental
// ModifiedImpact formula for a changed scope.
#include <array>

#include "agent/cvss/exact_decimal.h"
#include "agent/cvss/versions.h"

namespace psirt::cvss::detail {

namespace {

enum Metric : std::size_t { AV, AC, PR, UI, S, C, I, A, E, RL, RC, CR, IR, AR, MAV, MAC, MPR, MUI, MS, MC, MI, MA };

// Any order is allowed in v3.x ("metrics can be specified in any order").
constexpr MetricDef kMetrics[] = {
    {"AV", "N A L P", true},   {"AC", "L H", true},       {"PR", "N L H", true},   {"UI", "N R", true},
    {"S", "U C", true},        {"C", "H L N", true},      {"I", "H L N", true},    {"A", "H L N", true},
    {"E", "X U P F H", false}, {"RL", "X O T W U", false}, {"RC", "X U R C", false}, {"CR", "X L M H", false},
    {"IR", "X L M H", false},  {"AR", "X L M H", false},  {"MAV", "X N A L P", false}, {"MAC", "X L H", false},
    {"MPR", "X N L H", false}, {"MUI", "X N R", false},   {"MS", "X U C", false},  {"MC", "X H L N", false},
    {"MI", "X H L N", false},  {"MA", "X H L N", false},
};
constexpr MetricTable kTable30{"3.0", kMetrics, false};
constexpr MetricTable kTable31{"3.1", kMetrics, false};

// Weights in hundredths, indexed like the value lists above.
constexpr std::array<int, 4> kAv = {85, 62, 55, 20};
constexpr std::array<int, 2> kAc = {77, 44};
constexpr std::array<int, 3> kPrUnchanged = {85, 62, 27};
constexpr std::array<int, 3> kPrChanged = {85, 68, 50};
constexpr std::array<int, 2> kUi = {85, 62};
constexpr std::array<int, 3> kCia = {56, 22, 0};
constexpr std::array<int, 5> kE = {100, 91, 94, 97, 100};
constexpr std::array<int, 5> kRl = {100, 95, 96, 97, 100};
constexpr std::array<int, 4> kRc = {100, 92, 96, 100};
constexpr std::array<int, 4> kReq = {100, 50, 100, 150};

using D = ExactDecimal;
D hundredths(int v) { return D(v, 2); }
const D kOne(1, 0);
const D kTen(10, 0);

// Value index of a modified metric, falling back to its base metric when
// absent or X ("Not Defined"). The modified lists are "X" + the base list.
int effective(const ParsedMetrics& m, Metric modified, Metric base) {
  int v = m.value[modified];
  return v > 0 ? v - 1 : m.value[base];
}

int optional(const ParsedMetrics& m, Metric metric) { return m.has(metric) ? m.value[metric] : 0; }

}  // namespace

const MetricTable& tableV30() { return kTable30; }
const MetricTable& tableV31() { return kTable31; }

// v3.0: the smallest number with one decimal that is >= x.
Tenths roundUp30(const D& x) { return static_cast<Tenths>(x.roundTo(1, D::Rounding::kCeiling)); }

// v3.1 Appendix A Roundup: round to 5 decimals first, then up to 1 decimal.
Tenths roundUp31(const D& x) {
  std::int64_t int_input = x.roundTo(5, D::Rounding::kHalfUp);
  if (int_input % 10000 == 0) return static_cast<Tenths>(int_input / 10000);
  return static_cast<Tenths>(int_input / 10000 + 1);
}

Scores scoreV3(const ParsedMetrics& m, Version version) {
  const bool v31 = version == Version::kV31;
  auto roundUp = [&](const D& x) { return v31 ? roundUp31(x) : roundUp30(x); };
  Scores out;
  out.version = version;

  // Base.
  const bool changed = m.value[S] == 1;
  D iss = kOne - (kOne - hundredths(kCia[m.value[C]])) * (kOne - hundredths(kCia[m.value[I]])) *
                     (kOne - hundredths(kCia[m.value[A]]));
  D impact = changed ? D(752, 2) * (iss - D(29, 3)) - D(325, 2) * (iss - D(2, 2)).pow(15) : D(642, 2) * iss;
  const auto& pr = changed ? kPrChanged : kPrUnchanged;
  D exploitability = D(822, 2) * hundredths(kAv[m.value[AV]]) * hundredths(kAc[m.value[AC]]) *
                     hundredths(pr[m.value[PR]]) * hundredths(kUi[m.value[UI]]);
  if (impact <= D()) {
    out.base = 0;
  } else {
    D sum = changed ? D(108, 2) * (impact + exploitability) : impact + exploitability;
    out.base = roundUp(min(sum, kTen));
  }

  // Temporal.
  D temporal_factor = hundredths(kE[optional(m, E)]) * hundredths(kRl[optional(m, RL)]) * hundredths(kRc[optional(m, RC)]);
  out.temporal = roundUp(D(out.base, 1) * temporal_factor);

  // Environmental.
  const bool m_changed = effective(m, MS, S) == 1;
  auto weighted = [&](Metric modified, Metric base, Metric requirement) {
    return hundredths(kCia[effective(m, modified, base)]) * hundredths(kReq[optional(m, requirement)]);
  };
  D miss = min(kOne - (kOne - weighted(MC, C, CR)) * (kOne - weighted(MI, I, IR)) * (kOne - weighted(MA, A, AR)),
               D(915, 3));
  D m_impact;
  if (!m_changed) {
    m_impact = D(642, 2) * miss;
  } else if (v31) {
    m_impact = D(752, 2) * (miss - D(29, 3)) - D(325, 2) * (miss * D(9731, 4) - D(2, 2)).pow(13);
  } else {
    m_impact = D(752, 2) * (miss - D(29, 3)) - D(325, 2) * (miss - D(2, 2)).pow(15);
  }
  const auto& mpr = m_changed ? kPrChanged : kPrUnchanged;
  D m_exploitability = D(822, 2) * hundredths(kAv[effective(m, MAV, AV)]) * hundredths(kAc[effective(m, MAC, AC)]) *
                       hundredths(mpr[effective(m, MPR, PR)]) * hundredths(kUi[effective(m, MUI, UI)]);
  if (m_impact <= D()) {
    out.environmental = 0;
  } else {
    D sum = m_changed ? D(108, 2) * (m_impact + m_exploitability) : m_impact + m_exploitability;
    Tenths modified = roundUp(min(sum, kTen));
    out.environmental = roundUp(D(modified, 1) * temporal_factor);
  }

  // The band follows the most specific group the vector defines (X = not defined).
  auto defined = [&](std::initializer_list<Metric> group) {
    for (Metric g : group) {
      if (m.value[g] > 0) return true;
    }
    return false;
  };
  if (defined({CR, IR, AR, MAV, MAC, MPR, MUI, MS, MC, MI, MA})) {
    out.overall = *out.environmental;
  } else if (defined({E, RL, RC})) {
    out.overall = *out.temporal;
  } else {
    out.overall = out.base;
  }
  return out;
}

}  // namespace psirt::cvss::detail
