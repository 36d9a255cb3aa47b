// Readers for the CVSS reference vector files (test support).
//
// Red Hat format, one case per line: "<vector> - <expected>", split on the
// first " - ". <expected> is a Python literal: "(b, t, e)" with None for an
// undefined v2 group, "(s,)" or a bare "s" for v4.0. FIRST's macro-scores:
// "{'vector': '...', 'score': 9.8, 'severity': 'Critical'}".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agent/cvss/cvss.h"

namespace psirt::cvss::test {

struct VectorCase {
  int line = 0;
  std::string vector;
  std::vector<std::optional<Tenths>> expected;  // 1 or 3 scores; nullopt = None
  std::string severity;                          // macro-scores only
};

// Reads every line of `path`; a line that does not parse fails the test
// (ADD_FAILURE) naming the file and line.
std::vector<VectorCase> readRedHatFile(const std::string& path);
std::vector<VectorCase> readMacroScores(const std::string& path);
std::vector<std::string> readLines(const std::string& path);

// "9.8" -> 98, "-0.0" -> 0, "7" -> 70; nullopt for "None" or a bad number.
std::optional<Tenths> parseTenths(const std::string& text, bool* ok);

}  // namespace psirt::cvss::test
