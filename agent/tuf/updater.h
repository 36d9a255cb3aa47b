// The TUF client workflow (spec §5) over an injected Fetcher, a StateStore and
// a Clock. All verification is delegated to TrustedState; the updater only
// decides what to fetch, in which order, and persists each role as soon as it
// is verified (unverified bytes never replace trusted ones).
//
// Typical use (agent, conformance client):
//   auto store = state::StateStore::openStateDir(dir);   // agent/state
//   DirectoryFetcher fetcher;                 // or an HTTP fetcher
//   UpdaterOptions o; o.metadata_base = repo + "/metadata/"; o.targets_base = repo + "/targets/";
//   Updater u(*store, fetcher, clock, o);
//   if (Status st = u.refresh(); !st) { ... st.error().describe() ... }
//   auto match = u.findTarget("advisories/x.json");     // delegation search
//   auto bytes = u.downloadTarget(*match);               // length + hashes checked
//
// Time: refresh() fixes the effective time once, = max(clock, time floor),
// where the floor = max(options.build_time, stored floor, newest verified
// "x-psirt-issued" of timestamp/snapshot) and is persisted (docs/design.md#time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agent/state/state_store.h"
#include "agent/tuf/fetcher.h"
#include "agent/tuf/metadata.h"
#include "agent/tuf/trusted_state.h"
#include "platform/clock/clock.h"
#include "platform/error/result.h"

namespace psirt::tuf {

struct UpdaterOptions {
  std::string metadata_base;  // prefix for metadata names, e.g. "http://h/metadata/" or "/repo/metadata/"
  std::string targets_base;   // prefix for target names
  Seconds build_time = 0;     // lower bound of the time floor (0 for the conformance client)
  Seconds clock_ahead_margin = 30 * 86400;  // "clock ahead?" when all roles expired longer ago than this
  std::size_t max_root_bytes = 512u << 10;
  std::size_t max_timestamp_bytes = 64u << 10;
  std::size_t max_snapshot_bytes = 8u << 20;  // when timestamp gives no length
  std::size_t max_targets_bytes = 16u << 20;  // when snapshot gives no length
  int max_root_rotations = 256;               // N+1 root fetches per refresh
  int max_delegations = 32;                   // roles visited per target search
  int max_delegation_depth = 16;              // delegation chain length below targets
  bool prefix_targets_with_hash = true;       // HASH.NAME when consistent_snapshot
};

struct UpdateReport {
  Seconds clock_time = 0;
  Seconds time_floor = 0;      // floor at the start
  Seconds effective_time = 0;  // max(clock_time, time_floor)
  bool clock_behind_floor = false;
  std::vector<std::string> warnings;  // one line each (clock behind floor, fast-forward recovery)
};

// A target found by the delegation search.
struct TargetMatch {
  std::string path;
  TargetFile file;
  std::vector<std::string> roles;  // delegation chain from "targets" to the role that lists it
};

class Updater {
 public:
  // `fetcher` and `clock` must outlive the updater.
  Updater(state::StateStore store, Fetcher& fetcher, const clock::Clock& clock, UpdaterOptions options);

  // Spec §5.1-§5.6.6: root chain, timestamp, snapshot, top-level targets.
  // Errors carry the role in their context; expiry errors add "clock ahead?"
  // when every known role expired more than clock_ahead_margin ago. A missing
  // trusted root is kUsage ("run trust init"). Call once per instance.
  Status refresh();

  // Spec §5.6.7: pre-order depth-first delegation search (terminating roles,
  // cycle guard, max roles visited, max depth); loads and persists delegated
  // roles. Calls refresh() first if it has not run. kTargetNotDelegated when no
  // role lists `path`.
  Result<TargetMatch> findTarget(std::string_view path);

  // Names listed by every role reachable from targets (pre-order, at most
  // max_delegations roles, max_delegation_depth deep), loading those roles.
  // A name here is only a candidate: call findTarget() for the role that
  // actually speaks for it.
  Result<std::vector<std::string>> knownTargetNames();

  // Fetches the target (at most file.length bytes; more -> kLengthMismatch)
  // and checks length and hashes. From targets_base + path, or
  // dir/HASH.basename with consistent snapshots.
  Result<std::string> downloadTarget(const TargetMatch& match);
  // Checks bytes already on disk against the match (cache check).
  Status verifyTarget(const TargetMatch& match, std::string_view bytes) const;
  // downloadTarget into the state's targets/sha256/<hex> (mode 0600), skipping
  // the download when a verified copy is already there. Returns the path.
  Result<std::string> storeTarget(const TargetMatch& match);

  const TrustedState* trusted() const { return trusted_ ? &*trusted_ : nullptr; }
  const UpdateReport& report() const { return report_; }

 private:
  Status fixTime();
  Status loadRootChain();
  Status loadTimestamp();
  Status loadSnapshot();
  Status loadTargets(const std::string& role, const std::string& delegator);
  Status raiseFloor(const Common& c);
  std::string metadataName(const std::string& role, std::int64_t version) const;
  Error explainExpiry(Error e) const;

  state::StateStore store_;
  Fetcher& fetcher_;
  const clock::Clock& clock_;
  UpdaterOptions options_;
  UpdateReport report_;
  Seconds floor_ = 0;
  bool refreshed_ = false;
  std::optional<TrustedState> trusted_;
};

}  // namespace psirt::tuf
