// `psirt-publish add --action F`: each manifest is validated as the agent
// reads it (agent/action/manifest.h) before anything is staged, and every
// artifact it names must be published with it or be in the workspace
// already, so a signed action never points at a target devices cannot get.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "agent/repo_builder/repository.h"
#include "host/publisher/scratch_dir.h"
#include "platform/error/result.h"

namespace psirt::publish {

struct CheckedAction {
  std::string given;                   // the path as given (messages)
  std::string file;                    // a private copy of the bytes validated: what is staged
  std::vector<std::string> artifacts;  // "artifacts/..." targets it needs
};

// Reads `given` (at most 1 MiB), validates it and copies the validated bytes
// to `scratch` (so the bytes staged are the bytes checked, even if the file
// changes meanwhile). Errors: one line naming `given` and the JSON pointer.
Result<CheckedAction> checkActionFile(const std::string& given, ScratchDir& scratch);

// One kUsage error per artifact of `actions` that is neither in `staged`
// (target names added by this command) nor a target of any role of `view`;
// each names the action file and the artifact.
std::vector<Error> missingArtifacts(const std::vector<CheckedAction>& actions,
                                    const std::set<std::string>& staged, const repo::Repository& view);

}  // namespace psirt::publish
