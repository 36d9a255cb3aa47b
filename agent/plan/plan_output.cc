// The plan as JSON (`psirt-agent-plan/1`, docs/formats/plan.md and
// plan.schema.json) and as a table for people.
#include <cstdio>

#include "agent/json/value.h"
#include "agent/plan/plan.h"
#include "platform/log/log.h"

namespace psirt::plan {
namespace {

using json::Value;

Value strings(const std::vector<std::string>& v) {
  Value out = Value::array();
  for (const auto& s : v) out.push(s);
  return out;
}

Value stepJson(const action::Step& s) {
  return Value::object({{"id", s.id}, {"type", action::stepKindName(s.body)}, {"reversible", action::reversible(s)}});
}

Value actionJson(const PlannedAction& p) {
  Value a = Value::object({{"action_target", p.action_target},
                           {"advisory", p.advisory},
                           {"advisory_target", p.advisory_target},
                           {"remediation_category", p.remediation_category},
                           {"vulnerabilities", strings(p.vulnerabilities)},
                           {"products", strings(p.products)},
                           {"readiness", readinessName(p.readiness)},
                           {"reason", p.reason}});
  if (p.action) {
    Value steps = Value::array();
    for (const auto& s : p.action->steps) steps.push(stepJson(s));
    a.set("action", Value::object({{"id", p.action->id},
                                   {"title", p.action->title},
                                   {"category", action::categoryName(p.action->category)},
                                   {"irreversible", p.action->irreversible()},
                                   {"steps", std::move(steps)}}));
  }
  return a;
}

}  // namespace

std::string toJson(const Plan& plan, const PlanHeader& header) {
  Value actions = Value::array();
  for (const auto& p : plan.actions) actions.push(actionJson(p));
  Value doc = Value::object({{"format", kPlanFormat},
                             {"generated_at", header.generated_at},
                             {"sysroot", header.sysroot},
                             {"image", header.image},
                             {"trust_set", header.trust_set},
                             {"policy", header.policy},
                             {"actions", std::move(actions)},
                             {"unremediated", strings(plan.unremediated)}});
  return doc.dump(2) + "\n";
}

std::string toTable(const Plan& plan, const PlanHeader& header) {
  std::string out = "psirt-agent plan: " + std::string(header.image ? "image " : "device ") +
                    log::oneLine(header.sysroot) + ", policy " + log::oneLine(header.policy) + "\n\n";
  if (plan.actions.empty()) out += "(no action applies to an affected product)\n";
  for (const auto& p : plan.actions) {
    out += log::oneLine(p.advisory) + "  " + p.action_target + "  " + readinessName(p.readiness) + "\n";
    if (p.action) {
      out += "  " + log::oneLine(p.action->id) + " (" + action::categoryName(p.action->category) + "): " +
             log::oneLine(p.action->title) + "\n";
      for (const auto& s : p.action->steps)
        out += "    " + log::oneLine(s.id) + "  " + action::stepKindName(s.body) +
               (action::reversible(s) ? "" : "  IRREVERSIBLE") + "\n";
    }
    std::string vulns;
    for (const auto& v : p.vulnerabilities) vulns += (vulns.empty() ? "" : ", ") + log::oneLine(v);
    out += "  remediates " + vulns + "\n";
    out += "  " + log::oneLine(p.reason) + "\n\n";
  }
  if (!plan.unremediated.empty()) {
    out += "affected without an action:\n";
    for (const auto& u : plan.unremediated) out += "  " + log::oneLine(u) + "\n";
  }
  return out;
}

}  // namespace psirt::plan
