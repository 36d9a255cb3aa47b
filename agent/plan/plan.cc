// makePlan: affected verdicts -> actionable remediations -> manifests from
// the trusted set -> preconditions -> policy (plan.h).
#include "agent/plan/plan.h"

#include <algorithm>
#include <map>
#include <utility>

#include "agent/action/manifest.h"

namespace psirt::plan {
namespace {

bool nameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}

void addOnce(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

bool intersects(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(), [&](const std::string& x) { return std::find(b.begin(), b.end(), x) != b.end(); });
}

// Reads, parses and checks one manifest against the advisory and products
// that name it; sets readiness and reason.
void resolve(PlannedAction& p, const std::vector<std::string>& product_ids, check::CheckRun& run,
             const PlanOptions& o) {
  auto bytes = run.readTarget(p.action_target, o.max_manifest_bytes);
  if (!bytes) {
    p.readiness = Readiness::kRefused;
    p.reason = bytes.error().describe();
    return;
  }
  auto parsed = action::parseActionManifest(*bytes, p.action_target);
  if (!parsed) {
    p.readiness = Readiness::kRefused;
    p.reason = parsed.error().describe();
    return;
  }
  // The manifest must say it is for this advisory and one of these products:
  // a remediation url pointing at another advisory's action is not trusted
  // to fit (the PSIRT signs both, but each for its own products).
  if (std::find(parsed->advisories.begin(), parsed->advisories.end(), p.advisory) == parsed->advisories.end()) {
    p.readiness = Readiness::kRefused;
    p.reason = p.action_target + ": the action does not name advisory " + p.advisory;
    return;
  }
  if (!intersects(parsed->product_ids, product_ids)) {
    p.readiness = Readiness::kRefused;
    p.reason = p.action_target + ": the action names none of the affected product ids";
    return;
  }
  p.action = std::move(*parsed);
  if (std::string why = failedPrecondition(p.action->preconditions, run.installed(), o.root, o.machine); !why.empty()) {
    p.readiness = Readiness::kNotApplicable;
    p.reason = why;
    return;
  }
  action::Decision d = action::decide(o.policy, *p.action, o.now, o.approvals);
  p.readiness = d.allowed ? Readiness::kReady : Readiness::kNeedsApproval;
  p.reason = d.reason;
}

}  // namespace

std::optional<std::string> actionTarget(std::string_view url) {
  if (url.find_first_of("?#") != std::string_view::npos) return std::nullopt;
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  const std::size_t path = url.find('/', scheme + 3);
  if (path == std::string_view::npos) return std::nullopt;
  const std::size_t last = url.rfind('/');
  std::string_view name = url.substr(last + 1);
  if (last < path + 8 || url.substr(last - 8, 9) != "/actions/") return std::nullopt;
  if (name.empty() || name.size() > 128 || name == "." || name == ".." || !std::all_of(name.begin(), name.end(), nameChar))
    return std::nullopt;
  return "actions/" + std::string(name);
}

const char* readinessName(Readiness r) {
  switch (r) {
    case Readiness::kReady: return "ready";
    case Readiness::kNeedsApproval: return "needs_approval";
    case Readiness::kNotApplicable: return "not_applicable";
    case Readiness::kRefused: return "refused";
  }
  return "refused";
}

Result<Plan> makePlan(check::CheckRun& run, const PlanOptions& o) {
  Plan plan;
  while (auto advisory = run.next()) {
    if (!o.advisory.empty() && advisory->tracking_id != o.advisory) continue;
    // One entry per action target of this advisory, with every product id
    // of the verdicts that name it.
    std::map<std::string, std::pair<PlannedAction, std::vector<std::string>>> found;
    for (const evaluate::Verdict& v : advisory->verdicts) {
      if (v.status != evaluate::Status::kAffected) continue;
      bool actionable = false;
      std::string offered;
      for (const evaluate::RemediationRef& r : v.remediations) {
        if (offered.empty()) offered = r.category + (r.details.empty() ? "" : ": " + r.details);
        auto target = actionTarget(r.url);
        if (!target) continue;
        actionable = true;
        auto& [p, product_ids] = found[*target];
        if (p.action_target.empty()) {
          p.action_target = *target;
          p.advisory = advisory->tracking_id;
          p.advisory_target = advisory->target;
          p.remediation_category = r.category;
        }
        addOnce(p.vulnerabilities, v.vulnerability);
        addOnce(p.products, v.product);
        for (const auto& id : v.product_ids) addOnce(product_ids, id);
      }
      if (!actionable)
        plan.unremediated.push_back(advisory->tracking_id + " " + v.vulnerability + " " + v.product + ": no action" +
                                    (offered.empty() ? "" : " (" + offered + ")"));
    }
    for (auto& [target, entry] : found) {
      resolve(entry.first, entry.second, run, o);
      plan.actions.push_back(std::move(entry.first));
    }
  }
  return plan;
}

}  // namespace psirt::plan
