// psirt-publish rotate | renew: key rotation and re-signing before expiry.
//   rotate --repo DIR --keys KEYDIR --role ROLE [--add-key NAME]... [--remove-key NAME]...
//          [--threshold N] [--sign --passphrase-fd N [--key NAME]...]
//   renew  --repo DIR [--role ROLE]... [--within DAYS] [--sign --keys KEYDIR --passphrase-fd N]
// A rotation stages a new version of the role that lists the keys (root for
// top-level roles, the delegator for delegated ones) and of the rotated role
// itself, so that the new keys sign it. A new root must carry the threshold
// of the previous root's keys as well as its own (TUF root rotation): the
// workspace publishes it only then.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "host/publisher/cli_common.h"
#include "host/publisher/workspace/signed_body.h"
#include "platform/clock/clock.h"

namespace psirt::publish {
namespace {

const char kRotateHelp[] =
    "usage: psirt-publish rotate --repo DIR --keys KEYDIR --role ROLE [--add-key NAME]...\n"
    "                            [--remove-key NAME]... [--threshold N]\n"
    "                            [--sign --passphrase-fd N [--key NAME]...]\n\n"
    "Stages new keys and/or threshold for ROLE (root, timestamp, snapshot, targets or\n"
    "a delegated role) and a new version of ROLE signed by its new keys. A new root\n"
    "is published only when signed by the threshold of both the new and the previous\n"
    "root's keys. Key names refer to KEYDIR (NAME.key or an imported NAME.pub).\n\n"
    "exit status: 0 success, 1 failure (nothing written), 2 usage\n";
const char kRenewHelp[] =
    "usage: psirt-publish renew --repo DIR [--role ROLE]... [--within DAYS]\n"
    "                           [--sign --keys KEYDIR --passphrase-fd N [--key NAME]...]\n\n"
    "Stages new versions with fresh expiry (policy) of the given roles, or of every\n"
    "role expiring within DAYS (default 30); snapshot and timestamp are always\n"
    "renewed.\n\n"
    "exit status: 0 success, 1 failure (nothing written), 2 usage\n";

Status checkThresholds(const Workspace& ws) {
  PSIRT_ASSIGN_OR_RETURN(statuses, ws.status());
  for (const auto& r : statuses) {
    for (const auto& a : r.authorities) {
      if (a.threshold > static_cast<std::int64_t>(a.keyids.size())) {
        return makeError(ErrorCategory::kUsage,
                         "threshold " + std::to_string(a.threshold) + " but only " + std::to_string(a.keyids.size()) +
                             " key(s) in " + a.label,
                         "role " + r.role);
      }
    }
  }
  return okStatus();
}

Status forceNewVersion(const Workspace& ws, repo::Repository& view, const std::string& role) {
  const std::int64_t pv = ws.published() ? ws.published()->version(role) : 0;
  return view.setVersion(role, std::max(pv + 1, view.version(role)));
}

}  // namespace

int runRotate(std::span<const std::string> args) {
  int exit = 0;
  auto a = parseCommand("rotate", args,
                        {{"repo"}, {"keys"}, {"passphrase-fd"}, {"role"}, {"add-key", true, true},
                         {"remove-key", true, true}, {"threshold"}, {"sign", false}, {"key", true, true}},
                        kRotateHelp, &exit);
  if (!a) return exit;
  auto dir = a->get("repo");
  auto keys_dir = a->get("keys");
  auto role = a->get("role");
  if (!dir || !keys_dir || !role) return usageFail("rotate", "--repo DIR, --keys KEYDIR and --role ROLE are required");
  KeyStore store(*keys_dir);
  auto ws = Workspace::open(*dir, wallNow());
  if (!ws) return fail("rotate", ws.error());
  const auto names = ws->view().roleNames();
  if (std::find(names.begin(), names.end(), *role) == names.end()) {
    return fail("rotate", makeError(ErrorCategory::kUsage, "no such role", "role " + *role));
  }
  auto st = ws->edit([&](repo::Repository& view) -> Status {
    for (const std::string& n : a->getAll("add-key")) {
      PSIRT_ASSIGN_OR_RETURN(k, store.find(n));
      PSIRT_TRY(view.authorizeKey(*role, k.key));
    }
    for (const std::string& n : a->getAll("remove-key")) {
      PSIRT_ASSIGN_OR_RETURN(k, store.find(n));
      PSIRT_TRY(view.revokeKey(*role, k.key.keyid));
    }
    if (auto t = a->get("threshold")) {
      long n = std::strtol(t->c_str(), nullptr, 10);
      if (n < 1 || n > 1000) return makeError(ErrorCategory::kUsage, "--threshold must be 1..1000");
      PSIRT_TRY(view.setThreshold(*role, static_cast<std::uint32_t>(n)));
    }
    return forceNewVersion(*ws, view, *role);
  });
  if (!st) return fail("rotate", st.error());
  if (auto t = checkThresholds(*ws); !t) return fail("rotate", t.error());
  return signAndCommit("rotate", *ws, *a);
}

int runRenew(std::span<const std::string> args) {
  int exit = 0;
  auto a = parseCommand("renew", args,
                        {{"repo"}, {"keys"}, {"passphrase-fd"}, {"role", true, true}, {"within"}, {"sign", false},
                         {"key", true, true}},
                        kRenewHelp, &exit);
  if (!a) return exit;
  auto dir = a->get("repo");
  if (!dir) return usageFail("renew", "--repo DIR is required");
  const long within = std::strtol(a->get("within").value_or("30").c_str(), nullptr, 10);
  if (within < 0 || within > 36500) return usageFail("renew", "--within must be 0..36500 days");
  auto ws = Workspace::open(*dir, wallNow());
  if (!ws) return fail("renew", ws.error());
  std::vector<std::string> roles = a->getAll("role");
  const auto names = ws->view().roleNames();
  for (const std::string& r : roles) {
    if (std::find(names.begin(), names.end(), r) == names.end()) {
      return fail("renew", makeError(ErrorCategory::kUsage, "no such role", "role " + r));
    }
  }
  if (roles.empty()) {
    for (const std::string& r : names) {
      auto body = signedBody(&ws->view(), r);
      if (!body) return fail("renew", body.error());
      // No readable expiry: renewed as well.
      auto expires = clock::parseTufTime(body->root().getString("expires").value_or({}));
      if (!expires || *expires < ws->now() + within * 86400) roles.push_back(r);
    }
  }
  auto st = ws->edit([&](repo::Repository& view) -> Status {
    for (const std::string& r : roles) PSIRT_TRY(forceNewVersion(*ws, view, r));
    PSIRT_TRY(forceNewVersion(*ws, view, "snapshot"));
    return forceNewVersion(*ws, view, "timestamp");
  });
  if (!st) return fail("renew", st.error());
  return signAndCommit("renew", *ws, *a);
}

}  // namespace psirt::publish
