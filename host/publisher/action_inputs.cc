// Validation of --action manifests for psirt-publish add (action_inputs.h).
#include "host/publisher/action_inputs.h"

#include "agent/action/manifest.h"
#include "host/publisher/workspace/signed_body.h"
#include "platform/fs/fs.h"

namespace psirt::publish {

Result<CheckedAction> checkActionFile(const std::string& given, ScratchDir& scratch) {
  auto bytes = fs::readFile(given, action::kMaxManifestBytes);
  if (!bytes) return bytes.error().within(given);
  auto parsed = action::parseActionManifest(*bytes, given);
  if (!parsed) return parsed.error();
  const std::string base = given.substr(given.rfind('/') == std::string::npos ? 0 : given.rfind('/') + 1);
  // "actions." cannot begin a CSAF file name (csafFileName keeps '.' for ".json" only).
  PSIRT_ASSIGN_OR_RETURN(copy, scratch.write("actions." + base, *bytes));
  return CheckedAction{given, copy, parsed->artifacts()};
}

std::vector<Error> missingArtifacts(const std::vector<CheckedAction>& actions,
                                    const std::set<std::string>& staged, const repo::Repository& view) {
  std::set<std::string> present = staged;
  for (const std::string& role : view.roleNames()) {
    auto body = signedBody(&view, role);
    if (!body) return {body.error().within("signed body of role " + role)};
    if (auto targets = body->root().find("targets")) {
      for (const auto& m : targets->members()) present.insert(std::string(m.key));
    }
  }
  std::vector<Error> problems;
  for (const CheckedAction& a : actions) {
    for (const std::string& artifact : a.artifacts) {
      if (present.count(artifact) == 0) {
        problems.push_back(makeError(
            ErrorCategory::kUsage,
            "artifact " + artifact + " is neither added with --artifact nor in the workspace", a.given));
      }
    }
  }
  return problems;
}

}  // namespace psirt::publish
