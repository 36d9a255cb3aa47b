// The exposure decision for one CSAF document against the inventory
// (docs/design.md#the-decision; rules numbered in docs/formats/evaluation.md).
//
// Pure: no I/O. One verdict per vulnerability x product family, each with its
// instances, basis, anchor and deciding rule. Document problems that do not
// stop evaluation (an undefined product id, contradicting lists) are returned
// as `document_errors`; the affected verdicts are `unknown`.
#pragma once

#include <string>
#include <vector>

#include "agent/csaf/advisory.h"
#include "agent/csaf/model.h"
#include "agent/evaluate/inventory_index.h"
#include "agent/evaluate/inventory_view.h"
#include "agent/evaluate/verdict.h"
#include "platform/error/result.h"

namespace psirt::evaluate {

struct Evaluation {
  std::vector<Verdict> verdicts;
  std::vector<std::string> document_errors;
};

struct EvaluateOptions {
  // The site's environmental CVSS metrics ("CR:H/IR:H/AR:L/MAV:A"), from the
  // agent configuration; empty: no site score (docs/design.md#severity).
  std::string site_metrics;
};

// Fails (kUnsupported) for documents whose tracking status is not final or
// interim: drafts are never evaluated; kUsage for malformed site metrics.
// Callers evaluating many documents against one inventory build the
// InventoryIndex once and pass it; the InventoryView form builds one per call.
// Both give the same verdicts.
// The decision proper, on the compact model (csaf/advisory.h) the device
// reads by streaming. A document defining a product id twice is refused
// (kParse): which definition is meant cannot be known.
Result<Evaluation> evaluateAdvisory(const csaf::Advisory& doc, const InventoryIndex& inventory,
                                    const EvaluateOptions& options = {});
// The same from the full model (tests, publisher tools): converted first.
Result<Evaluation> evaluateDocument(const csaf::Document& doc, const InventoryIndex& inventory,
                                    const EvaluateOptions& options = {});
Result<Evaluation> evaluateDocument(const csaf::Document& doc, const InventoryView& inventory,
                                    const EvaluateOptions& options = {});

}  // namespace psirt::evaluate
