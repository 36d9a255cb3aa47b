// What the decision engine answers (docs/formats/evaluation.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "agent/evaluate/scoring.h"

namespace psirt::evaluate {

// Ordered worst first: a smaller value is worse (R6: the worst instance wins).
enum class Status { kAffected, kUnderInvestigation, kUnknown, kFixed, kNotAffected, kNotInstalled };
// kUndecidable: the basis of every `unknown` (its reason says why).
enum class Basis { kExact, kRange, kInferred, kVex, kNoMatch, kUndecidable };

// The rules of docs/formats/evaluation.md that decide a verdict, numbered as
// there (the report carries the number).
enum Rule : int {
  kRuleNone = 0,
  kRuleIdentity = 1,        // R1 identity first: the product has no identification
  kRuleExactThenRange = 2,  // R2 exact, then range (disagreement: a document error)
  kRuleInference = 3,       // R3 inference within the train
  kRuleRelationships = 4,   // R4 relationships decide (platform-scoped statements)
  kRuleUncertainty = 5,     // R5 uncertainty is visible (unknown, never a guess)
};

std::string_view toString(Status s);
std::string_view toString(Basis b);

// The CSAF entry that decided a verdict.
struct Anchor {
  std::string product_id;   // CSAF product id
  std::string list;         // product_status list: fixed, known_affected, ...
  std::string version;      // exact version or the range text
};

// The verdict for one installed instance (R6), with its basis and anchor (R7).
struct InstanceVerdict {
  std::string item;               // inventory item label, e.g. "openssl 3.0.11-1 (amd64)"
  std::string installed_version;  // the version that was compared
  Status status = Status::kUnknown;
  Basis basis = Basis::kNoMatch;
  Anchor anchor;
  Rule rule = kRuleNone;          // the rule of evaluation.md that decided
  std::string reason;             // for unknown: why it could not be decided
};

// One vulnerability x one matched product (a family of CSAF product ids that
// name the same software), with every instance and the worst status.
// What remediation did about a verdict (docs/formats/report.md
// `remediation_state`). The engine leaves the default; the agent fills it
// from the signed actions and the remediation journal (agent/plan).
struct RemediationStatus {
  std::string state = "not_planned";  // not_planned, planned, applied, mitigated, failed, reverted
  std::string action;                 // action id, when an action names this verdict
  std::string action_target;          // "actions/..."
  std::string transaction;            // the journal's newest transaction of that action, if any
  std::string before;                 // with a transaction: the status before it ("affected": apply
                                      // only runs actions for affected verdicts); the verdict's own
                                      // status is the one after it
};

struct Verdict {
  std::string vulnerability;      // CVE, else the first ids[] text
  std::string product;            // identity of the product family (purl without version, CPE, vendor/product)
  std::vector<std::string> product_ids;
  Status status = Status::kNotInstalled;
  Basis basis = Basis::kNoMatch;
  Anchor anchor;
  Rule rule = kRuleNone;
  std::vector<InstanceVerdict> instances;
  ScoreSet scores;
  std::vector<RemediationRef> remediations;
  RemediationStatus remediation;
};

}  // namespace psirt::evaluate
