#include "bench/workload/advisory.h"

#include <array>
#include <set>

#include "bench/workload/ordered_json.h"
#include "platform/clock/clock.h"

namespace psirt::bench {
namespace {

using J = OrderedJson;

enum class Plan { kAffected, kFixed, kNotAffected, kInvestigating, kNotInstalled, kPlatform };

constexpr std::array<const char*, 6> kStatusByRank = {"not_installed", "not_affected", "fixed", "unknown",
                                                      "under_investigation", "affected"};
int rankOf(Plan p) {
  switch (p) {
    case Plan::kAffected: case Plan::kPlatform: return 5;
    case Plan::kInvestigating: return 4;
    case Plan::kFixed: return 2;
    case Plan::kNotAffected: return 1;
    case Plan::kNotInstalled: return 0;
  }
  return 0;
}

struct Score {
  const char* vector;
  double score;
  const char* severity;
};
// Base scores as computed by the CVSS 3.1 specification (mandatory test 6.1.9).
constexpr Score kScores[] = {
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "CRITICAL"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, "CRITICAL"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5, "HIGH"},
    {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8, "HIGH"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, "MEDIUM"},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9, "MEDIUM"},
    {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H", 5.5, "MEDIUM"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3, "MEDIUM"},
    {"CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:L/I:N/A:N", 2.5, "LOW"},
};
struct Cwe {
  const char* id;
  const char* name;
};
constexpr Cwe kCwes[] = {
    {"CWE-787", "Out-of-bounds Write"},      {"CWE-125", "Out-of-bounds Read"},
    {"CWE-416", "Use After Free"},           {"CWE-20", "Improper Input Validation"},
    {"CWE-476", "NULL Pointer Dereference"}, {"CWE-190", "Integer Overflow or Wraparound"},
};

constexpr clock::Seconds kDay = 86400;
constexpr clock::Seconds kBase = 1704067200;  // 2024-01-01T00:00:00Z

std::string upper(std::string s) {
  for (auto& c : s) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : (c == '.' ? '_' : c);
  return s;
}

std::string fileName(const std::string& id) {
  std::string s;
  for (char c : id) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    s += ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-') ? c : '_';
  }
  return s + ".json";
}

J leaf(const char* category, const std::string& name, const std::string& product_name, const std::string& id,
       const std::string& purl) {
  J product = J::object({{"name", product_name}, {"product_id", id}});
  if (!purl.empty()) product["product_identification_helper"] = J::object({{"purl", purl}});
  return J::object({{"category", category}, {"name", name}, {"product", std::move(product)}});
}

J branch(const char* category, const std::string& name, J children) {
  return J::object({{"category", category}, {"name", name}, {"branches", std::move(children)}});
}

// Status lists of one vulnerability, filled in a fixed order.
struct Statuses {
  std::vector<std::string> known_affected, fixed, known_not_affected, under_investigation;
  J toJson() const {
    J j = J::object();
    if (!fixed.empty()) j["fixed"] = fixed;
    if (!known_affected.empty()) j["known_affected"] = known_affected;
    if (!known_not_affected.empty()) j["known_not_affected"] = known_not_affected;
    if (!under_investigation.empty()) j["under_investigation"] = under_investigation;
    return j;
  }
};

struct ProductPlan {
  Plan plan;
  std::string source;  // purl name
  std::string pid;
  std::string fix;     // fix version (affected shapes)
  std::vector<std::string> affected_ids, fixed_ids, not_affected_ids, investigating_ids;
};

}  // namespace

