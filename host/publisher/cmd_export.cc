// psirt-publish export-bundle --repo DIR --keys KEYDIR --passphrase-fd N --out FILE.psb
//                             [--validity DAYS] [--no-artifacts]
// docs/design.md#offline-bundle: signs new timestamp and snapshot versions
// valid for DAYS (the offline validity), publishes them to DIR/public (one
// version line shared with the online repository), then writes the bundle
// (docs/formats/bundle.md) with every root version, timestamp, snapshot,
// targets and delegated roles, and each target under the one name the TUF
// client fetches (the sha256-prefixed copy).
#include <cstdio>
#include <cstdlib>

#include "agent/bundle/writer.h"
#include "host/publisher/cli_common.h"
#include "host/publisher/workspace/signed_body.h"
#include "platform/fs/output.h"
#include "platform/log/log.h"

namespace psirt::publish {
namespace {

const char kHelp[] =
    "usage: psirt-publish export-bundle --repo DIR --keys KEYDIR --passphrase-fd N --out FILE.psb\n"
    "                                   [--validity DAYS] [--no-artifacts]\n\n"
    "Signs a new timestamp and snapshot that expire in DAYS (default 30), publishes\n"
    "them to DIR/public as well, and writes an offline bundle for\n"
    "'psirt-agent update --bundle FILE.psb'. Nothing may be staged.\n"
    "  --no-artifacts   leave artifacts/* out (devices report them as not in the bundle)\n\n"
    "exit status: 0 success, 1 failure, 2 usage\n";

Status writeBundle(const std::string& public_dir, const std::string& out, bool artifacts, clock::Seconds now) {
  std::map<std::string, std::string> meta;
  PSIRT_ASSIGN_OR_RETURN(entries, fs::listDirectory(fs::joinPath(public_dir, "metadata")));
  for (const auto& e : entries) {
    PSIRT_ASSIGN_OR_RETURN(bytes, fs::readFile(fs::joinPath(public_dir, "metadata/" + e.name), 16u << 20));
    meta["metadata/" + e.name] = std::move(bytes);
  }
  PSIRT_ASSIGN_OR_RETURN(repo, repo::Repository::load(meta, now));
  bundle::BundleWriter w;
  for (const auto& [name, bytes] : meta) {
    if (name.size() > 10 && name.compare(name.size() - 10, 10, ".root.json") == 0) PSIRT_TRY(w.addBytes(name, bytes));
  }
  for (const std::string& role : repo.roleNames()) {
    if (role == "root") continue;
    const std::string name = repo.metadataName(role);
    PSIRT_TRY(w.addBytes(name, meta.at(name)));
    PSIRT_ASSIGN_OR_RETURN(body, signedBody(&repo, role));
    auto targets = body.root().find("targets");
    if (!targets) continue;
    for (const auto& target : targets->members()) {
      const std::string path(target.key);
      if (!artifacts && path.rfind("artifacts/", 0) == 0) continue;
      PSIRT_ASSIGN_OR_RETURN(served, repo.targetName(path));
      PSIRT_TRY(w.addFile(served, fs::joinPath(public_dir, served)));
    }
  }
  return w.write(out);
}

}  // namespace

int runExportBundle(std::span<const std::string> args) {
  int exit = 0;
  auto a = parseCommand("export-bundle", args,
                        {{"repo"}, {"keys"}, {"passphrase-fd"}, {"out"}, {"validity"}, {"no-artifacts", false},
                         {"key", true, true}},
                        kHelp, &exit);
  if (!a) return exit;
  auto dir = a->get("repo");
  auto keys_dir = a->get("keys");
  auto out = a->get("out");
  if (!dir || !keys_dir || !out) return usageFail("export-bundle", "--repo DIR, --keys KEYDIR and --out FILE are required");
  // Checked before anything is signed or published; the bundle's own atomic
  // write re-checks the type at its rename.
  if (*out == fs::kStandardOutput) return usageFail("export-bundle", "--out -: a bundle is binary: name a file");
  const std::string protect[] = {*dir, *keys_dir};
  if (Status st = fs::checkOutputPath(*out, protect); !st) {
    return usageFail("export-bundle", "--out: " + st.error().describe());
  }
  char* end = nullptr;
  const std::string validity_text = a->get("validity").value_or("30");
  const long validity = std::strtol(validity_text.c_str(), &end, 10);
  if (*end != '\0' || validity < 1 || validity > 3650) return usageFail("export-bundle", "--validity must be 1..3650 days");
  auto ws = Workspace::open(*dir, wallNow());
  if (!ws) return fail("export-bundle", ws.error());
  if (!ws->published()) return fail("export-bundle", makeError(ErrorCategory::kUsage, "nothing published yet", *dir));
  if (!ws->stagedRoles().empty()) {
    return fail("export-bundle",
                makeError(ErrorCategory::kUsage, "a change is staged: publish or discard it first", *dir));
  }
  auto st = ws->edit([](repo::Repository&) { return okStatus(); }, validity);
  if (!st) return fail("export-bundle", st.error());
  auto pass = passphraseFrom(*a);
  if (!pass) return fail("export-bundle", pass.error());
  auto keys = unlockNeeded(*ws, KeyStore(*keys_dir), a->getAll("key"), *pass);
  if (!keys) return fail("export-bundle", keys.error());
  if (auto made = ws->sign(*keys); !made) return fail("export-bundle", made.error());
  auto statuses = ws->status();
  if (!statuses) return fail("export-bundle", statuses.error());
  for (const auto& r : *statuses) {
    if (!r.complete()) {
      return fail("export-bundle", makeError(ErrorCategory::kUsage, "the keys of KEYDIR do not meet the threshold",
                                             "role " + r.role));
    }
  }
  auto published = ws->commit();
  if (!published) return fail("export-bundle", published.error());
  const std::int64_t ts = ws->view().version("timestamp");
  if (auto w = writeBundle(ws->publicDir(), *out, !a->has("no-artifacts"), ws->now()); !w) {
    return fail("export-bundle", w.error());
  }
  std::printf("bundle %s: root v%lld, timestamp v%lld, valid %ld days\n", log::oneLine(*out).c_str(),
              static_cast<long long>(ws->view().version("root")), static_cast<long long>(ts), validity);
  return kExitOk;
}

}  // namespace psirt::publish
