// Differential test of the decision engine against OpenSCAP: deb ranges built
// over THIS machine's real installed packages; our verdict (affected when the
// installed version is in the range) must equal oscap's evaluation of the
// equivalent OVAL dpkginfo definition, with 0 mismatches.
//
// Packages are kept when the comparison is well defined for both tools: one
// installed architecture (oscap's dpkginfo probe looks names up without one),
// installed state, and no other binary whose source package carries the same
// name (we would compare that source version, OVAL the binary version).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <sstream>

#include "agent/evaluate/evaluator.h"
#include "agent/evaluate/inventory_adapter.h"
#include "agent/evaluate/train.h"
#include "agent/inventory/readers.h"
#include "platform/process/process.h"
#include "tests/support/temp_dir.h"

namespace psirt::evaluate {
namespace {

struct Case {
  std::string package;
  std::string installed;
  std::string op;        // vers comparator: <, <=, >, >=
  std::string boundary;  // deb version
};

std::string ovalOperation(const std::string& op) {
  if (op == "<") return "less than";
  if (op == "<=") return "less than or equal";
  if (op == ">") return "greater than";
  return "greater than or equal";
}

std::string withEpoch(const std::string& v) { return v.find(':') == std::string::npos ? "0:" + v : v; }

std::string xmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out.push_back(c);
  }
  return out;
}

std::string ovalDocument(const std::vector<Case>& cases) {
  std::ostringstream defs, tests, objects, states;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    std::string n = std::to_string(i + 1);
    defs << "<definition class=\"vulnerability\" id=\"oval:psirt.test:def:" << n << "\" version=\"1\">"
         << "<metadata><title>" << xmlEscape(c.package) << "</title><description>d</description></metadata>"
         << "<criteria><criterion test_ref=\"oval:psirt.test:tst:" << n << "\"/></criteria></definition>\n";
    tests << "<linux-def:dpkginfo_test check=\"at least one\" check_existence=\"at_least_one_exists\" id=\"oval:psirt.test:tst:"
          << n << "\" version=\"1\" comment=\"t\"><linux-def:object object_ref=\"oval:psirt.test:obj:" << n
          << "\"/><linux-def:state state_ref=\"oval:psirt.test:ste:" << n << "\"/></linux-def:dpkginfo_test>\n";
    objects << "<linux-def:dpkginfo_object id=\"oval:psirt.test:obj:" << n << "\" version=\"1\"><linux-def:name>"
            << xmlEscape(c.package) << "</linux-def:name></linux-def:dpkginfo_object>\n";
    states << "<linux-def:dpkginfo_state id=\"oval:psirt.test:ste:" << n << "\" version=\"1\">"
           << "<linux-def:evr datatype=\"debian_evr_string\" operation=\"" << ovalOperation(c.op) << "\">"
           << xmlEscape(withEpoch(c.boundary)) << "</linux-def:evr></linux-def:dpkginfo_state>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<oval_definitions xmlns=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\" "
         "xmlns:oval=\"http://oval.mitre.org/XMLSchema/oval-common-5\" "
         "xmlns:linux-def=\"http://oval.mitre.org/XMLSchema/oval-definitions-5#linux\">\n"
         "<generator><oval:product_name>psirt-agent differential test</oval:product_name>"
         "<oval:schema_version>5.11.2</oval:schema_version><oval:timestamp>2026-01-01T00:00:00</oval:timestamp></generator>\n"
         "<definitions>\n" + defs.str() + "</definitions>\n<tests>\n" + tests.str() + "</tests>\n<objects>\n" +
         objects.str() + "</objects>\n<states>\n" + states.str() + "</states>\n</oval_definitions>\n";
}

// One CSAF document: per case a Debian product with a vers:deb range in known_affected.
csaf::Document csafDocument(const std::vector<Case>& cases) {
  csaf::Document doc;
  doc.document.category = "csaf_base";
  doc.document.csaf_version = "2.0";
  doc.document.tracking.status = "final";
  doc.document.tracking.id = "DIFF-OSCAP";
  csaf::Branch vendor{"vendor", "Debian", std::nullopt, {}};
  csaf::Vulnerability vuln;
  vuln.cve = "CVE-2026-9999";
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    csaf::FullProductName p;
    p.product_id = "P" + std::to_string(i + 1);
    p.name = c.package;
    csaf::IdentificationHelper h;
    h.purl = "pkg:deb/debian/" + c.package;
    p.helper = h;
    csaf::Branch range{"product_version_range", "vers:deb/" + c.op + c.boundary, p, {}};
    vendor.branches.push_back(csaf::Branch{"product_name", c.package, std::nullopt, {range}});
    vuln.product_status.known_affected.push_back(p.product_id);
  }
  doc.product_tree.branches.push_back(vendor);
  doc.vulnerabilities.push_back(vuln);
  return doc;
}

