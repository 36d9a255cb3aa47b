// psirt-publish add | remove: stage targets (advisories, artifacts, actions)
// and, with --sign, sign and publish in the same command.
//   add --repo DIR [--sign --keys KEYDIR --passphrase-fd N] [--max-document-bytes N]
//       [--tlp CLEAR|WHITE] [--artifact F]... [--action F]... [CSAF|DIR]...
//   remove --repo DIR [--sign ...] NAME...
// Every CSAF document is validated as `validate` does (schema, mandatory
// tests, no draft, TLP WHITE/CLEAR only; csaf_inputs.h) and named
// advisories/<CSAF file name>; every action manifest is validated as the
// agent reads it, and each artifact it names must be added too or be in the
// workspace already (action_inputs.h). All-or-nothing: every input is checked, every
// problem of every input is reported (one line each, then a count), and
// nothing is written when any input is refused: a half-published batch of
// advisories is worse than none, and one run shows everything to fix.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>

#include "agent/csaf/reader.h"
#include "host/publisher/action_inputs.h"
#include "agent/tuf/metadata.h"
#include "host/publisher/cli_common.h"
#include "host/publisher/csaf_inputs.h"
#include "host/publisher/csaf_limits.h"
#include "host/publisher/publish_rules.h"
#include "host/publisher/workspace/signed_body.h"
#include "host/publisher/scratch_dir.h"
#include "platform/log/log.h"

