// PRIVATE to agent/csaf: the CSAF 2.0 §6.1 mandatory tests on the model.
// 6.1.8 (CVSS objects against the FIRST schemas) runs on the JSON in reader.cc.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "agent/csaf/model.h"
#include "agent/csaf/reader.h"

namespace psirt::csaf::detail {

// Collected findings, capped so a hostile document cannot make the list huge.
struct Findings {
  std::vector<Finding> list;
  std::size_t max = 1000;
  void add(const char* test, std::string pointer, std::string message);
};

// Runs 6.1.1, 6.1.2, 6.1.3, 6.1.4, 6.1.5, 6.1.6, 6.1.7, 6.1.10 and the
// CVSS computation and revision tests below.
void runMandatoryTests(const Document& doc, Findings& out);

// 6.1.9 (invalid CVSS computation, with agent/cvss).
void runCvssComputationTest(const Document& doc, Findings& out);

// 6.1.14 (sorted revision history) and 6.1.16 (latest document version).
void runRevisionTests(const Document& doc, Findings& out);

}  // namespace psirt::csaf::detail