TEST(OscapDifferential, DebRangesOverTheInstalledSetAgreeWithOval) {
  inventory::ReadOptions options;
  auto dpkg = inventory::readDpkg(options);
  ASSERT_TRUE(dpkg.present);
  ASSERT_FALSE(dpkg.partial) << (dpkg.warnings.empty() ? "" : dpkg.warnings[0].describe());
  InventoryView view = toInventoryView({dpkg});

  // Eligible packages (see the file comment).
  std::map<std::string, int> arches;
  for (const auto& it : view.items) arches[it.name]++;
  std::vector<const InstalledItem*> eligible;
  for (const auto& it : view.items) {
    if (arches[it.name] != 1 || it.uncertain) continue;
    Identity id;
    id.purl_type = "deb";
    id.purl_namespace = it.purl_namespace;
    id.name = it.name;
    int matches = 0;
    bool same_version = true;
    for (const auto& other : view.items) {
      MatchedVersion mv;
      if (matchesIdentity(id, other, &mv)) {
        ++matches;
        same_version = same_version && mv.version == other.version;
      }
    }
    if (matches == 1 && same_version) eligible.push_back(&it);
  }
  ASSERT_GE(eligible.size(), 100u) << "too few eligible packages on this machine";

  const unsigned seed = 20261123;
  std::printf("oscap differential: seed %u, %zu eligible of %zu installed packages\n", seed, eligible.size(),
              view.items.size());
  std::mt19937 rng(seed);
  const char* ops[] = {"<", "<=", ">", ">="};
  std::vector<Case> cases;
  for (const auto* it : eligible) {
    const std::string& v = it->version;
    // Boundaries at, just below, just above the installed version, or another package's version.
    std::vector<std::string> boundaries = {v, v + "~", v + "+1", withEpoch(v).replace(0, 1, "1"),
                                           eligible[rng() % eligible.size()]->version};
    cases.push_back({it->name, v, ops[rng() % 4], boundaries[rng() % boundaries.size()]});
  }

  test::TempDir dir;
  {
    std::ofstream(dir.file("defs.xml")) << ovalDocument(cases);
  }
  auto oscap = process::findExecutable("oscap");
  ASSERT_TRUE(oscap) << "oscap (openscap-scanner) is not installed";
  process::Options po;
  po.timeout = std::chrono::minutes(5);
  po.environment = {{"PATH", "/usr/bin:/bin"}};
  auto run = process::run({*oscap, "oval", "eval", "--results", dir.file("results.xml"), dir.file("defs.xml")}, po);
  ASSERT_TRUE(run) << run.error().describe();
  // oscap exits 0 (or 2 for "some definitions true"); anything else is a failure to evaluate.
  ASSERT_TRUE(!run->signaled && (run->exit_code == 0 || run->exit_code == 2)) << run->stderr_data;
  std::ifstream in(dir.file("results.xml"));
  std::string results((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::map<int, std::string> oval;
  std::regex def_re("<definition definition_id=\"oval:psirt.test:def:([0-9]+)\" result=\"([a-z ]+)\"");
  for (auto m = std::sregex_iterator(results.begin(), results.end(), def_re); m != std::sregex_iterator(); ++m) {
    oval[std::stoi((*m)[1])] = (*m)[2];
  }
  ASSERT_EQ(oval.size(), cases.size()) << "oscap did not report every definition";

  auto eval = evaluateDocument(csafDocument(cases), view);
  ASSERT_TRUE(eval) << eval.error().describe();
  ASSERT_TRUE(eval->document_errors.empty()) << eval->document_errors[0];
  std::map<std::string, Status> ours;
  for (const auto& v : eval->verdicts) ours[v.product_ids.front()] = v.status;

  int mismatches = 0, affected = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    const std::string& theirs = oval[static_cast<int>(i + 1)];
    ASSERT_TRUE(theirs == "true" || theirs == "false") << c.package << ": oscap says " << theirs;
    Status s = ours.at("P" + std::to_string(i + 1));
    // In the range: affected (R2). Outside it, with no other statement: unknown (R3).
    bool ours_in = s == Status::kAffected;
    EXPECT_TRUE(s == Status::kAffected || s == Status::kUnknown) << c.package << " gave " << toString(s);
    affected += ours_in ? 1 : 0;
    if (ours_in != (theirs == "true")) {
      ++mismatches;
      ADD_FAILURE() << c.package << " " << c.installed << " in vers:deb/" << c.op << c.boundary << ": ours "
                    << toString(s) << ", oscap " << theirs;
    }
  }
  std::printf("oscap differential: %zu ranges, %d affected, %d mismatches\n", cases.size(), affected, mismatches);
  EXPECT_EQ(mismatches, 0);
  // Both outcomes occur, so the comparison is not trivially one-sided.
  EXPECT_GT(affected, 10);
  EXPECT_LT(affected, static_cast<int>(cases.size()) - 10);
}

}  // namespace
}  // namespace psirt::evaluate