Advisory makeAdvisory(int index, const System& system, Rng& rng, std::size_t big_bytes) {
  Advisory a;
  const bool dsa = rng.percent(60);
  a.tracking_id = dsa ? "DSA-" + std::to_string(5000 + index) + "-1" : "ALE-DEB-2026-" + std::to_string(10000 + index);
  a.target_name = "advisories/" + fileName(a.tracking_id);

  // ---- products -----------------------------------------------------------
  const int nproducts = rng.between(2, 4);
  std::set<std::size_t> chosen;
  std::vector<ProductPlan> plans;
  J debian12 = J::array(), debian11 = J::array(), shallow = J::array();
  const bool deep = rng.percent(60);
  bool platform_used = false;
  J relationships = J::array();
  for (int k = 0; k < nproducts; ++k) {
    std::size_t si = rng.below(system.sources.size());
    if (!chosen.insert(si).second) continue;
    const SourcePackage& src = system.sources[si];
    const int roll = static_cast<int>(rng.below(100));
    Plan plan = roll < 10   ? Plan::kAffected
                : roll < 45 ? Plan::kFixed
                : roll < 57 ? Plan::kNotAffected
                : roll < 60 ? Plan::kInvestigating
                : roll < 92 ? Plan::kNotInstalled
                            : Plan::kPlatform;
    ProductPlan p{plan, plan == Plan::kNotInstalled ? src.name + "-legacy" : src.name, upper(src.name), "", {}, {}, {}, {}};
    if (plan == Plan::kNotInstalled) p.pid += "-LEGACY";
    const std::string purl = "pkg:deb/debian/" + p.source + "?distro=debian-12";
    J leaves = J::array();
    const DebVersion& v = src.version;
    switch (plan) {
      case Plan::kAffected:
      case Plan::kNotInstalled:
      case Plan::kPlatform:
      case Plan::kFixed: {
        const DebVersion fix = plan == Plan::kFixed ? (rng.percent(50) ? v : v.below(rng)) : v.above(rng);
        p.fix = fix.str();
        const std::string range = (plan != Plan::kFixed && rng.percent(30))
                                      ? "vers:deb/>=" + v.below(rng).str() + "|<" + p.fix
                                      : "vers:deb/<" + p.fix;
        leaves.push(leaf("product_version_range", range, p.source + " before " + p.fix + " (bookworm)",
                              p.pid + "-12-VULN", purl));
        leaves.push(leaf("product_version", p.fix, p.source + " " + p.fix + " (bookworm)", p.pid + "-12-FIX",
                              "pkg:deb/debian/" + p.source + "@" + p.fix + "?distro=debian-12"));
        p.fixed_ids.push_back(p.pid + "-12-FIX");
        if (plan == Plan::kPlatform) {
          if (!platform_used) platform_used = true;
          const std::string rid = p.pid + "-12-VULN-ON-DEBIAN-12";
          relationships.push(J::object(
              {{"category", "installed_on"},
               {"full_product_name",
                J::object({{"name", p.source + " before " + p.fix + " on Debian GNU/Linux 12"}, {"product_id", rid}})},
               {"product_reference", p.pid + "-12-VULN"},
               {"relates_to_product_reference", "DEBIAN-12"}}));
          p.affected_ids.push_back(rid);
        } else {
          p.affected_ids.push_back(p.pid + "-12-VULN");
        }
        break;
      }
      case Plan::kNotAffected:
        leaves.push(leaf("product_version", v.str(), p.source + " " + v.str() + " (bookworm)", p.pid + "-12-NA",
                              "pkg:deb/debian/" + p.source + "@" + v.str() + "?distro=debian-12"));
        p.not_affected_ids.push_back(p.pid + "-12-NA");
        break;
      case Plan::kInvestigating: {
        const std::string range = "vers:deb/<" + v.above(rng).str();
        leaves.push(leaf("product_version_range", range, p.source + " (bookworm, under investigation)",
                              p.pid + "-12-UI", purl));
        p.investigating_ids.push_back(p.pid + "-12-UI");
        break;
      }
    }
    // Debian 11 entries: another release train, never compared with bookworm.
    J old = J::array();
    if (rng.percent(30)) {
      DebVersion o = v;
      o.major = v.major > 1 ? v.major - 1 : v.major;
      o.security = rng.between(1, 4);
      const std::string f = o.str();
      const std::string purl11 = "pkg:deb/debian/" + p.source + "?distro=debian-11";
      old.push(leaf("product_version_range", "vers:deb/<" + f, p.source + " before " + f + " (bullseye)",
                         p.pid + "-11-VULN", purl11));
      old.push(leaf("product_version", f, p.source + " " + f + " (bullseye)", p.pid + "-11-FIX",
                         "pkg:deb/debian/" + p.source + "@" + f + "?distro=debian-11"));
      p.affected_ids.push_back(p.pid + "-11-VULN");
      p.fixed_ids.push_back(p.pid + "-11-FIX");
    }
    if (deep) {
      debian12.push(branch("product_name", p.source, std::move(leaves)));
      if (!old.empty()) debian11.push(branch("product_name", p.source, std::move(old)));
    } else {
      for (auto& l : old.elements()) leaves.push(std::move(l));
      shallow.push(branch("product_name", p.source, std::move(leaves)));
    }
    plans.push_back(std::move(p));
  }

  J debian = J::array();
  if (deep) {
    J families = J::array();
    families.push(branch("product_family", "12 (bookworm)", std::move(debian12)));
    if (!debian11.empty()) families.push(branch("product_family", "11 (bullseye)", std::move(debian11)));
    debian.push(branch("product_family", "Debian GNU/Linux", std::move(families)));
  } else {
    debian = std::move(shallow);
  }
  if (platform_used) {
    debian.push(branch("product_name", "Debian GNU/Linux",
                            J::array({leaf("product_version", "12", "Debian GNU/Linux 12", "DEBIAN-12",
                                           "pkg:generic/os/debian@12")})));
  }
  J tree = J::object({{"branches", J::array({branch("vendor", "Debian", std::move(debian))})}});

  std::vector<std::string> group;
  int worst = 0;
  for (const auto& p : plans) {
    worst = std::max(worst, rankOf(p.plan));
    for (const auto& id : p.affected_ids) group.push_back(id);
  }
  a.expected = kStatusByRank[static_cast<std::size_t>(worst)];
  if (group.size() >= 2) {
    tree["product_groups"] =
        J::array({J::object({{"group_id", "CSAFGID-0001"}, {"product_ids", group}, {"summary", "Affected packages"}})});
  }
  if (!relationships.empty()) tree["relationships"] = std::move(relationships);

  // ---- document -------------------------------------------------------------
  const clock::Seconds initial = kBase + static_cast<clock::Seconds>((index * 37) % 600) * kDay + 36000;
  const int revisions = rng.between(1, 4);
  J history = J::array();
  clock::Seconds date = initial;
  for (int r = 1; r <= revisions; ++r) {
    history.push(J::object({{"date", clock::formatTufTime(date)},
                            {"number", std::to_string(r)},
                            {"summary", r == 1 ? "Ed.01: creation" : "Ed.0" + std::to_string(r) + ": update"}}));
    if (r < revisions) date += rng.between(1, 40) * kDay;
  }
  const std::string title = plans.empty() ? "security update" : plans.front().source + " -- security update";
  const std::string self = std::string(dsa ? "https://www.debian.org/security/" : "https://psirt.example.com/advisories/") +
                           fileName(a.tracking_id);
  J doc;
  J& d = doc["document"];  // members in CSAF's order; rng draws in the order written
  d["category"] = "csaf_security_advisory";
  d["csaf_version"] = "2.0";
  d["distribution"] =
      J::object({{"text", "Public"}, {"tlp", J::object({{"label", "WHITE"}, {"url", "https://www.first.org/tlp/"}})}});
  d["lang"] = "en";
  J& notes = d["notes"];
  notes.push(J::object({{"category", "summary"}, {"text", filler(rng, rng.between(150, 450))}, {"title", "Summary"}}));
  notes.push(J::object({{"category", "legal_disclaimer"},
                        {"text", "This advisory is provided as is, without warranty of any kind."},
                        {"title", "Terms of use"}}));
  if (dsa) {
    d["publisher"] =
        J::object({{"category", "vendor"}, {"name", "Debian Security Team"}, {"namespace", "https://www.debian.org"}});
  } else {
    d["publisher"] = J::object({{"category", "vendor"},
                                {"contact_details", "psirt@example.com"},
                                {"name", "ALE PSIRT"},
                                {"namespace", "https://psirt.example.com"}});
  }
  d["references"].push(J::object({{"category", "self"}, {"summary", "Canonical URL"}, {"url", self}}));
  d["title"] = title;
  J& tracking = d["tracking"];
  tracking["current_release_date"] = clock::formatTufTime(date);
  tracking["generator"] = J::object({{"date", clock::formatTufTime(date)},
                                     {"engine", J::object({{"name", "psirt-bench-workload"}, {"version", "1"}})}});
  tracking["id"] = a.tracking_id;
  tracking["initial_release_date"] = clock::formatTufTime(initial);
  tracking["revision_history"] = std::move(history);
  tracking["status"] = rng.percent(90) ? "final" : "interim";
  tracking["version"] = std::to_string(revisions);
  doc["product_tree"] = std::move(tree);

  // ---- vulnerabilities --------------------------------------------------------
  const int nvulns = rng.between(1, 3);
  std::vector<Statuses> statuses(static_cast<std::size_t>(nvulns));
  J vulns = J::array();
  for (int n = 0; n < nvulns; ++n) {
    Statuses& st = statuses[static_cast<std::size_t>(n)];
    std::vector<std::string> scored;
    J remediations = J::array();
    J flags = J::array();
    for (const auto& p : plans) {
      for (const auto& id : p.affected_ids) st.known_affected.push_back(id);
      for (const auto& id : p.fixed_ids) st.fixed.push_back(id);
      for (const auto& id : p.not_affected_ids) st.known_not_affected.push_back(id);
      for (const auto& id : p.investigating_ids) st.under_investigation.push_back(id);
      if (group.size() < 2 && !p.affected_ids.empty()) {
        remediations.push(
            J::object({{"category", "vendor_fix"},
                       {"details", "Upgrade the " + p.source + " packages to version " + p.fix + " or later."},
                       {"product_ids", p.affected_ids}}));
      }
      if (!p.investigating_ids.empty()) {
        remediations.push(J::object({{"category", "none_available"},
                                     {"details", "The impact on " + p.source + " is under investigation."},
                                     {"product_ids", p.investigating_ids}}));
      }
      if (!p.not_affected_ids.empty()) {
        flags.push(J::object({{"label", "vulnerable_code_not_in_execute_path"}, {"product_ids", p.not_affected_ids}}));
      }
    }
    if (group.size() >= 2) {
      remediations.push(J::object({{"category", "vendor_fix"},
                                   {"details", "Upgrade the affected packages to the fixed versions."},
                                   {"group_ids", J::array({"CSAFGID-0001"})},
                                   {"url", self}}));
    }
    scored = st.known_affected;
    for (const auto& id : st.under_investigation) scored.push_back(id);
    if (scored.empty()) scored = st.known_not_affected;
    if (scored.empty()) scored = st.fixed;
    const Score& s = kScores[rng.below(std::size(kScores))];
    const Cwe& cwe = kCwes[rng.below(std::size(kCwes))];
    const std::string cve = "CVE-2026-" + std::to_string(10000 + index * 4 + n);
    J v = J::object({{"cve", cve},
                     {"cwe", J::object({{"id", cwe.id}, {"name", cwe.name}})},
                     {"discovery_date", clock::formatTufTime(initial - 10 * kDay)},
                     {"notes", J::array({J::object({{"category", "description"},
                                                    {"text", filler(rng, rng.between(200, 700))},
                                                    {"title", "Vulnerability description"}})})},
                     {"product_status", J::object()},
                     {"references", J::array({J::object({{"category", "external"},
                                                         {"summary", cve},
                                                         {"url", "https://security-tracker.debian.org/tracker/" + cve}})})},
                     {"release_date", clock::formatTufTime(initial)}});
    if (!remediations.empty()) v["remediations"] = std::move(remediations);
    if (!flags.empty()) v["flags"] = std::move(flags);
    if (!scored.empty()) {
      v["scores"] = J::array({J::object({{"cvss_v3", J::object({{"version", "3.1"},
                                                                 {"vectorString", s.vector},
                                                                 {"baseScore", s.score},
                                                                 {"baseSeverity", s.severity}})},
                                          {"products", scored}})});
      v["threats"] = J::array({J::object(
          {{"category", "impact"}, {"details", filler(rng, rng.between(40, 120))}, {"product_ids", scored}})});
    }
    vulns.push(std::move(v));
  }
  doc["vulnerabilities"] = std::move(vulns);

  auto render = [&] {
    for (std::size_t n = 0; n < statuses.size(); ++n) {
      doc["vulnerabilities"].at(n)["product_status"] = statuses[n].toJson();
    }
    return doc.dump() + "\n";
  };
  a.text = render();

  // ---- big roll-up: vendor components that are not installed --------------------
  if (big_bytes > 0) {
    J& vendor_branches = doc["product_tree"]["branches"];
    vendor_branches.push(
        branch("vendor", "ALE", J::array({branch("product_family", "OmniPCX Enterprise", J::array())})));
    J& families = vendor_branches.back()["branches"].at(0)["branches"];
    int component = 0;
    while (a.text.size() <= big_bytes) {
      for (int batch = 0; batch < 20; ++batch, ++component) {
        const std::string name = "component-" + std::to_string(component);
        const std::string release = "R" + std::to_string(100 + component % 7) + ".1";
        if (component % 40 == 0) families.push(branch("product_family", release, J::array()));
        J versions = J::array();
        for (int j = 0; j < 12; ++j) {
          const std::string ver = std::to_string(component % 9 + 1) + "." + std::to_string(j) + "." +
                                  std::to_string(rng.between(0, 30));
          const std::string id = "ALE-C" + std::to_string(component) + "-" + std::to_string(j);
          versions.push(leaf("product_version", ver, name + " " + ver, id,
                                  "pkg:generic/ale/" + name + "@" + ver));
          for (auto& st : statuses) {
            const auto r = rng.below(100);
            if (r < 20) st.fixed.push_back(id);
            else if (r < 25) st.known_affected.push_back(id);
          }
        }
        families.back()["branches"].push(branch("product_name", name, std::move(versions)));
      }
      a.text = render();
    }
  }
  return a;
}

}  // namespace psirt::bench
