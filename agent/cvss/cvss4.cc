// CVSS v4.0 (FIRST specification section 8): the vector's macro vector
// (EQ1..EQ6) is looked up in FIRST's table, then lowered by the mean of the
// proportional severity distances to the next lower macro vectors, exactly
// as FIRST's reference calculator (cvss40.js) does.
//
// All severity levels are multiples of 0.1 and the table is in tenths, so the
// whole interpolation is an exact rational number; it is rounded half up to
// one decimal (FIRST adds an epsilon of 1e-6 before Math.round for the same
// effect: the exact value's denominator is at most 840 x 5, so no exact value
// lies within 1e-6 below a tie).
#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include "agent/cvss/cvss4_lookup.h"
#include "agent/cvss/versions.h"

namespace psirt::cvss::detail {

namespace {

enum Metric : std::size_t {
  AV, AC, AT, PR, UI, VC, VI, VA, SC, SI, SA, E, CR, IR, AR,
  MAV, MAC, MAT, MPR, MUI, MVC, MVI, MVA, MSC, MSI, MSA, S, AU, R, V, RE, U,
};

// The specification fixes this order; FIRST's schema rejects any other.
constexpr MetricDef kMetrics[] = {
    {"AV", "N A L P", true},      {"AC", "L H", true},         {"AT", "N P", true},       {"PR", "N L H", true},
    {"UI", "N P A", true},        {"VC", "H L N", true},       {"VI", "H L N", true},     {"VA", "H L N", true},
    {"SC", "H L N", true},        {"SI", "H L N", true},       {"SA", "H L N", true},     {"E", "X A P U", false},
    {"CR", "X H M L", false},     {"IR", "X H M L", false},    {"AR", "X H M L", false},  {"MAV", "X N A L P", false},
    {"MAC", "X L H", false},      {"MAT", "X N P", false},     {"MPR", "X N L H", false}, {"MUI", "X N P A", false},
    {"MVC", "X H L N", false},    {"MVI", "X H L N", false},   {"MVA", "X H L N", false}, {"MSC", "X H L N", false},
    {"MSI", "X S H L N", false},  {"MSA", "X S H L N", false}, {"S", "X N P", false},     {"AU", "X N Y", false},
    {"R", "X A U I", false},      {"V", "X D C", false},       {"RE", "X L M H", false},
    {"U", "X Clear Green Amber Red", false},
};
constexpr MetricTable kTable{"4.0", kMetrics, true};

// The effective value of each scoring metric as its one-letter code:
// the modified metric when defined, else the base metric; E, CR, IR, AR
// default to their worst case (A, H) when not defined.
struct Effective {
  char av, ac, at, pr, ui, vc, vi, va, sc, si, sa, e, cr, ir, ar;
};

char letter(const ParsedMetrics& m, Metric metric) {
  std::string_view values = kMetrics[metric].values;
  int index = m.has(metric) ? m.value[metric] : 0;  // absent optional metric = X (index 0)
  std::size_t pos = 0;
  for (int i = 0; i < index; ++i) pos = values.find(' ', pos) + 1;
  return values[pos];
}

char pick(const ParsedMetrics& m, Metric modified, Metric base) {
  char v = letter(m, modified);
  return v != 'X' ? v : letter(m, base);
}

char orDefault(const ParsedMetrics& m, Metric metric, char worst) {
  char v = letter(m, metric);
  return v != 'X' ? v : worst;
}

Effective effective(const ParsedMetrics& m) {
  return {pick(m, MAV, AV), pick(m, MAC, AC), pick(m, MAT, AT), pick(m, MPR, PR), pick(m, MUI, UI),
          pick(m, MVC, VC), pick(m, MVI, VI), pick(m, MVA, VA), pick(m, MSC, SC), pick(m, MSI, SI),
          pick(m, MSA, SA), orDefault(m, E, 'A'), orDefault(m, CR, 'H'), orDefault(m, IR, 'H'), orDefault(m, AR, 'H')};
}

struct Macro {
  int eq[6];
};

Macro macroVector(const Effective& x) {
  Macro mv{};
  if (x.av == 'N' && x.pr == 'N' && x.ui == 'N') mv.eq[0] = 0;
  else if ((x.av == 'N' || x.pr == 'N' || x.ui == 'N') && x.av != 'P') mv.eq[0] = 1;
  else mv.eq[0] = 2;
  mv.eq[1] = (x.ac == 'L' && x.at == 'N') ? 0 : 1;
  if (x.vc == 'H' && x.vi == 'H') mv.eq[2] = 0;
  else if (x.vc == 'H' || x.vi == 'H' || x.va == 'H') mv.eq[2] = 1;
  else mv.eq[2] = 2;
  if (x.si == 'S' || x.sa == 'S') mv.eq[3] = 0;
  else if (x.sc == 'H' || x.si == 'H' || x.sa == 'H') mv.eq[3] = 1;
  else mv.eq[3] = 2;
  mv.eq[4] = x.e == 'A' ? 0 : x.e == 'P' ? 1 : 2;
  mv.eq[5] = ((x.cr == 'H' && x.vc == 'H') || (x.ir == 'H' && x.vi == 'H') || (x.ar == 'H' && x.va == 'H')) ? 0 : 1;
  return mv;
}

// Table entry in tenths, or -1 when the macro vector does not exist.
int lookup(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
  if (eq1 > 2 || eq2 > 1 || eq3 > 2 || eq4 > 2 || eq5 > 2 || eq6 > 1) return -1;
  return kCvss4Lookup[((((eq1 * 2 + eq2) * 3 + eq3) * 3 + eq4) * 3 + eq5) * 2 + eq6];
}

// Severity levels in tenths (FIRST's *_levels).
int level(char metric_kind, char v) {
  switch (metric_kind) {
    case 'v': return v == 'N' ? 0 : v == 'A' ? 1 : v == 'L' ? 2 : 3;        // AV: N A L P
    case 'p': return v == 'N' ? 0 : v == 'L' ? 1 : 2;                       // PR: N L H
    case 'u': return v == 'N' ? 0 : v == 'P' ? 1 : 2;                       // UI: N P A
    case 'c': return v == 'L' ? 0 : 1;                                      // AC: L H
    case 't': return v == 'N' ? 0 : 1;                                      // AT: N P
    case 'i': return v == 'H' ? 0 : v == 'L' ? 1 : 2;                       // VC VI VA: H L N
    case 's': return v == 'S' ? 0 : v == 'H' ? 1 : v == 'L' ? 2 : 3;        // SC SI SA: (S) H L N
    case 'r': return v == 'H' ? 0 : v == 'M' ? 1 : 2;                       // CR IR AR: H M L
    default: return 0;
  }
}

// Highest vectors of each EQ level (FIRST's max_composed), as letters:
// eq1 "AV PR UI", eq2 "AC AT", eq3eq6 "VC VI VA CR IR AR", eq4 "SC SI SA".
const std::array<std::vector<std::string_view>, 3> kMaxEq1 = {{{"NNN"}, {"ANN", "NLN", "NNP"}, {"PNN", "ALP"}}};
const std::array<std::vector<std::string_view>, 2> kMaxEq2 = {{{"LN"}, {"HN", "LP"}}};
const std::vector<std::string_view> kMaxEq3Eq6[3][2] = {
    {{"HHHHHH"}, {"HHLMMH", "HHHMMM"}},
    {{"LHHHHH", "HLHHHH"}, {"LHLHMH", "LHHHMM", "HLHMHM", "HLLMHH", "LLHHHM"}},
    {{}, {"LLLHHH"}},
};
const std::array<std::string_view, 3> kMaxEq4 = {"HSS", "HHH", "LLL"};

// FIRST's max_severity (in steps of 0.1).
constexpr int kMaxSeverityEq1[3] = {1, 4, 5};
constexpr int kMaxSeverityEq2[2] = {1, 2};
constexpr int kMaxSeverityEq3Eq6[3][2] = {{7, 6}, {8, 8}, {0, 10}};
constexpr int kMaxSeverityEq4[3] = {6, 5, 4};
constexpr std::int64_t kLcm = 840;  // lcm of every max severity above

}  // namespace

const MetricTable& tableV40() { return kTable; }

Scores scoreV4(const ParsedMetrics& m) {
  Scores out;
  out.version = Version::kV40;
  auto defined = [&](std::initializer_list<Metric> group) {
    for (Metric g : group) {
      if (m.value[g] > 0) return true;
    }
    return false;
  };
  const bool threat = defined({E});
  const bool environmental = defined({CR, IR, AR, MAV, MAC, MAT, MPR, MUI, MVC, MVI, MVA, MSC, MSI, MSA});
  out.nomenclature = threat ? (environmental ? "CVSS-BTE" : "CVSS-BT") : (environmental ? "CVSS-BE" : "CVSS-B");

  const Effective x = effective(m);
  if (x.vc == 'N' && x.vi == 'N' && x.va == 'N' && x.sc == 'N' && x.si == 'N' && x.sa == 'N') {
    out.base = out.overall = 0;
    return out;
  }
  const Macro mv = macroVector(x);
  const int* eq = mv.eq;
  const int value = lookup(eq[0], eq[1], eq[2], eq[3], eq[4], eq[5]);

  // Next lower macro vector of each EQ (EQ3 and EQ6 move together).
  const int lower_eq1 = lookup(eq[0] + 1, eq[1], eq[2], eq[3], eq[4], eq[5]);
  const int lower_eq2 = lookup(eq[0], eq[1] + 1, eq[2], eq[3], eq[4], eq[5]);
  int lower_eq3eq6;
  if ((eq[2] == 1 && eq[5] == 1) || (eq[2] == 0 && eq[5] == 1)) {
    lower_eq3eq6 = lookup(eq[0], eq[1], eq[2] + 1, eq[3], eq[4], eq[5]);
  } else if (eq[2] == 1 && eq[5] == 0) {
    lower_eq3eq6 = lookup(eq[0], eq[1], eq[2], eq[3], eq[4], eq[5] + 1);
  } else if (eq[2] == 0 && eq[5] == 0) {
    lower_eq3eq6 = std::max(lookup(eq[0], eq[1], eq[2], eq[3], eq[4], eq[5] + 1),
                            lookup(eq[0], eq[1], eq[2] + 1, eq[3], eq[4], eq[5]));
  } else {
    lower_eq3eq6 = lookup(eq[0], eq[1], eq[2] + 1, eq[3], eq[4], eq[5] + 1);
  }
  const int lower_eq4 = lookup(eq[0], eq[1], eq[2], eq[3] + 1, eq[4], eq[5]);
  const int lower_eq5 = lookup(eq[0], eq[1], eq[2], eq[3], eq[4] + 1, eq[5]);

  // The first highest vector (in FIRST's iteration order) that the vector
  // does not exceed in any metric; FIRST keeps the last one tried if none fits.
  int d_eq1 = 0, d_eq2 = 0, d_eq3eq6 = 0, d_eq4 = 0;
  bool found = false;
  for (std::string_view m1 : kMaxEq1[eq[0]]) {
    for (std::string_view m2 : kMaxEq2[eq[1]]) {
      for (std::string_view m3 : kMaxEq3Eq6[eq[2]][eq[5]]) {
        std::string_view m4 = kMaxEq4[eq[3]];
        const int d[] = {
            level('v', x.av) - level('v', m1[0]), level('p', x.pr) - level('p', m1[1]), level('u', x.ui) - level('u', m1[2]),
            level('c', x.ac) - level('c', m2[0]), level('t', x.at) - level('t', m2[1]),
            level('i', x.vc) - level('i', m3[0]), level('i', x.vi) - level('i', m3[1]), level('i', x.va) - level('i', m3[2]),
            level('r', x.cr) - level('r', m3[3]), level('r', x.ir) - level('r', m3[4]), level('r', x.ar) - level('r', m3[5]),
            level('s', x.sc) - level('s', m4[0]), level('s', x.si) - level('s', m4[1]), level('s', x.sa) - level('s', m4[2]),
        };
        d_eq1 = d[0] + d[1] + d[2];
        d_eq2 = d[3] + d[4];
        d_eq3eq6 = d[5] + d[6] + d[7] + d[8] + d[9] + d[10];
        d_eq4 = d[11] + d[12] + d[13];
        bool fits = true;
        for (int v : d) fits = fits && v >= 0;
        if (fits) {
          found = true;
          break;
        }
      }
      if (found) break;
    }
    if (found) break;
  }

  // mean = sum(available_i x distance_i / max_severity_i) / n over the EQs
  // whose lower macro vector exists (EQ5 counts with distance 0), as an
  // exact fraction numerator / (kLcm x n), all in tenths.
  std::int64_t numerator = 0;
  std::int64_t n = 0;
  auto add = [&](int lower, int distance, int max_severity) {
    if (lower < 0) return;  // no lower macro vector (NaN in FIRST's code)
    ++n;
    if (max_severity > 0) numerator += std::int64_t{value - lower} * distance * (kLcm / max_severity);
  };
  add(lower_eq1, d_eq1, kMaxSeverityEq1[eq[0]]);
  add(lower_eq2, d_eq2, kMaxSeverityEq2[eq[1]]);
  add(lower_eq3eq6, d_eq3eq6, kMaxSeverityEq3Eq6[eq[2]][eq[5]]);
  add(lower_eq4, d_eq4, kMaxSeverityEq4[eq[3]]);
  add(lower_eq5, 0, 0);

  // score (tenths) = value - mean, clamped to [0, 100], rounded half up.
  const std::int64_t denominator = kLcm * (n == 0 ? 1 : n);
  std::int64_t exact = std::int64_t{value} * denominator - numerator;  // score x denominator
  if (exact < 0) exact = 0;
  if (exact > 100 * denominator) exact = 100 * denominator;
  out.base = out.overall = static_cast<Tenths>((2 * exact + denominator) / (2 * denominator));
  return out;
}

}  // namespace psirt::cvss::detail
