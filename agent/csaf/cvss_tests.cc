// CSAF 2.0 6.1.9 Invalid CVSS computation: every score and severity given
// beside a vectorString must be what agent/cvss computes from the vector.
// A vector agent/cvss refuses is skipped here (6.1.8 and the schema judge its
// shape), as the reference validator does.
#include <cctype>
#include <string>

#include "agent/csaf/mandatory_tests.h"
#include "agent/cvss/cvss.h"

namespace psirt::csaf::detail {
namespace {

// The document's number must be exactly the decimal the calculator gives
// (both sides are the double nearest to that one-decimal value).
bool sameScore(double given, cvss::Tenths expected) { return given == static_cast<double>(expected) / 10.0; }

std::string severityOf(cvss::Tenths t) {
  std::string s(cvss::bandName(cvss::bandOf(t)));
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

void checkScore(const std::optional<double>& given, cvss::Tenths expected, const std::string& ptr, Findings& out) {
  if (given && !sameScore(*given, expected)) {
    out.add("6.1.9", ptr, "value differs from the score computed from the vector (" + cvss::formatScore(expected) + ")");
  }
}

void checkSeverity(const std::string& given, cvss::Tenths expected, const std::string& ptr, Findings& out) {
  if (!given.empty() && given != severityOf(expected)) {
    out.add("6.1.9", ptr, "severity differs from the one computed from the vector (" + severityOf(expected) + ")");
  }
}

void checkV2(const CvssObject& c, const std::string& ptr, Findings& out) {
  auto s = cvss::score(c.vector_string);
  if (!s || s->version != cvss::Version::kV2) return;
  // Undefined temporal metrics weigh 1 (temporal = base); undefined
  // environmental metrics leave the temporal score (CVSS v2 guide §3.2).
  const cvss::Tenths temporal = s->temporal.value_or(s->base);
  const cvss::Tenths environmental = s->environmental.value_or(temporal);
  checkScore(c.base_score, s->base, ptr + "/baseScore", out);
  checkScore(c.temporal_score, temporal, ptr + "/temporalScore", out);
  checkScore(c.environmental_score, environmental, ptr + "/environmentalScore", out);
}

void checkV3(const CvssObject& c, const std::string& ptr, Findings& out) {
  if (c.version != "3.0" && c.version != "3.1") return;
  // The object's version decides the formulas (as the reference does).
  std::string vector = c.vector_string;
  if (vector.rfind("CVSS:3.0/", 0) == 0 || vector.rfind("CVSS:3.1/", 0) == 0) vector.replace(5, 3, c.version);
  auto s = cvss::score(vector);
  if (!s || (s->version != cvss::Version::kV30 && s->version != cvss::Version::kV31)) return;
  const cvss::Tenths temporal = s->temporal.value_or(s->base);
  const cvss::Tenths environmental = s->environmental.value_or(temporal);
  checkScore(c.base_score, s->base, ptr + "/baseScore", out);
  checkScore(c.temporal_score, temporal, ptr + "/temporalScore", out);
  checkScore(c.environmental_score, environmental, ptr + "/environmentalScore", out);
  checkSeverity(c.base_severity, s->base, ptr + "/baseSeverity", out);
  checkSeverity(c.temporal_severity, temporal, ptr + "/temporalSeverity", out);
  checkSeverity(c.environmental_severity, environmental, ptr + "/environmentalSeverity", out);
}

}  // namespace

void runCvssComputationTest(const Document& d, Findings& out) {
  for (std::size_t i = 0; i < d.vulnerabilities.size(); ++i) {
    const auto& scores = d.vulnerabilities[i].scores;
    for (std::size_t j = 0; j < scores.size(); ++j) {
      const std::string p = "/vulnerabilities/" + std::to_string(i) + "/scores/" + std::to_string(j);
      const auto& s = scores[j];
      if (s.cvss_v2 && s.cvss_v2->attribute("vectorString") != nullptr) checkV2(*s.cvss_v2, p + "/cvss_v2", out);
      if (s.cvss_v3 && s.cvss_v3->attribute("vectorString") != nullptr) checkV3(*s.cvss_v3, p + "/cvss_v3", out);
    }
  }
}

}  // namespace psirt::csaf::detail
