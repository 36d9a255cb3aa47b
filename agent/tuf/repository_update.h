// `update --repo DIR|URL` as one call: picks the fetcher (a local directory,
// or HTTP(S) through platform/transport), refreshes the trusted metadata,
// stores the targets and records the complete set (trusted_set.h). Shared by
// `psirt-agent update` and `psirt-agent check`. The caller holds the state lock.
// The steps after the fetcher is chosen (refreshAndStore) are the same for
// every source; the offline bundle (agent/bundle/update.h) uses them too.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agent/tuf/deadline.h"
#include "agent/tuf/fetcher.h"
#include "agent/state/state_store.h"
#include "agent/tuf/fetcher.h"
#include "agent/tuf/updater.h"
#include "platform/clock/clock.h"
#include "platform/error/result.h"
#include "platform/transport/http_client.h"

namespace psirt::tuf {

// What an update did, whatever its source.
struct UpdateOutcome {
  std::int64_t root_version = 0, timestamp_version = 0, snapshot_version = 0, targets_version = 0;
  int stored = 0;                              // targets verified and stored
  std::vector<std::string> missing_artifacts;  // artifacts/* the source lacks (when artifacts are optional)
  std::vector<std::string> warnings;           // updater warnings: clock behind floor, ...
};

// Updater::refresh over `fetcher`, then storeAllTargets (trusted_set.h) for
// `targets` (empty: every target, and the complete set is recorded), then
// the versions now trusted. `options` holds the source's bases and the build
// time. Errors as Updater's: trust failures are kSecurity with the role in
// the context; nothing unverified is stored.
Result<UpdateOutcome> refreshAndStore(const std::string& state_dir, state::StateStore store, Fetcher& fetcher,
                                      const clock::Clock& clock, const UpdaterOptions& options,
                                      const std::vector<std::string>& targets, bool artifacts_optional);

struct RepositoryUpdateOptions {
  transport::RequestOptions http;    // for http:// and https:// repositories
  clock::Seconds build_time = 0;     // lower bound of the time floor
  std::vector<std::string> targets;  // empty: every target (and record the complete set)
  // Overall time limit of an http(s):// update (deadline.h), counted from the
  // call; 1..kMaxUpdateDeadlineSeconds. A local directory has none.
  int deadline_seconds = kDefaultUpdateDeadlineSeconds;
};

// Whether `repo` names a remote repository: true for http:// and https://,
// false for a directory. Anything else of the form "<scheme>://" (ftp://,
// file://, HTTPS://, ...) is refused (kUsage, naming it) rather than taken
// for a relative directory; an empty location too. A directory whose name
// looks like a URL can be given as ./ftp://x.
Result<bool> isRemoteRepository(std::string_view repo);

// `repo` is a URL (http:// or https://, the base of metadata/ and targets/)
// or a directory holding metadata/ and targets/. Every target must be there
// (missing_artifacts stays empty). Errors as refreshAndStore's; past the
// deadline, kLimit naming the URL being fetched and the deadline.
Result<UpdateOutcome> updateFromRepository(const std::string& state_dir, const std::string& repo,
                                           const clock::Clock& clock, const RepositoryUpdateOptions& options);

}  // namespace psirt::tuf
