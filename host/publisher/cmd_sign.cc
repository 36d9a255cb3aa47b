// psirt-publish show | sign | merge | discard: the staged change, what would
// be signed, and threshold signing by people on different machines.
//   show    --repo DIR [--keys KEYDIR]
//   sign    --repo DIR --keys KEYDIR --passphrase-fd N [--key NAME]... [--out SIGFILE]
//   merge   --repo DIR SIGFILE...
//   discard --repo DIR
// A detached signature (sign --out) names role, version and the SHA-256 of
// the canonical bytes it covers; merge refuses one made over other bytes.
#include <cstdio>
#include <map>

#include "agent/json/json_internal.h"
#include "host/publisher/cli_common.h"

namespace psirt::publish {
namespace {

using nlohmann::json;

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

json bodyOf(const repo::Repository* r, const std::string& role) {
  if (!r) return json::object();
  auto canon = r->signedCanonical(role);
  return canon ? json::parse(*canon, nullptr, false) : json::object();
}

// ROLE -> (keyids, threshold) authorised by a body (root roles or delegations).
std::map<std::string, json> authorisations(const json& body) {
  std::map<std::string, json> out;
  if (body.contains("roles") && body["roles"].is_object()) {
    for (const auto& [name, e] : body["roles"].items()) out[name] = e;
  }
  for (const json& e : body.value("delegations", json::object()).value("roles", json::array())) {
    out[e.value("name", "")] = {{"keyids", e["keyids"]}, {"threshold", e["threshold"]}};
  }
  return out;
}

std::string label(const std::map<std::string, std::string>& names, const std::string& keyid) {
  auto it = names.find(keyid);
  return keyid.substr(0, 8) + (it == names.end() ? "" : " (" + it->second + ")");
}

void showRole(const RoleStatus& r, const repo::Repository& view, const repo::Repository* pub,
              const std::map<std::string, std::string>& names) {
  const json now = bodyOf(&view, r.role);
  const json before = bodyOf(pub, r.role);
  std::printf("role %s: v%lld -> v%lld, expires %s\n", r.role.c_str(), static_cast<long long>(r.published_version),
              static_cast<long long>(r.version), now.value("expires", "").c_str());
  std::printf("  signs sha256 %s\n", r.signed_sha256.c_str());
  auto a_now = authorisations(now);
  auto a_before = authorisations(before);
  for (const auto& [name, e] : a_now) {
    const json old = a_before.count(name) ? a_before[name] : json::object();
    if (old.value("threshold", 0) != e.value("threshold", 0)) {
      std::printf("  threshold %s: %d -> %d\n", name.c_str(), old.value("threshold", 0), e.value("threshold", 0));
    }
    const json old_ids = old.value("keyids", json::array());
    for (const json& id : e["keyids"]) {
      if (std::find(old_ids.begin(), old_ids.end(), id) == old_ids.end())
        std::printf("  key + %s for %s\n", label(names, id.get<std::string>()).c_str(), name.c_str());
    }
    for (const json& id : old_ids) {
      if (std::find(e["keyids"].begin(), e["keyids"].end(), id) == e["keyids"].end())
        std::printf("  key - %s for %s\n", label(names, id.get<std::string>()).c_str(), name.c_str());
    }
  }
  const json t_now = now.value("targets", json::object());
  const json t_before = before.value("targets", json::object());
  for (const auto& [path, info] : t_now.items()) {
    if (!t_before.contains(path)) {
      std::printf("  target + %s (%lld bytes)\n", path.c_str(), info.value("length", 0LL));
    } else if (t_before[path] != info) {
      std::printf("  target ~ %s (%lld bytes)\n", path.c_str(), info.value("length", 0LL));
    }
  }
  for (const auto& [path, info] : t_before.items()) {
    if (!t_now.contains(path)) std::printf("  target - %s\n", path.c_str());
  }
  for (const Authority& a : r.authorities) {
    std::printf("  signatures %zu/%lld from %s%s\n", a.signed_keyids.size(), static_cast<long long>(a.threshold),
                a.label.c_str(), a.met() ? "" : " (missing)");
    for (const std::string& id : a.keyids) {
      const bool s = std::count(a.signed_keyids.begin(), a.signed_keyids.end(), id) > 0;
      std::printf("    %s %s\n", s ? "signed " : "pending", label(names, id).c_str());
    }
  }
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
  for (const auto& r : *statuses) showRole(r, ws->view(), ws->published(), names);
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
    if (auto st = fs::writeFileAtomic(*out, *text, 0644); !st) return fail("sign", st.error());
    std::printf("%zu signature(s) written to %s\n", made->size(), out->c_str());
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
