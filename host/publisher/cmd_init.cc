// psirt-publish init --repo DIR --keys KEYDIR [--passphrase-fd N] --key ROLE=NAME...
//                    [--threshold ROLE=N]... [--expiry ROLE=DAYS]...
// Creates the workspace and version 1 of root, timestamp, snapshot, targets
// and the delegations of docs/design.md#trust: `advisories` (advisories/*) and the
// terminating `remediation` (actions/*, artifacts/*). Signs with the keys of
// KEYDIR and publishes to DIR/public when every threshold is met; otherwise
// v1 stays staged for `sign` / `merge`.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "host/publisher/cli_common.h"

namespace psirt::publish {
namespace {

const char kHelp[] =
    "usage: psirt-publish init --repo DIR --keys KEYDIR [--passphrase-fd N] --key ROLE=NAME...\n"
    "                          [--threshold ROLE=N]... [--expiry ROLE=DAYS]...\n\n"
    "Creates a repository workspace in DIR (served tree: DIR/public) with roles root,\n"
    "timestamp, snapshot, targets, advisories (advisories/*) and the terminating\n"
    "remediation (actions/*, artifacts/*), all at version 1.\n"
    "  --key ROLE=NAME      authorise key NAME of KEYDIR (NAME.key or NAME.pub) for ROLE;\n"
    "                       repeat for several keys; every role needs at least one\n"
    "  --threshold ROLE=N   signatures ROLE needs (default 1)\n"
    "  --expiry ROLE=DAYS   expiry policy (defaults: root 365, targets 365, snapshot 7,\n"
    "                       timestamp 1, advisories 90, remediation 180)\n"
    "  --passphrase-fd N    sign with KEYDIR's private keys (passphrase from fd N);\n"
    "                       without it, v1 is staged unsigned\n\n"
    "exit status: 0 success, 1 failure, 2 usage\n";

const char* const kRoles[] = {"root", "timestamp", "snapshot", "targets", "advisories", "remediation"};

Result<std::pair<std::string, std::string>> roleValue(const std::string& arg, const char* option) {
  const auto eq = arg.find('=');
  const std::string role = arg.substr(0, eq);
  if (eq == std::string::npos || eq + 1 == arg.size()) {
    return makeError(ErrorCategory::kUsage, std::string(option) + " takes ROLE=VALUE, got '" + arg + "'");
  }
  if (std::find(std::begin(kRoles), std::end(kRoles), role) == std::end(kRoles)) {
    return makeError(ErrorCategory::kUsage, "unknown role '" + role + "' in " + option);
  }
  return std::make_pair(role, arg.substr(eq + 1));
}

Result<std::int64_t> positive(const std::string& text, const std::string& what) {
  char* end = nullptr;
  long long n = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || n < 1 || n > 36500) return makeError(ErrorCategory::kUsage, what + " must be 1..36500");
  return n;
}

}  // namespace

int runInit(std::span<const std::string> args) {
  int exit = 0;
  auto a = parseCommand("init", args,
                        {{"repo"}, {"keys"}, {"passphrase-fd"}, {"key", true, true}, {"threshold", true, true},
                         {"expiry", true, true}},
                        kHelp, &exit);
  if (!a) return exit;
  auto dir = a->get("repo");
  auto keys_dir = a->get("keys");
  if (!dir || !keys_dir) return usageFail("init", "--repo DIR and --keys KEYDIR are required");
  if (!a->positionals().empty()) return usageFail("init", "unexpected argument '" + a->positionals()[0] + "'");
  std::map<std::string, std::vector<std::string>> keys;
  std::map<std::string, std::int64_t> thresholds;
  Policy policy = defaultPolicy();
  for (const auto& v : a->getAll("key")) {
    auto rv = roleValue(v, "--key");
    if (!rv) return usageFail("init", rv.error().describe());
    keys[rv->first].push_back(rv->second);
  }
  for (const auto& v : a->getAll("threshold")) {
    auto rv = roleValue(v, "--threshold");
    if (!rv) return usageFail("init", rv.error().describe());
    auto n = positive(rv->second, "--threshold " + rv->first);
    if (!n) return usageFail("init", n.error().describe());
    thresholds[rv->first] = *n;
  }
  for (const auto& v : a->getAll("expiry")) {
    auto rv = roleValue(v, "--expiry");
    if (!rv) return usageFail("init", rv.error().describe());
    auto n = positive(rv->second, "--expiry " + rv->first);
    if (!n) return usageFail("init", n.error().describe());
    policy.expiry_days[rv->first] = *n;
  }
  const clock::Seconds now = wallNow();
  KeyStore store(*keys_dir);
  repo::Repository r(now);
  for (const char* role : kRoles) {
    if (keys[role].empty()) return usageFail("init", std::string("no --key ") + role + "=NAME given");
    const std::int64_t threshold = thresholds.count(role) ? thresholds[role] : 1;
    if (threshold > static_cast<std::int64_t>(keys[role].size())) {
      return fail("init", makeError(ErrorCategory::kUsage, "threshold " + std::to_string(threshold) + " is more than the " +
                                                               std::to_string(keys[role].size()) + " key(s) given",
                                    std::string("role ") + role));
    }
    if (std::string_view(role) == kAdvisoriesRole || std::string_view(role) == kRemediationRole) {
      repo::Delegation d;
      d.name = role;
      d.terminating = std::string_view(role) == kRemediationRole;
      d.paths = d.terminating ? std::vector<std::string>{"actions/*", "artifacts/*"} : std::vector<std::string>{"advisories/*"};
      d.threshold = static_cast<std::uint32_t>(threshold);
      if (auto st = r.delegate("targets", d, {}); !st) return fail("init", st.error());
    } else if (auto st = r.setThreshold(role, static_cast<std::uint32_t>(threshold)); !st) {
      return fail("init", st.error());
    }
    for (const std::string& name : keys[role]) {
      auto k = store.find(name);
      if (!k) return fail("init", k.error());
      if (auto st = r.authorizeKey(role, k->key); !st) return fail("init", st.error());
    }
  }
  auto ws = Workspace::create(*dir, policy, std::move(r), now);
  if (!ws) return fail("init", ws.error());
  if (a->has("passphrase-fd")) {
    auto pass = passphraseFrom(*a);
    if (!pass) return fail("init", pass.error());
    auto unlocked = unlockNeeded(*ws, store, {}, *pass);
    if (!unlocked) return fail("init", unlocked.error());
    if (auto made = ws->sign(*unlocked); !made) return fail("init", made.error());
  }
  return commitAndReport("init", *ws);
}

}  // namespace psirt::publish
