// CSAF 2.0 §6.1 mandatory tests on the typed model. Each mirrors the prose of
// the spec and, where the prose leaves room, the behaviour of the reference
// implementation (@secvisogram/csaf-validator-lib 2.0.10), which the
// differential test compares us against document by document.
#include "agent/csaf/mandatory_tests.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace psirt::csaf::detail {
namespace {

struct IdAt {
  const std::string* id;
  std::string pointer;
};

// Product id definitions in the order the reference collects them.
void collectBranchIds(const std::vector<Branch>& branches, const std::string& ptr, std::vector<IdAt>& out) {
  for (std::size_t i = 0; i < branches.size(); ++i) {
    const std::string here = ptr + "/" + std::to_string(i);
    if (branches[i].product && !branches[i].product->product_id.empty()) {
      out.push_back({&branches[i].product->product_id, here + "/product/product_id"});
    }
    collectBranchIds(branches[i].branches, here + "/branches", out);
  }
}

std::vector<IdAt> productDefinitions(const Document& d) {
  std::vector<IdAt> out;
  const auto& t = d.product_tree;
  for (std::size_t i = 0; i < t.full_product_names.size(); ++i) {
    if (!t.full_product_names[i].product_id.empty()) {
      out.push_back({&t.full_product_names[i].product_id,
                     "/product_tree/full_product_names/" + std::to_string(i) + "/product_id"});
    }
  }
  for (std::size_t i = 0; i < t.relationships.size(); ++i) {
    if (!t.relationships[i].full_product_name.product_id.empty()) {
      out.push_back({&t.relationships[i].full_product_name.product_id,
                     "/product_tree/relationships/" + std::to_string(i) + "/full_product_name/product_id"});
    }
  }
  collectBranchIds(t.branches, "/product_tree/branches", out);
  return out;
}

void addList(const std::vector<std::string>& ids, const std::string& ptr, std::vector<IdAt>& out) {
  for (std::size_t j = 0; j < ids.size(); ++j) {
    if (!ids[j].empty()) out.push_back({&ids[j], ptr + "/" + std::to_string(j)});
  }
}

std::vector<IdAt> productReferences(const Document& d) {
  std::vector<IdAt> out;
  const auto& t = d.product_tree;
  for (std::size_t i = 0; i < t.product_groups.size(); ++i) {
    addList(t.product_groups[i].product_ids, "/product_tree/product_groups/" + std::to_string(i) + "/product_ids",
            out);
  }
  for (std::size_t i = 0; i < t.relationships.size(); ++i) {
    const std::string p = "/product_tree/relationships/" + std::to_string(i);
    if (!t.relationships[i].product_reference.empty()) {
      out.push_back({&t.relationships[i].product_reference, p + "/product_reference"});
    }
    if (!t.relationships[i].relates_to_product_reference.empty()) {
      out.push_back({&t.relationships[i].relates_to_product_reference, p + "/relates_to_product_reference"});
    }
  }
  for (std::size_t i = 0; i < d.vulnerabilities.size(); ++i) {
    const Vulnerability& v = d.vulnerabilities[i];
    const std::string p = "/vulnerabilities/" + std::to_string(i);
    const ProductStatus& s = v.product_status;
    addList(s.first_affected, p + "/product_status/first_affected", out);
    addList(s.first_fixed, p + "/product_status/first_fixed", out);
    addList(s.fixed, p + "/product_status/fixed", out);
    addList(s.known_affected, p + "/product_status/known_affected", out);
    addList(s.known_not_affected, p + "/product_status/known_not_affected", out);
    addList(s.last_affected, p + "/product_status/last_affected", out);
    addList(s.recommended, p + "/product_status/recommended", out);
    addList(s.under_investigation, p + "/product_status/under_investigation", out);
    for (std::size_t j = 0; j < v.remediations.size(); ++j) {
      addList(v.remediations[j].product_ids, p + "/remediations/" + std::to_string(j) + "/product_ids", out);
    }
    for (std::size_t j = 0; j < v.scores.size(); ++j) {
      addList(v.scores[j].products, p + "/scores/" + std::to_string(j) + "/products", out);
    }
    for (std::size_t j = 0; j < v.threats.size(); ++j) {
      addList(v.threats[j].product_ids, p + "/threats/" + std::to_string(j) + "/product_ids", out);
    }
    for (std::size_t j = 0; j < v.flags.size(); ++j) {
      addList(v.flags[j].product_ids, p + "/flags/" + std::to_string(j) + "/product_ids", out);
    }
  }
  return out;
}

std::vector<IdAt> groupDefinitions(const Document& d) {
  std::vector<IdAt> out;
  const auto& g = d.product_tree.product_groups;
  for (std::size_t i = 0; i < g.size(); ++i) {
    if (!g[i].group_id.empty()) out.push_back({&g[i].group_id, "/product_tree/product_groups/" + std::to_string(i) + "/group_id"});
  }
  return out;
}

std::vector<IdAt> groupReferences(const Document& d) {
  std::vector<IdAt> out;
  for (std::size_t i = 0; i < d.vulnerabilities.size(); ++i) {
    const Vulnerability& v = d.vulnerabilities[i];
    const std::string p = "/vulnerabilities/" + std::to_string(i);
    for (std::size_t j = 0; j < v.remediations.size(); ++j) {
      addList(v.remediations[j].group_ids, p + "/remediations/" + std::to_string(j) + "/group_ids", out);
    }
    for (std::size_t j = 0; j < v.threats.size(); ++j) {
      addList(v.threats[j].group_ids, p + "/threats/" + std::to_string(j) + "/group_ids", out);
    }
    for (std::size_t j = 0; j < v.flags.size(); ++j) {
      addList(v.flags[j].group_ids, p + "/flags/" + std::to_string(j) + "/group_ids", out);
    }
  }
  return out;
}

void missing(const std::vector<IdAt>& defs, const std::vector<IdAt>& refs, const char* test, const char* what,
             Findings& out) {
  std::unordered_set<std::string> defined;
  for (const auto& d : defs) defined.insert(*d.id);
  for (const auto& r : refs) {
    if (!defined.count(*r.id)) out.add(test, r.pointer, std::string("definition of ") + what + " \"" + *r.id + "\" missing");
  }
}

void duplicates(const std::vector<IdAt>& defs, const char* test, const char* what, Findings& out) {
  std::unordered_map<std::string, int> count;
  for (const auto& d : defs) ++count[*d.id];
  for (const auto& d : defs) {
    if (count[*d.id] > 1) out.add(test, d.pointer, std::string(what) + " \"" + *d.id + "\" is defined more than once");
  }
}

// 6.1.3: a relationship whose reference leads (through other relationship
// products) into a cycle.
void circular(const Document& d, Findings& out) {
  const auto& rels = d.product_tree.relationships;
  const std::size_t n = rels.size();
  std::unordered_map<std::string, std::size_t> first_def;
  for (std::size_t i = 0; i < n; ++i) first_def.emplace(rels[i].full_product_name.product_id, i);
  auto target = [&](const std::string& ref) -> std::ptrdiff_t {
    if (ref.empty()) return -1;
    auto it = first_def.find(ref);
    return it == first_def.end() ? -1 : static_cast<std::ptrdiff_t>(it->second);
  };
  // Nodes that can reach a cycle are those left after repeatedly removing
  // nodes whose every out-edge leads to removed nodes (no recursion).
  std::vector<std::array<std::ptrdiff_t, 2>> edges(n);
  std::vector<std::vector<std::size_t>> incoming(n);
  std::vector<int> live_out(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    edges[i] = {target(rels[i].product_reference), target(rels[i].relates_to_product_reference)};
    for (auto t : edges[i]) {
      if (t >= 0) {
        incoming[static_cast<std::size_t>(t)].push_back(i);
        ++live_out[i];
      }
    }
  }
  std::vector<bool> removed(n, false);
  std::vector<std::size_t> queue;
  for (std::size_t i = 0; i < n; ++i) {
    if (live_out[i] == 0) queue.push_back(i);
  }
  while (!queue.empty()) {
    const std::size_t k = queue.back();
    queue.pop_back();
    removed[k] = true;
    for (std::size_t from : incoming[k]) {
      if (--live_out[from] == 0) queue.push_back(from);
    }
  }
  static const char* const kKeys[] = {"product_reference", "relates_to_product_reference"};
  for (std::size_t i = 0; i < n; ++i) {
    for (int e = 0; e < 2; ++e) {
      const auto t = edges[i][static_cast<std::size_t>(e)];
      if (t >= 0 && !removed[static_cast<std::size_t>(t)]) {
        out.add("6.1.3", "/product_tree/relationships/" + std::to_string(i) + "/" + kKeys[e], "circular reference");
      }
    }
  }
}

void contradicting(const Document& d, Findings& out) {
  for (std::size_t i = 0; i < d.vulnerabilities.size(); ++i) {
    const ProductStatus& s = d.vulnerabilities[i].product_status;
    std::array<std::set<std::string>, 4> groups;
    for (const auto* l : {&s.first_affected, &s.known_affected, &s.last_affected}) groups[0].insert(l->begin(), l->end());
    groups[1].insert(s.known_not_affected.begin(), s.known_not_affected.end());
    for (const auto* l : {&s.first_fixed, &s.fixed}) groups[2].insert(l->begin(), l->end());
    groups[3].insert(s.under_investigation.begin(), s.under_investigation.end());
    for (std::size_t g = 0; g < groups.size(); ++g) {
      for (const auto& id : groups[g]) {
        for (std::size_t h = g + 1; h < groups.size(); ++h) {
          if (groups[h].count(id)) {
            out.add("6.1.6", "/vulnerabilities/" + std::to_string(i) + "/product_status",
                    "product id \"" + id + "\" is in contradicting product status groups");
            break;
          }
        }
      }
    }
  }
}

void sameVersionScores(const Document& d, Findings& out) {
  for (std::size_t i = 0; i < d.vulnerabilities.size(); ++i) {
    std::map<std::string, std::set<std::string>> versions;  // product -> CVSS versions seen
    const auto& scores = d.vulnerabilities[i].scores;
    for (std::size_t j = 0; j < scores.size(); ++j) {
      const Score& s = scores[j];
      const std::string* v2 = s.cvss_v2 && !s.cvss_v2->version.empty() ? &s.cvss_v2->version : nullptr;
      const std::string* v3 = s.cvss_v3 && !s.cvss_v3->version.empty() ? &s.cvss_v3->version : nullptr;
      for (std::size_t k = 0; k < s.products.size(); ++k) {
        auto& seen = versions[s.products[k]];
        if ((v2 && seen.count(*v2)) || (v3 && seen.count(*v3))) {
          out.add("6.1.7", "/vulnerabilities/" + std::to_string(i) + "/scores/" + std::to_string(j) + "/products/" +
                               std::to_string(k),
                  "product \"" + s.products[k] + "\" already has a score of this CVSS version");
        }
        if (v2) seen.insert(*v2);
        if (v3) seen.insert(*v3);
      }
    }
  }
}

struct MetricMap {
  const char* property;
  const char* key;
  std::vector<std::pair<const char*, const char*>> values;  // JSON value, vector value
};

const std::vector<MetricMap>& v3Metrics() {
  static const std::vector<MetricMap> k = {
      {"attackVector", "AV", {{"NETWORK", "N"}, {"ADJACENT_NETWORK", "A"}, {"LOCAL", "L"}, {"PHYSICAL", "P"}}},
      {"attackComplexity", "AC", {{"HIGH", "H"}, {"LOW", "L"}}},
      {"privilegesRequired", "PR", {{"NONE", "N"}, {"LOW", "L"}, {"HIGH", "H"}}},
      {"userInteraction", "UI", {{"NONE", "N"}, {"REQUIRED", "R"}}},
      {"scope", "S", {{"UNCHANGED", "U"}, {"CHANGED", "C"}}},
      {"confidentialityImpact", "C", {{"NONE", "N"}, {"LOW", "L"}, {"HIGH", "H"}}},
      {"integrityImpact", "I", {{"NONE", "N"}, {"LOW", "L"}, {"HIGH", "H"}}},
      {"availabilityImpact", "A", {{"NONE", "N"}, {"LOW", "L"}, {"HIGH", "H"}}},
      {"exploitCodeMaturity", "E",
       {{"UNPROVEN", "U"}, {"PROOF_OF_CONCEPT", "P"}, {"FUNCTIONAL", "F"}, {"HIGH", "H"}, {"NOT_DEFINED", "X"}}},
      {"remediationLevel", "RL",
       {{"OFFICIAL_FIX", "O"}, {"TEMPORARY_FIX", "T"}, {"WORKAROUND", "W"}, {"UNAVAILABLE", "U"}, {"NOT_DEFINED", "X"}}},
      {"reportConfidence", "RC", {{"UNKNOWN", "U"}, {"REASONABLE", "R"}, {"CONFIRMED", "C"}, {"NOT_DEFINED", "X"}}},
      {"confidentialityRequirement", "CR", {{"LOW", "L"}, {"MEDIUM", "M"}, {"HIGH", "H"}, {"NOT_DEFINED", "X"}}},
      {"integrityRequirement", "IR", {{"LOW", "L"}, {"MEDIUM", "M"}, {"HIGH", "H"}, {"NOT_DEFINED", "X"}}},
      {"availabilityRequirement", "AR", {{"LOW", "L"}, {"MEDIUM", "M"}, {"HIGH", "H"}, {"NOT_DEFINED", "X"}}},
      {"modifiedAttackVector", "MAV",
       {{"NETWORK", "N"}, {"ADJACENT_NETWORK", "A"}, {"LOCAL", "L"}, {"PHYSICAL", "P"}, {"NOT_DEFINED", "X"}}},
      {"modifiedAttackComplexity", "MAC", {{"HIGH", "H"}, {"LOW", "L"}, {"NOT_DEFINED", "X"}}},
      {"modifiedPrivilegesRequired", "MPR", {{"HIGH", "H"}, {"LOW", "L"}, {"NONE", "N"}, {"NOT_DEFINED", "X"}}},
      {"modifiedUserInteraction", "MUI", {{"NONE", "N"}, {"REQUIRED", "R"}, {"NOT_DEFINED", "X"}}},
      {"modifiedScope", "MS", {{"UNCHANGED", "U"}, {"CHANGED", "C"}, {"NOT_DEFINED", "X"}}},
      {"modifiedConfidentialityImpact", "MC", {{"HIGH", "H"}, {"LOW", "L"}, {"NONE", "N"}, {"NOT_DEFINED", "X"}}},
      {"modifiedIntegrityImpact", "MI", {{"HIGH", "H"}, {"LOW", "L"}, {"NONE", "N"}, {"NOT_DEFINED", "X"}}},
      {"modifiedAvailabilityImpact", "MA", {{"HIGH", "H"}, {"LOW", "L"}, {"NONE", "N"}, {"NOT_DEFINED", "X"}}},
  };
  return k;
}

const std::vector<MetricMap>& v2Metrics() {
  static const std::vector<MetricMap> k = {
      {"accessVector", "AV", {{"NETWORK", "N"}, {"ADJACENT_NETWORK", "A"}, {"LOCAL", "L"}}},
      {"accessComplexity", "AC", {{"HIGH", "H"}, {"MEDIUM", "M"}, {"LOW", "L"}}},
      {"authentication", "Au", {{"MULTIPLE", "M"}, {"SINGLE", "S"}, {"NONE", "N"}}},
      {"confidentialityImpact", "C", {{"NONE", "N"}, {"PARTIAL", "P"}, {"COMPLETE", "C"}}},
      {"integrityImpact", "I", {{"NONE", "N"}, {"PARTIAL", "P"}, {"COMPLETE", "C"}}},
      {"availabilityImpact", "A", {{"NONE", "N"}, {"PARTIAL", "P"}, {"COMPLETE", "C"}}},
      {"exploitability", "E",
       {{"UNPROVEN", "U"}, {"PROOF_OF_CONCEPT", "POC"}, {"FUNCTIONAL", "F"}, {"HIGH", "H"}, {"NOT_DEFINED", "ND"}}},
      {"remediationLevel", "RL",
       {{"OFFICIAL_FIX", "OF"}, {"TEMPORARY_FIX", "TF"}, {"WORKAROUND", "W"}, {"UNAVAILABLE", "U"},
        {"NOT_DEFINED", "ND"}}},
      {"reportConfidence", "RC",
       {{"UNCONFIRMED", "UC"}, {"UNCORROBORATED", "UR"}, {"CONFIRMED", "C"}, {"NOT_DEFINED", "ND"}}},
      {"collateralDamagePotential", "CDP",
       {{"NONE", "N"}, {"LOW", "L"}, {"LOW_MEDIUM", "LM"}, {"MEDIUM_HIGH", "MH"}, {"HIGH", "H"}, {"NOT_DEFINED", "ND"}}},
      {"targetDistribution", "TD", {{"NONE", "N"}, {"LOW", "L"}, {"MEDIUM", "M"}, {"HIGH", "H"}, {"NOT_DEFINED", "ND"}}},
      {"confidentialityRequirement", "CR", {{"LOW", "L"}, {"MEDIUM", "M"}, {"HIGH", "H"}, {"NOT_DEFINED", "ND"}}},
      {"integrityRequirement", "IR", {{"LOW", "L"}, {"MEDIUM", "M"}, {"HIGH", "H"}, {"NOT_DEFINED", "ND"}}},
      {"availabilityRequirement", "AR", {{"LOW", "L"}, {"MEDIUM", "M"}, {"HIGH", "H"}, {"NOT_DEFINED", "ND"}}},
  };
  return k;
}

// Each "KEY:VALUE" part of the vector whose KEY is known, whose property is
// present as a string, and whose VALUE is known must agree with the property.
void consistent(const CvssObject& c, const std::vector<MetricMap>& metrics, bool skip_prefix,
                const std::string& ptr, Findings& out) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  const std::string& vs = c.vector_string;
  while (true) {
    const std::size_t slash = vs.find('/', start);
    parts.push_back(vs.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  for (std::size_t i = skip_prefix ? 1 : 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    const std::size_t colon = part.find(':');
    const std::string key = part.substr(0, colon);
    std::string value;
    if (colon != std::string::npos) {
      const std::size_t next = part.find(':', colon + 1);
      value = part.substr(colon + 1, next == std::string::npos ? std::string::npos : next - colon - 1);
    }
    auto m = std::find_if(metrics.begin(), metrics.end(), [&](const MetricMap& mm) { return key == mm.key; });
    if (m == metrics.end()) continue;
    const std::string* actual = c.attribute(m->property);
    if (actual == nullptr || colon == std::string::npos) continue;
    auto expected = std::find_if(m->values.begin(), m->values.end(), [&](const auto& p) { return value == p.second; });
    if (expected == m->values.end()) continue;
    if (*actual != expected->first) {
      out.add("6.1.10", ptr + "/" + m->property, "value is not consistent with the vector string");
    }
  }
}

void inconsistentCvss(const Document& d, Findings& out) {
  for (std::size_t i = 0; i < d.vulnerabilities.size(); ++i) {
    const auto& scores = d.vulnerabilities[i].scores;
    for (std::size_t j = 0; j < scores.size(); ++j) {
      const std::string p = "/vulnerabilities/" + std::to_string(i) + "/scores/" + std::to_string(j);
      if (scores[j].cvss_v2 && scores[j].cvss_v2->attribute("vectorString") != nullptr) {
        consistent(*scores[j].cvss_v2, v2Metrics(), false, p + "/cvss_v2", out);
      }
      const auto& v3 = scores[j].cvss_v3;
      if (v3 && v3->attribute("vectorString") != nullptr && (v3->version == "3.1" || v3->version == "3.0")) {
        consistent(*v3, v3Metrics(), true, p + "/cvss_v3", out);
      }
    }
  }
}

}  // namespace

void Findings::add(const char* test, std::string pointer, std::string message) {
  if (list.size() < max) list.push_back(Finding{test, std::move(pointer), std::move(message)});
}

void runMandatoryTests(const Document& d, Findings& out) {
  const auto defs = productDefinitions(d);
  missing(defs, productReferences(d), "6.1.1", "product id", out);
  duplicates(defs, "6.1.2", "product id", out);
  circular(d, out);
  const auto groups = groupDefinitions(d);
  missing(groups, groupReferences(d), "6.1.4", "group id", out);
  duplicates(groups, "6.1.5", "group id", out);
  contradicting(d, out);
  sameVersionScores(d, out);
  runCvssComputationTest(d, out);
  inconsistentCvss(d, out);
  runRevisionTests(d, out);
}

}  // namespace psirt::csaf::detail