namespace psirt::publish {
namespace {

const char kAddHelp[] =
    "usage: psirt-publish add --repo DIR [--sign --keys KEYDIR --passphrase-fd N [--key NAME]...]\n"
    "                         [--max-document-bytes N] [--tlp CLEAR|WHITE] [--artifact FILE]... [--action FILE]...\n"
    "                         [CSAF-FILE|CSAF-DIR]...\n\n"
    "Stages targets: each CSAF document (a directory: every *.json directly in it) is\n"
    "validated as `psirt-publish validate` does and named advisories/<CSAF file name>;\n"
    "--artifact and --action files are named artifacts/<base name> and actions/<base name>;\n"
    "each --action manifest must be valid psirt-action/1 (docs/formats/action.md) and every\n"
    "artifact it names must be added with --artifact in the same command or be a target already.\n"
    "New versions of the delegated role(s), snapshot and timestamp are staged. With --sign,\n"
    "KEYDIR's keys sign and the change is published to DIR/public when every threshold is met.\n"
    "All or nothing: every finding of every document is printed (\"FILE: POINTER [TEST]\n"
    "MESSAGE\", one line each, then a count when there is more than one), and if any input\n"
    "is refused nothing is staged or written.\n"
    "  --key NAME   sign only with these keys of KEYDIR (default: every key needed)\n"
    "  --max-document-bytes N  refuse a CSAF document larger than N bytes\n"
    "               (default 67108864 = 64 MiB; artifacts and actions are not capped by it)\n"
    "  --tlp CLEAR|WHITE  label each document that has no TLP: /document/distribution/tlp/label\n"
    "               = WHITE is added to the published copy (the source file is not changed);\n"
    "               a document that carries a TLP keeps it (and AMBER, GREEN, RED are still\n"
    "               refused). --tlp CLEAR (TLP 2.0's name for WHITE) writes WHITE, the only\n"
    "               public label CSAF 2.0 knows.\n\n"
    "exit status: 0 success, 1 failure (nothing written), 2 usage\n";

const char kRemoveHelp[] =
    "usage: psirt-publish remove --repo DIR [--sign --keys KEYDIR --passphrase-fd N] NAME...\n\n"
    "Stages the removal of targets by name (e.g. advisories/x.json).\n\n"
    "exit status: 0 success, 1 failure (nothing written), 2 usage\n";

constexpr std::uint64_t kMaxTargetBytes = std::uint64_t{1} << 30;  // 1 GiB, as the workspace copies

const std::vector<cli::OptionSpec> kSpecs = {{"repo"}, {"keys"}, {"passphrase-fd"}, {"sign", false}, {"key", true, true},
                                             {"artifact", true, true}, {"action", true, true},
                                             {"max-document-bytes"}, {"tlp"}};

struct Input {
  std::string name;  // target name
  std::string file;  // where the bytes to publish are (a scratch copy when labelled)
  std::string given;  // the path as given (messages)
  bool labelled = false;  // --tlp added the TLP label
};

bool safeBase(const std::string& b) {
  if (b.empty() || b[0] == '.' || b.size() > 200) return false;
  return std::all_of(b.begin(), b.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-' || c == '+';
  });
}

// Every input, or every problem of every input (one Error each, in input
// order; a document contributes one per finding).
struct Collected {
  std::vector<Input> inputs;
  std::vector<CheckedAction> actions;  // the --action inputs, validated
  std::vector<Error> problems;
  std::size_t documents = 0, refused = 0;
};

Collected collectInputs(const cli::ParsedArgs& a, const CheckOptions& check, ScratchDir& scratch) {
  Collected c;
  for (const std::string& file : expandCsafPaths(a.positionals())) {
    ++c.documents;
    CheckedDocument d = checkDocument(file, check);
    for (const csaf::Finding& f : d.findings) c.problems.push_back(makeError(ErrorCategory::kParse, f.describe(), file));
    if (!d.findings.empty()) {
      ++c.refused;
      continue;
    }
    const std::string name = csafFileName(d.tracking_id);
    Input in{"advisories/" + name, file, file};
    if (d.labelled) {
      auto copy = scratch.write(name, *d.labelled);
      if (!copy) {
        c.problems.push_back(copy.error().within(file));
        continue;
      }
      in.file = *copy;
      in.labelled = true;
    }
    c.inputs.push_back(in);
  }
  for (const char* kind : {"artifact", "action"}) {
    for (const std::string& f : a.getAll(kind)) {
      const std::string base = f.substr(f.rfind('/') == std::string::npos ? 0 : f.rfind('/') + 1);
      if (!safeBase(base)) {
        c.problems.push_back(makeError(ErrorCategory::kUsage, "file name not usable as a target name", f));
        continue;
      }
      Input in{std::string(kind) + "s/" + base, f, f};
      if (std::string_view(kind) == "action") {
        auto checked = checkActionFile(f, scratch);
        if (!checked) {
          c.problems.push_back(checked.error());
          continue;
        }
        in.file = checked->file;
        c.actions.push_back(std::move(*checked));
      }
      c.inputs.push_back(in);
    }
  }
  std::set<std::string> seen;
  for (const Input& in : c.inputs) {
    if (!seen.insert(in.name).second) {
      c.problems.push_back(makeError(ErrorCategory::kUsage, "two inputs give target " + in.name, in.given));
    }
  }
  if (c.inputs.empty() && c.problems.empty()) {
    c.problems.push_back(makeError(ErrorCategory::kUsage, "nothing to add (no CSAF file, --artifact or --action)"));
  }
  return c;
}

// Prints every problem, one line each, and a count when there is more than
// one (a single problem stays the usual one error line). Exit status 1.
int refuseAll(const Collected& c) {
  for (const Error& e : c.problems) fail("add", e);
  if (c.problems.size() > 1) {
    log::write("psirt-publish add", std::to_string(c.problems.size()) + " problems, " + std::to_string(c.refused) +
                                        " of " + std::to_string(c.documents) +
                                        " CSAF documents refused; nothing written");
  }
  return kExitFailed;
}

// The role one body delegates `name` to through "paths" patterns (first in
// order), if any.
Result<std::optional<std::string>> delegatedBy(const json::View& body, const std::string& name) {
  PSIRT_ASSIGN_OR_RETURN(dl, body.findTyped("delegations", json::Type::kObject));
  if (!dl) return std::optional<std::string>();
  PSIRT_ASSIGN_OR_RETURN(roles, dl->getArray("roles"));
  for (const json::View& d : roles.elements()) {
    PSIRT_ASSIGN_OR_RETURN(paths, d.findTyped("paths", json::Type::kArray));
    if (!paths) continue;  // path_hash_prefixes
    for (const json::View& p : paths->elements()) {
      PSIRT_ASSIGN_OR_RETURN(pattern, p.string());
      if (!tuf::pathMatchesPattern(pattern, name)) continue;
      PSIRT_ASSIGN_OR_RETURN(role, d.getString("name"));
      return std::optional<std::string>(role);
    }
  }
  return std::optional<std::string>();
}

// The delegated role whose path patterns take `name` (first in search order).
Result<std::string> roleFor(repo::Repository& view, const std::string& name) {
  for (const std::string& role : view.roleNames()) {
    PSIRT_ASSIGN_OR_RETURN(body, signedBody(&view, role));
    auto delegatee = delegatedBy(body.root(), name);
    if (!delegatee) return delegatee.error().within("signed body of role " + role);
    if (*delegatee) return **delegatee;
  }
  return makeError(ErrorCategory::kUsage, "no role is delegated this target name", name);
}

}  // namespace

