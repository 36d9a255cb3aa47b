// psirt-publish add | remove: stage targets (advisories, artifacts, actions)
// and, with --sign, sign and publish in the same command.
//   add --repo DIR [--sign --keys KEYDIR --passphrase-fd N] [--max-document-bytes N]
//       [--artifact F]... [--action F]... [CSAF|DIR]...
//   remove --repo DIR [--sign ...] NAME...
// Every CSAF document is validated as `validate` does (schema, mandatory
// tests, no draft, TLP WHITE/CLEAR only) and named advisories/<CSAF file
// name>. All inputs are checked before anything is written.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>

#include "agent/csaf/reader.h"
#include "agent/tuf/metadata.h"
#include "host/publisher/cli_common.h"
#include "host/publisher/csaf_limits.h"
#include "host/publisher/publish_rules.h"
#include "host/publisher/workspace/signed_body.h"

namespace psirt::publish {
namespace {

const char kAddHelp[] =
    "usage: psirt-publish add --repo DIR [--sign --keys KEYDIR --passphrase-fd N [--key NAME]...]\n"
    "                         [--max-document-bytes N] [--artifact FILE]... [--action FILE]...\n"
    "                         [CSAF-FILE|CSAF-DIR]...\n\n"
    "Stages targets: each CSAF document (a directory: every *.json in it) is validated\n"
    "and named advisories/<CSAF file name>; --artifact and --action files are named\n"
    "artifacts/<base name> and actions/<base name>. New versions of the delegated\n"
    "role(s), snapshot and timestamp are staged. With --sign, KEYDIR's keys sign and\n"
    "the change is published to DIR/public when every threshold is met.\n"
    "  --key NAME   sign only with these keys of KEYDIR (default: every key needed)\n"
    "  --max-document-bytes N  refuse a CSAF document larger than N bytes\n"
    "               (default 67108864 = 64 MiB; artifacts and actions are not capped by it)\n\n"
    "exit status: 0 success, 1 failure (nothing written), 2 usage\n";

const char kRemoveHelp[] =
    "usage: psirt-publish remove --repo DIR [--sign --keys KEYDIR --passphrase-fd N] NAME...\n\n"
    "Stages the removal of targets by name (e.g. advisories/x.json).\n\n"
    "exit status: 0 success, 1 failure (nothing written), 2 usage\n";

constexpr std::uint64_t kMaxTargetBytes = std::uint64_t{1} << 30;  // 1 GiB, as the workspace copies

const std::vector<cli::OptionSpec> kSpecs = {{"repo"}, {"keys"}, {"passphrase-fd"}, {"sign", false}, {"key", true, true},
                                             {"artifact", true, true}, {"action", true, true},
                                             {"max-document-bytes"}};

struct Input {
  std::string name;  // target name
  std::string file;
};

bool safeBase(const std::string& b) {
  if (b.empty() || b[0] == '.' || b.size() > 200) return false;
  return std::all_of(b.begin(), b.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-' || c == '+';
  });
}

Result<Input> csafInput(const std::string& file, const csaf::Limits& limits) {
  auto read = fs::readFile(file, limits.max_document_bytes);
  if (!read && read.error().category == ErrorCategory::kLimit) {
    return makeError(ErrorCategory::kLimit,
                     "CSAF document larger than " + std::to_string(limits.max_document_bytes) +
                         " bytes (--max-document-bytes)", file);
  }
  if (!read) return read.error();
  csaf::Validation v = csaf::validateDocument(*read, limits);
  if (v.document) publishRules(*v.document, v.findings);
  if (!v.findings.empty()) {
    std::string more = v.findings.size() > 1 ? " (+" + std::to_string(v.findings.size() - 1) + " more)" : "";
    return makeError(ErrorCategory::kParse, v.findings[0].describe() + more, file);
  }
  return Input{"advisories/" + csafFileName(v.document->document.tracking.id), file};
}

Result<std::vector<Input>> collectInputs(const cli::ParsedArgs& a, const csaf::Limits& limits) {
  std::vector<Input> out;
  for (const std::string& p : a.positionals()) {
    auto listing = fs::listDirectory(p);
    if (!listing) {
      PSIRT_ASSIGN_OR_RETURN(in, csafInput(p, limits));
      out.push_back(in);
      continue;
    }
    for (const auto& e : *listing) {
      if (!e.is_regular || e.name.size() < 6 || e.name.substr(e.name.size() - 5) != ".json") continue;
      PSIRT_ASSIGN_OR_RETURN(in, csafInput(fs::joinPath(p, e.name), limits));
      out.push_back(in);
    }
  }
  for (const char* kind : {"artifact", "action"}) {
    for (const std::string& f : a.getAll(kind)) {
      const std::string base = f.substr(f.rfind('/') == std::string::npos ? 0 : f.rfind('/') + 1);
      if (!safeBase(base)) return makeError(ErrorCategory::kUsage, "file name not usable as a target name", f);
      out.push_back({std::string(kind) + "s/" + base, f});
    }
  }
  std::set<std::string> seen;
  for (const Input& in : out) {
    if (!seen.insert(in.name).second) return makeError(ErrorCategory::kUsage, "two inputs give target " + in.name, in.file);
  }
  if (out.empty()) return makeError(ErrorCategory::kUsage, "nothing to add (no CSAF file, --artifact or --action)");
  return out;
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
  csaf::Limits limits = publisherLimits();
  if (auto cap = a->get("max-document-bytes")) {
    const auto n = parseMaxDocumentBytes(*cap);
    if (!n) return usageFail("add", "--max-document-bytes needs a positive integer of at most 2^40");
    limits = publisherLimits(*n);
  }
  auto inputs = collectInputs(*a, limits);
  if (!inputs) return fail("add", inputs.error());
  auto ws = Workspace::open(*dir, wallNow());
  if (!ws) return fail("add", ws.error());
  auto st = ws->edit([&](repo::Repository& view) -> Status {
    for (const Input& in : *inputs) {
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
      std::printf("%s -> %s (role %s)\n", in.file.c_str(), in.name.c_str(), role.c_str());
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
