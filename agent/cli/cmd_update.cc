// psirt-agent update --state DIR --repo DIR|URL [--allow-http] [--ca-file F] [--pin H]
//                    [--proxy URL] [--deadline SECONDS] [--target NAME ...]
// psirt-agent update --state DIR --bundle FILE [--target NAME ...]
// Runs the TUF client workflow (spec §5) against a repository and stores
// every verified target under DIR/targets/sha256/. Exit 3 on a trust failure,
// with one line naming the role and the failed check.
#include <chrono>
#include <cstdio>
#include <memory>

#include "agent/bundle/update.h"
#include "agent/cli/args.h"
#include "agent/cli/build_info.h"
#include "agent/cli/command_error.h"
#include "agent/cli/exit_codes.h"
#include "agent/cli/http_flags.h"
#include "agent/cli/remediation_common.h"
#include "agent/tuf/repository_update.h"
#include "platform/fs/fs.h"
#include "platform/log/log.h"

namespace psirt::cli {
namespace {

void printUpdateHelp() {
  std::printf(
      "usage: psirt-agent update --state DIR --repo DIR|URL [--allow-http] [--ca-file FILE]\n"
      "                          [--pin SHA256] [--proxy URL] [--deadline SECONDS]\n"
      "                          [--target NAME ...]\n"
      "       psirt-agent update --state DIR --bundle FILE [--target NAME ...]\n\n"
      "Updates the trusted TUF metadata in DIR from the repository (root chain,\n"
      "timestamp, snapshot, targets, delegations) and stores each verified target\n"
      "in DIR/targets/sha256/<hex>. Without --target, every target the trusted\n"
      "roles list is fetched. Run 'psirt-agent trust init' first. An interrupted\n"
      "update (killed, power cut, deadline) never changes the set 'check' uses;\n"
      "the next update or check on DIR removes what it left (temp files, bundle\n"
      "copies).\n\n"
      "  --state DIR        agent state directory\n"
      "  --repo DIR|URL     repository: a local directory with metadata/ and targets/,\n"
      "                     or an https:// URL (the base of metadata/ and targets/);\n"
      "                     other schemes (ftp://, file://) are refused\n"
      "  --allow-http       accept a plain http:// repository URL (TUF still verifies\n"
      "                     every byte; use on loopback or trusted networks only)\n"
      "  --ca-file FILE     PEM trust anchors for https (default: the system bundle);\n"
      "                     a regular file of at most 1 MiB, checked before anything\n"
      "                     else (a FIFO, device or directory is refused, exit 2)\n"
      "  --pin SHA256       also require this SHA-256 of the server's public key (hex)\n"
      "  --proxy URL        HTTP CONNECT proxy, http://host:port (never taken from the\n"
      "                     environment)\n"
      "  --deadline SECONDS overall time limit of an http(s) update (default 900 =\n"
      "                     15 min; 1..86400): each fetch gets only the time left, so\n"
      "                     a slow or trickling server cannot keep the update (and the\n"
      "                     state lock) busy; past it the update fails (exit 1) and\n"
      "                     the trusted set is unchanged\n"
      "  --bundle FILE      offline bundle (docs/formats/bundle.md): copied into\n"
      "                     DIR/incoming first, verified from the copy; artifacts\n"
      "                     missing from it are listed, not a failure\n"
      "  --target NAME      only this target (repeatable)\n\n"
      "exit status: 0 updated, 1 error, 2 usage, 3 trust failure (role and check named)\n");
}

int report(const Error& e) { return commandError("update", e); }

// --bundle FILE: bundle::updateFromBundle under the state lock.
int runBundleUpdate(const std::string& state, const std::string& bundle_path, std::vector<std::string> targets) {
  auto lock = lockStateAndRecover(state, "update");
  if (!lock) return report(lock.error());
  bundle::BundleUpdateOptions options;
  options.build_time = buildEpoch();
  options.targets = std::move(targets);
  clock::SystemClock wall;  // through libc, so faketime works
  auto outcome = bundle::updateFromBundle(state, bundle_path, wall, options);
  if (!outcome) return report(outcome.error());
  for (const auto& w : outcome->warnings) log::warning("psirt-agent update", w);
  for (const auto& m : outcome->missing_artifacts)
    log::write("psirt-agent update", "artifact not in the bundle: " + m);
  std::printf("root v%lld, timestamp v%lld, snapshot v%lld, targets v%lld; %d target(s) verified and stored, "
              "%zu artifact(s) not in the bundle\n",
              static_cast<long long>(outcome->root_version), static_cast<long long>(outcome->timestamp_version),
              static_cast<long long>(outcome->snapshot_version), static_cast<long long>(outcome->targets_version),
              outcome->stored, outcome->missing_artifacts.size());
  return kExitOk;
}

}  // namespace

int runUpdate(std::span<const std::string> args) {
  auto parsed = parseArgs(args, withHttpFlags({{"state"}, {"repo"}, {"bundle"}, {"target", true, true}}));
  if (!parsed) return usageError("update", parsed.error());
  if (parsed->has("help")) {
    printUpdateHelp();
    return kExitOk;
  }
  const auto state = parsed->get("state");
  const auto repo = parsed->get("repo");
  const auto bundle_file = parsed->get("bundle");
  if (repo && bundle_file) {
    return usageError("update", makeError(ErrorCategory::kUsage, "--repo and --bundle are mutually exclusive"));
  }
  if (!state || (!repo && !bundle_file))
    return usageError("update", makeError(ErrorCategory::kUsage, "--state DIR and --repo or --bundle are required"));
  if (!parsed->positionals().empty()) {
    return usageError(
        "update", makeError(ErrorCategory::kUsage, "unexpected argument '" + parsed->positionals()[0] + "'"));
  }
  auto deadline = updateDeadlineSeconds(*parsed);
  if (!deadline) return usageError("update", deadline.error());
  if (Status ca = checkCaFileFlag(*parsed); !ca) return report(ca.error());  // exit 2: kUsage
  if (bundle_file) return runBundleUpdate(*state, *bundle_file, parsed->getAll("target"));
  auto lock = lockStateAndRecover(*state, "update");
  if (!lock) return report(lock.error());
  tuf::RepositoryUpdateOptions options;
  options.http = httpOptions(*parsed);
  options.build_time = buildEpoch();
  options.targets = parsed->getAll("target");
  options.deadline_seconds = *deadline;
  clock::SystemClock wall;  // through libc, so faketime works
  auto outcome = tuf::updateFromRepository(*state, *repo, wall, options);
  if (!outcome) return report(outcome.error());
  for (const auto& w : outcome->warnings) log::warning("psirt-agent update", w);
  std::printf("root v%lld, timestamp v%lld, snapshot v%lld, targets v%lld; %d target(s) verified and stored\n",
              static_cast<long long>(outcome->root_version), static_cast<long long>(outcome->timestamp_version),
              static_cast<long long>(outcome->snapshot_version), static_cast<long long>(outcome->targets_version),
              outcome->stored);
  return kExitOk;
}

}  // namespace psirt::cli
