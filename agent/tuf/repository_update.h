// `update --repo DIR|URL` as one call: picks the fetcher (a local directory,
// or HTTP(S) through platform/transport), refreshes the trusted metadata,
// stores the targets and records the complete set (trusted_set.h). Shared by
// `psirt-agent update` and `psirt-agent check`. The caller holds the state lock.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "platform/clock/clock.h"
#include "platform/error/result.h"
#include "platform/transport/http_client.h"

namespace psirt::tuf {

struct RepositoryUpdateOptions {
  transport::RequestOptions http;    // for http:// and https:// repositories
  clock::Seconds build_time = 0;     // lower bound of the time floor
  std::vector<std::string> targets;  // empty: every target (and record the complete set)
};

struct RepositoryUpdateOutcome {
  std::int64_t root_version = 0, timestamp_version = 0, snapshot_version = 0, targets_version = 0;
  int stored = 0;
  std::vector<std::string> warnings;  // clock behind floor, ...
};

// `repo` is a URL (http:// or https://, the base of metadata/ and targets/)
// or a directory holding metadata/ and targets/. Errors as Updater's: trust
// failures are kSecurity with the role in the context.
Result<RepositoryUpdateOutcome> updateFromRepository(const std::string& state_dir, const std::string& repo,
                                                     const clock::Clock& clock,
                                                     const RepositoryUpdateOptions& options);

}  // namespace psirt::tuf
