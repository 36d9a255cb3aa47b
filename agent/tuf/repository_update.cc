#include "agent/tuf/repository_update.h"

#include <memory>
#include <utility>

#include "agent/tuf/http_fetcher.h"
#include "agent/tuf/trusted_set.h"
#include "platform/fs/fs.h"

namespace psirt::tuf {

Result<UpdateOutcome> refreshAndStore(const std::string& state_dir, state::StateStore store, Fetcher& fetcher,
                                      const clock::Clock& clock, const UpdaterOptions& options,
                                      const std::vector<std::string>& targets, bool artifacts_optional) {
  Updater updater(std::move(store), fetcher, clock, options);
  UpdateOutcome out;
  Status refreshed = updater.refresh();
  out.warnings = updater.report().warnings;
  if (!refreshed) return refreshed.error();
  PSIRT_ASSIGN_OR_RETURN(stored, storeAllTargets(state_dir, updater, targets, artifacts_optional));
  out.stored = stored.stored;
  out.missing_artifacts = std::move(stored.missing_artifacts);
  const TrustedState& t = *updater.trusted();
  out.root_version = t.root().common.version;
  out.timestamp_version = t.timestamp()->common.version;
  out.snapshot_version = t.snapshot()->common.version;
  out.targets_version = t.targets()->common.version;
  return out;
}

Result<bool> isRemoteRepository(std::string_view repo) {
  if (repo.empty()) return makeError(ErrorCategory::kUsage, "empty repository location");
  // "<scheme>://" (RFC 3986 scheme: a letter, then letters, digits, + - .).
  std::size_t i = 0;
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (alpha(repo[0])) {
    while (i < repo.size() &&
           (alpha(repo[i]) || digit(repo[i]) || repo[i] == '+' || repo[i] == '-' || repo[i] == '.'))
      ++i;
  }
  if (i == 0 || repo.substr(i, 3) != "://") return false;  // a directory
  const std::string_view scheme = repo.substr(0, i);
  if (scheme == "https" || scheme == "http") return true;
  return makeError(ErrorCategory::kUsage,
                   "unsupported repository URL scheme '" + std::string(scheme.substr(0, 32)) +
                       "://' (https://, http:// with --allow-http, or a local directory)",
                   std::string(repo.substr(0, 200)));
}

Result<UpdateOutcome> updateFromRepository(const std::string& state_dir, const std::string& repo,
                                           const clock::Clock& clock,
                                           const RepositoryUpdateOptions& options) {
  PSIRT_ASSIGN_OR_RETURN(remote, isRemoteRepository(repo));
  PSIRT_ASSIGN_OR_RETURN(store, state::StateStore::openStateDir(state_dir));
  std::unique_ptr<Fetcher> fetcher;
  UpdaterOptions uo;
  if (remote) {
    fetcher = std::make_unique<HttpFetcher>(options.http, UpdateDeadline::in(options.deadline_seconds));
    std::string base = repo;
    if (base.back() != '/') base.push_back('/');
    uo.metadata_base = base + "metadata/";
    uo.targets_base = base + "targets/";
  } else {
    fetcher = std::make_unique<DirectoryFetcher>(repo);
    uo.metadata_base = fs::joinPath(repo, "metadata") + "/";
    uo.targets_base = fs::joinPath(repo, "targets") + "/";
  }
  uo.build_time = options.build_time;
  return refreshAndStore(state_dir, std::move(store), *fetcher, clock, uo, options.targets,
                         /*artifacts_optional=*/false);
}

}  // namespace psirt::tuf
