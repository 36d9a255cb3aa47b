// psirt-publish show | sign | merge | discard: the staged change, what would
// be signed, and threshold signing by people on different machines.
//   show    --repo DIR [--keys KEYDIR]
//   sign    --repo DIR --keys KEYDIR --passphrase-fd N [--key NAME]... [--out SIGFILE]
//   merge   --repo DIR SIGFILE...
//   discard --repo DIR
// A detached signature (sign --out) names role, version and the SHA-256 of
// the canonical bytes it covers; merge refuses one made over other bytes.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>

#include "host/publisher/cli_common.h"
#include "host/publisher/workspace/signed_body.h"
#include "platform/fs/output.h"
#include "platform/log/log.h"

namespace psirt::publish {
namespace {

const char kShowHelp[] =
    "usage: psirt-publish show --repo DIR [--keys KEYDIR]\n\n"
    "Prints the staged change: per role the version (published -> staged), expiry,\n"
    "SHA-256 of the bytes to sign, key and threshold changes, targets added and\n"
    "removed, and the signatures present and missing (key names from KEYDIR).\n\n"
    "exit status: 0 success, 1 failure, 2 usage\n";
const char kSignHelp[] =
    "usage: psirt-publish sign --repo DIR --keys KEYDIR --passphrase-fd N [--key NAME]... [--out SIGFILE]\n\n"
    "Signs every staged role the keys are authorised for. Without --out the\n"
    "signatures are added to the workspace and the change is published when every\n"
    "threshold is met. With --out they are written to SIGFILE (for 'merge' on the\n"
    "machine that holds the workspace) and the workspace is not changed.\n"
    "  --key NAME   only these keys (default: every key of KEYDIR that is needed)\n\n"
    "exit status: 0 success, 1 failure, 2 usage\n";
const char kMergeHelp[] =
    "usage: psirt-publish merge --repo DIR SIGFILE...\n\n"
    "Adds detached signatures (from 'sign --out'). All or nothing: a signature\n"
    "over other bytes, by a key not authorised for the role, or that does not\n"
    "verify refuses the merge. Publishes when every threshold is met.\n\n"
    "exit status: 0 success, 1 failure, 2 usage\n";
const char kDiscardHelp[] = "usage: psirt-publish discard --repo DIR\n\nDrops the staged change.\n";

// Keys and threshold one body authorises for a role.
struct Grant {
  std::vector<std::string> keyids;
  std::int64_t threshold = 0;
};

Result<Grant> readGrant(const json::View& entry) {
  Grant g;
  PSIRT_ASSIGN_OR_RETURN(keyids, entry.getStringList("keyids"));
  PSIRT_ASSIGN_OR_RETURN(threshold, entry.getInteger("threshold"));
  return Grant{std::move(keyids), threshold};
}

// ROLE -> grant, of a body's root "roles" or "delegations".
Result<std::map<std::string, Grant>> authorisations(const json::View& body) {
  std::map<std::string, Grant> out;
  PSIRT_ASSIGN_OR_RETURN(roles, body.findTyped("roles", json::Type::kObject));
  if (roles) {
    for (const auto& [name, e] : roles->members()) {
      PSIRT_ASSIGN_OR_RETURN(g, readGrant(e));
      out[std::string(name)] = std::move(g);
    }
  }
  PSIRT_ASSIGN_OR_RETURN(dl, body.findTyped("delegations", json::Type::kObject));
  if (dl) {
    PSIRT_ASSIGN_OR_RETURN(entries, dl->getArray("roles"));
    for (const json::View& e : entries.elements()) {
      PSIRT_ASSIGN_OR_RETURN(name, e.getString("name"));
      PSIRT_ASSIGN_OR_RETURN(g, readGrant(e));
      out[std::string(name)] = std::move(g);
    }
  }
  return out;
}

std::string label(const std::map<std::string, std::string>& names, const std::string& keyid) {
  auto it = names.find(keyid);
  return keyid.substr(0, 8) + (it == names.end() ? "" : " (" + it->second + ")");
}

bool contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Key and threshold changes between two bodies of a role.
Status showGrants(const json::View& now, const json::View& before, const std::map<std::string, std::string>& names) {
  PSIRT_ASSIGN_OR_RETURN(a_now, authorisations(now));
  PSIRT_ASSIGN_OR_RETURN(a_before, authorisations(before));
  for (const auto& [name, e] : a_now) {
    const Grant old = a_before.count(name) ? a_before[name] : Grant{};
    if (old.threshold != e.threshold) {
      std::printf("  threshold %s: %lld -> %lld\n", name.c_str(), static_cast<long long>(old.threshold),
                  static_cast<long long>(e.threshold));
    }
    for (const std::string& id : e.keyids) {
      if (!contains(old.keyids, id)) std::printf("  key + %s for %s\n", label(names, id).c_str(), name.c_str());
    }
    for (const std::string& id : old.keyids) {
      if (!contains(e.keyids, id)) std::printf("  key - %s for %s\n", label(names, id).c_str(), name.c_str());
    }
  }
  return okStatus();
}

// Targets added, changed and removed between two bodies of a role.
void showTargets(const json::View& now, const json::View& before) {
  const auto t_now = now.find("targets");
  const auto t_before = before.find("targets");
  for (const auto& [path, info] : t_now ? t_now->members() : std::vector<json::View::Member>()) {
    const auto old = t_before ? t_before->find(path) : std::nullopt;
    if (old && old->equals(info)) continue;
    std::printf("  target %c %s (%lld bytes)\n", old ? '~' : '+', std::string(path).c_str(),
                static_cast<long long>(info.getInteger("length").value_or(0)));
  }
  for (const auto& [path, info] : t_before ? t_before->members() : std::vector<json::View::Member>()) {
    if (!t_now || !t_now->has(path)) std::printf("  target - %s\n", std::string(path).c_str());
  }
}

Status showRole(const RoleStatus& r, const repo::Repository& view, const repo::Repository* pub,
                const std::map<std::string, std::string>& names) {
  PSIRT_ASSIGN_OR_RETURN(now, signedBody(&view, r.role));
  PSIRT_ASSIGN_OR_RETURN(before, signedBody(pub, r.role));
  std::printf("role %s: v%lld -> v%lld, expires %s\n", r.role.c_str(), static_cast<long long>(r.published_version),
              static_cast<long long>(r.version), std::string(now.root().getString("expires").value_or({})).c_str());
  std::printf("  signs sha256 %s\n", r.signed_sha256.c_str());
  PSIRT_TRY(showGrants(now.root(), before.root(), names));
  showTargets(now.root(), before.root());
  for (const Authority& a : r.authorities) {
    std::printf("  signatures %zu/%lld from %s%s\n", a.signed_keyids.size(), static_cast<long long>(a.threshold),
                a.label.c_str(), a.met() ? "" : " (missing)");
    for (const std::string& id : a.keyids) {
      const bool s = std::count(a.signed_keyids.begin(), a.signed_keyids.end(), id) > 0;
      std::printf("    %s %s\n", s ? "signed " : "pending", label(names, id).c_str());
    }
  }
  return okStatus();
}

}  // namespace

int runShow(std::span<const std::string> args) {
  int exit = 0;
  auto a = parseCommand("show", args, {{"repo"}, {"keys"}}, kShowHelp, &exit);
  if (!a) return exit;
  auto dir = a->get("repo");
  if (!dir) return usageFail("show", "--repo DIR is required");
  auto ws = Workspace::open(*dir, wallNow());
  if (!ws) return fail("show", ws.error());
  std::map<std::string, std::string> names;
  if (auto keys_dir = a->get("keys")) {
    auto keys = KeyStore(*keys_dir).list();
    if (!keys) return fail("show", keys.error());
    for (const auto& k : *keys) names[k.key.keyid] = k.name;
  }
  auto statuses = ws->status();
  if (!statuses) return fail("show", statuses.error());
  if (statuses->empty() || (ws->published() && ws->stagedRoles().empty())) {
    std::printf("nothing staged\n");
    return kExitOk;
  }
  for (const auto& r : *statuses) {
    if (auto st = showRole(r, ws->view(), ws->published(), names); !st) return fail("show", st.error());
  }
  return kExitOk;
}

int runSign(std::span<const std::string> args) {
  int exit = 0;
  auto a = parseCommand("sign", args, {{"repo"}, {"keys"}, {"passphrase-fd"}, {"key", true, true}, {"out"}}, kSignHelp,
                        &exit);
  if (!a) return exit;
  auto dir = a->get("repo");
  auto keys_dir = a->get("keys");
  if (!dir || !keys_dir) return usageFail("sign", "--repo DIR and --keys KEYDIR are required");
  const std::string protect[] = {*dir, *keys_dir};
  if (auto out = a->get("out")) {
    if (Status st = fs::checkOutputPath(*out, protect); !st) return usageFail("sign", "--out: " + st.error().describe());
  }
  auto ws = Workspace::open(*dir, wallNow());
  if (!ws) return fail("sign", ws.error());
  if (ws->stagedRoles().empty()) return fail("sign", makeError(ErrorCategory::kUsage, "nothing is staged", *dir));
  auto pass = passphraseFrom(*a);
  if (!pass) return fail("sign", pass.error());
  auto keys = unlockNeeded(*ws, KeyStore(*keys_dir), a->getAll("key"), *pass);
  if (!keys) return fail("sign", keys.error());
  auto made = ws->sign(*keys);
  if (!made) return fail("sign", made.error());
  if (auto out = a->get("out")) {
    auto text = encodeSignatureFile(*made);
    if (!text) return fail("sign", text.error());
    if (auto st = fs::writeOutputFile(*out, *text, 0644, protect); !st) return fail("sign", st.error());
    if (*out != fs::kStandardOutput) {
      std::printf("%zu signature(s) written to %s\n", made->size(), log::oneLine(*out).c_str());
    }
    return kExitOk;
  }
  return commitAndReport("sign", *ws);
}

int runMerge(std::span<const std::string> args) {
  int exit = 0;
  auto a = parseCommand("merge", args, {{"repo"}}, kMergeHelp, &exit);
  if (!a) return exit;
  auto dir = a->get("repo");
  if (!dir || a->positionals().empty()) return usageFail("merge", "--repo DIR and at least one SIGFILE are required");
  std::vector<DetachedSignature> all;
  for (const std::string& f : a->positionals()) {
    auto bytes = fs::readFile(f, 4u << 20);
    if (!bytes) return fail("merge", bytes.error());
    auto sigs = decodeSignatureFile(*bytes, f);
    if (!sigs) return fail("merge", sigs.error());
    all.insert(all.end(), sigs->begin(), sigs->end());
  }
  auto ws = Workspace::open(*dir, wallNow());
  if (!ws) return fail("merge", ws.error());
  if (auto st = ws->merge(all); !st) return fail("merge", st.error());
  return commitAndReport("merge", *ws);
}

int runDiscard(std::span<const std::string> args) {
  int exit = 0;
  auto a = parseCommand("discard", args, {{"repo"}}, kDiscardHelp, &exit);
  if (!a) return exit;
  auto dir = a->get("repo");
  if (!dir) return usageFail("discard", "--repo DIR is required");
  auto ws = Workspace::open(*dir, wallNow());
  if (!ws) return fail("discard", ws.error());
  if (auto st = ws->discard(); !st) return fail("discard", st.error());
  std::printf("staged change discarded\n");
  return kExitOk;
}

}  // namespace psirt::publish