int runAdd(std::span<const std::string> args) {
  int exit = 0;
  auto a = parseCommand("add", args, kSpecs, kAddHelp, &exit);
  if (!a) return exit;
  auto dir = a->get("repo");
  if (!dir) return usageFail("add", "--repo DIR is required");
  CheckOptions check;
  if (auto cap = a->get("max-document-bytes")) {
    const auto n = parseMaxDocumentBytes(*cap);
    if (!n) return usageFail("add", "--max-document-bytes needs a positive integer of at most 2^40");
    check.limits = publisherLimits(*n);
  }
  if (auto tlp = a->get("tlp")) {
    if (*tlp != "WHITE" && *tlp != "CLEAR") {
      return usageFail("add", "--tlp takes CLEAR or WHITE (the only publishable TLP label of CSAF 2.0)");
    }
    if (*tlp == "CLEAR") {
      log::write("psirt-publish add", "--tlp CLEAR is written as WHITE (CSAF 2.0 knows TLP 1.0 labels only)");
    }
    check.tlp_label = "WHITE";
  }
  ScratchDir scratch;  // labelled copies, removed when add returns
  Collected collected = collectInputs(*a, check, scratch);
  if (!collected.problems.empty()) return refuseAll(collected);
  auto ws = Workspace::open(*dir, wallNow());
  if (!ws) return fail("add", ws.error());
  std::set<std::string> staged;
  for (const Input& in : collected.inputs) staged.insert(in.name);
  collected.problems = missingArtifacts(collected.actions, staged, ws->view());
  if (!collected.problems.empty()) return refuseAll(collected);
  auto st = ws->edit([&](repo::Repository& view) -> Status {
    for (const Input& in : collected.inputs) {
      PSIRT_ASSIGN_OR_RETURN(role, roleFor(view, in.name));
      // Streamed: artifacts (patch packages) need not fit in memory.
      crypto::Hasher h256(crypto::HashAlgorithm::kSha256), h512(crypto::HashAlgorithm::kSha512);
      std::uint64_t length = 0;
      PSIRT_TRY(fs::readChunks(in.file, 1 << 16, kMaxTargetBytes, [&](std::span<const std::uint8_t> chunk) {
        h256.update(chunk);
        h512.update(chunk);
        length += chunk.size();
        return okStatus();
      }));
      const std::string sha256 = crypto::toHex(h256.finish());
      PSIRT_TRY(view.addTargetHashes(role, in.name, length, sha256, crypto::toHex(h512.finish())));
      ws->stageBytes(sha256, in.file);
      std::printf("%s -> %s (role %s%s)\n", log::oneLine(in.given).c_str(), log::oneLine(in.name).c_str(), role.c_str(),
                  in.labelled ? ", TLP label WHITE added" : "");
    }
    return okStatus();
  });
  if (!st) return fail("add", st.error());
  return signAndCommit("add", *ws, *a);
}

int runRemove(std::span<const std::string> args) {
  int exit = 0;
  auto a = parseCommand("remove", args, kSpecs, kRemoveHelp, &exit);
  if (!a) return exit;
  auto dir = a->get("repo");
  if (!dir || a->positionals().empty()) return usageFail("remove", "--repo DIR and at least one NAME are required");
  auto ws = Workspace::open(*dir, wallNow());
  if (!ws) return fail("remove", ws.error());
  auto st = ws->edit([&](repo::Repository& view) -> Status {
    for (const std::string& name : a->positionals()) {
      bool found = false;
      for (const std::string& role : view.roleNames()) {
        PSIRT_ASSIGN_OR_RETURN(body, signedBody(&view, role));
        auto targets = body.root().find("targets");
        if (targets && targets->has(name)) {
          PSIRT_TRY(view.removeTarget(role, name));
          found = true;
        }
      }
      if (!found) return makeError(ErrorCategory::kUsage, "no target with this name", name);
    }
    return okStatus();
  });
  if (!st) return fail("remove", st.error());
  return signAndCommit("remove", *ws, *a);
}

}  // namespace psirt::publish
