// Reading psirt-action/1 manifests (manifest.h): the document, its
// preconditions and its step list; the step types are in manifest_steps.cc.
#include "agent/action/manifest.h"

#include <algorithm>

#include "agent/action/manifest_reader.h"
#include "agent/action/manifest_rules.h"
#include "agent/identity/cpe.h"
#include "agent/identity/purl.h"
#include "agent/json/json.h"
#include "agent/versions/vers.h"

namespace psirt::action {
namespace {

// A CSAF /document/tracking/id or product_id: one line, at most 256 bytes.
std::string csafId(std::string_view s) {
  if (s.size() > 256) return "is longer than 256 bytes";
  return rules::text(s);
}

Result<Preconditions> readPreconditions(const ManifestReader& r, const json::View& root) {
  auto found = root.find("preconditions");
  if (!found) return r.fault(root, "missing member 'preconditions'");
  const json::View& v = *found;
  PSIRT_TRY(r.members(v, {"identity", "vers", "architectures", "min_free_bytes", "free_space_path"}));
  Preconditions p;
  PSIRT_ASSIGN_OR_RETURN(identity, r.string(v, "identity", nullptr));
  std::string purl_type;  // the scheme a vers range must use, for a purl
  if (identity.rfind("pkg:", 0) == 0) {
    auto purl = identity::parsePurl(identity);
    if (!purl) return r.fault(*v.find("identity"), "not a valid purl: " + purl.error().describe());
    purl_type = purl->type;
  } else if (identity.rfind("cpe:", 0) == 0) {
    if (auto cpe = identity::parseCpe(identity); !cpe) {
      return r.fault(*v.find("identity"), "not a valid CPE: " + cpe.error().describe());
    }
  } else {
    return r.fault(*v.find("identity"), "is neither a purl (\"pkg:...\") nor a CPE (\"cpe:...\")");
  }
  p.identity = std::move(identity);
  PSIRT_ASSIGN_OR_RETURN(vers, r.string(v, "vers", nullptr));
  // A scheme this agent evaluates gets the full canonical check (sorted,
  // non-redundant constraints: what evaluation will need); any other type the
  // syntax of the vers specification.
  auto syntax = versions::parseVersSyntax(vers);
  if (!syntax) return r.fault(*v.find("vers"), "not a valid vers range: " + syntax.error().describe());
  if (auto range = versions::parseRange(vers);
      !range && range.error().category != ErrorCategory::kUnsupported) {
    return r.fault(*v.find("vers"), "not a valid vers range: " + range.error().describe());
  }
  if (!purl_type.empty() && syntax->type != purl_type) {
    return r.fault(*v.find("vers"),
                   "vers type '" + syntax->type + "' is not the purl type '" + purl_type + "'");
  }
  p.vers = std::move(vers);
  PSIRT_ASSIGN_OR_RETURN(
      arch, r.optionalStrings(v, "architectures", rules::architecture, kMaxListItems, false, true));
  p.architectures = arch.value_or(std::vector<std::string>{});
  PSIRT_ASSIGN_OR_RETURN(free, r.optionalInteger(v, "min_free_bytes", 0, json::kMaxSafeInteger));
  p.min_free_bytes = static_cast<std::uint64_t>(free.value_or(0));
  PSIRT_ASSIGN_OR_RETURN(free_path, r.optionalString(v, "free_space_path", [](std::string_view s) {
    return rules::path(s, true);
  }));
  if (free_path) p.free_space_path = std::move(*free_path);
  return p;
}

Result<std::vector<Step>> readSteps(const ManifestReader& r, const json::View& root) {
  PSIRT_ASSIGN_OR_RETURN(steps, [&]() -> Result<json::View> {
    auto s = root.find("steps");
    if (!s) return r.fault(root, "missing member 'steps'");
    if (!s->isArray()) return r.wrongType(*s, "array");
    return *s;
  }());
  if (steps.empty()) return r.fault(steps, "is empty (an action has at least one step)");
  if (steps.size() > kMaxSteps) {
    return r.fault(steps.pointer(), "has more than " + std::to_string(kMaxSteps) + " steps",
                   ErrorCategory::kLimit);
  }
  std::vector<Step> out;
  for (const json::View& v : steps.elements()) {
    PSIRT_ASSIGN_OR_RETURN(step, readStep(r, v));
    if (std::any_of(out.begin(), out.end(), [&](const Step& s) { return s.id == step.id; })) {
      return r.fault(*v.find("id"), "step id '" + step.id + "' is not unique in the action");
    }
    out.push_back(std::move(step));
  }
  return out;
}

}  // namespace

Result<Action> parseActionManifest(std::string_view bytes, std::string_view name) {
  const ManifestReader r(name);
  if (bytes.size() > kMaxManifestBytes) {
    return r.fault("",
                   "document of " + std::to_string(bytes.size()) + " bytes exceeds the limit of " +
                       std::to_string(kMaxManifestBytes),
                   ErrorCategory::kLimit);
  }
  json::ParseOptions options;
  options.strictness = json::Strictness::kSignedMetadata;  // integers only: no float has a meaning here
  options.max_bytes = kMaxManifestBytes;
  options.max_depth = 8;
  options.max_string_bytes = kMaxStringBytes;
  auto doc = json::Document::parse(bytes, options);
  if (!doc) return r.locate(doc.error());
  const json::View root = doc->root();
  PSIRT_TRY(r.members(
      root, {"format", "id", "title", "category", "advisories", "product_ids", "preconditions", "steps"}));
  PSIRT_ASSIGN_OR_RETURN(format, r.string(root, "format", nullptr));
  if (format != kActionFormat) {
    return r.fault(*root.find("format"), "format " + quoted(format) + " is not " + kActionFormat);
  }
  Action a;
  PSIRT_ASSIGN_OR_RETURN(id, r.string(root, "id", rules::id));
  a.id = std::move(id);
  PSIRT_ASSIGN_OR_RETURN(title, r.string(root, "title", rules::text));
  a.title = std::move(title);
  PSIRT_ASSIGN_OR_RETURN(category, r.choice(root, "category", {"workaround", "mitigation", "vendor_fix"}));
  a.category = static_cast<Category>(category);
  PSIRT_ASSIGN_OR_RETURN(advisories, r.strings(root, "advisories", csafId, kMaxListItems, false));
  a.advisories = std::move(advisories);
  PSIRT_ASSIGN_OR_RETURN(products, r.strings(root, "product_ids", csafId, kMaxListItems, false));
  a.product_ids = std::move(products);
  PSIRT_ASSIGN_OR_RETURN(pre, readPreconditions(r, root));
  a.preconditions = std::move(pre);
  PSIRT_ASSIGN_OR_RETURN(steps, readSteps(r, root));
  a.steps = std::move(steps);
  return a;
}

}  // namespace psirt::action
