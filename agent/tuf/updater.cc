// Spec §5.1-§5.6.6: the top-level refresh. Locally stored roles are offered to
// the trusted state first (they give rollback references and spare
// downloads); a stored role that no longer verifies is simply not used.
#include "agent/tuf/updater.h"

#include <algorithm>
#include <limits>
#include <set>
#include <utility>

namespace psirt::tuf {
namespace {

// The key material a role is verified with: (keyid, key) pairs + threshold.
std::pair<std::set<std::pair<std::string, std::string>>, std::int64_t> roleKeyMaterial(
    const Root& root, std::string_view role) {
  std::set<std::pair<std::string, std::string>> out;
  const RoleKeys& rk = root.roles.at(std::string(role));
  for (const auto& id : rk.keyids) {
    auto it = root.keys.find(id);
    out.emplace(id, it == root.keys.end()
                        ? std::string()
                        : it->second.keytype + " " + it->second.scheme + " " + it->second.public_value);
  }
  return {out, rk.threshold};
}

}  // namespace

Updater::Updater(state::StateStore store, Fetcher& fetcher, const clock::Clock& clock, UpdaterOptions options)
    : store_(std::move(store)), fetcher_(fetcher), clock_(clock), options_(std::move(options)) {}

Status Updater::fixTime() {
  report_.clock_time = clock_.now();
  PSIRT_ASSIGN_OR_RETURN(stored, store_.readTimeFloor());
  floor_ = std::max(options_.build_time, stored);
  report_.time_floor = floor_;
  report_.effective_time = std::max(report_.clock_time, floor_);
  if (report_.clock_time < floor_) {
    report_.clock_behind_floor = true;
    report_.warnings.push_back("clock (" + formatTufTime(report_.clock_time) +
                               ") is behind the time floor (" + formatTufTime(floor_) +
                               "): expiry is judged against the floor");
  }
  return okStatus();
}

Status Updater::raiseFloor(const Common& c) {
  if (!c.psirt_issued || *c.psirt_issued <= floor_) return okStatus();
  floor_ = *c.psirt_issued;
  return store_.writeTimeFloor(floor_);
}

std::string Updater::metadataName(const std::string& role, std::int64_t version) const {
  const std::string base = percentEncode(role) + ".json";
  return trusted_->root().consistent_snapshot ? std::to_string(version) + "." + base : base;
}

namespace {
Result<std::string> fetchRole(Fetcher& f, const std::string& url, const std::string& role, std::size_t max,
                              bool length_listed) {
  auto r = f.fetch(url, max);
  if (r) return r;
  Error e = r.error();
  if (e.category == ErrorCategory::kLimit && length_listed) {
    return securityError(SecurityCode::kLengthMismatch,
                         "longer than the " + std::to_string(max) + " bytes listed", role);
  }
  return e.within(role);
}
}  // namespace

Status Updater::loadRootChain() {
  for (int i = 0; i < options_.max_root_rotations; ++i) {
    const std::int64_t next = trusted_->root().common.version + 1;
    const std::string url = options_.metadata_base + std::to_string(next) + ".root.json";
    auto bytes = fetcher_.fetch(url, options_.max_root_bytes);
    if (!bytes) {
      if (isNotFound(bytes.error())) return okStatus();
      return bytes.error().within("root");
    }
    PSIRT_TRY(trusted_->updateRoot(*bytes));
    PSIRT_TRY(store_.writeRole(kRoot, *bytes));
  }
  return okStatus();
}

Status Updater::loadTimestamp() {
  auto local = store_.readRole(kTimestamp, options_.max_timestamp_bytes);
  if (local && *local) (void)trusted_->updateTimestamp(**local);  // rollback reference if it still verifies
  PSIRT_ASSIGN_OR_RETURN(bytes, fetchRole(fetcher_, options_.metadata_base + "timestamp.json",
                                          std::string(kTimestamp), options_.max_timestamp_bytes, false));
  PSIRT_ASSIGN_OR_RETURN(outcome, trusted_->updateTimestamp(bytes));
  if (outcome == TimestampOutcome::kUnchanged) return okStatus();
  PSIRT_TRY(store_.writeRole(kTimestamp, bytes));
  return raiseFloor(trusted_->timestamp()->common);
}

Status Updater::loadSnapshot() {
  auto local = store_.readRole(kSnapshot, options_.max_snapshot_bytes);
  if (local && *local && trusted_->updateSnapshot(**local, /*from_store=*/true)) return okStatus();
  const MetaFile& meta = trusted_->timestamp()->snapshot_meta;
  std::size_t max = options_.max_snapshot_bytes;
  if (meta.length) {
    PSIRT_ASSIGN_OR_RETURN(listed, listedLength(*meta.length, kSnapshot));
    max = listed;
  }
  PSIRT_ASSIGN_OR_RETURN(bytes,
                         fetchRole(fetcher_, options_.metadata_base + metadataName("snapshot", meta.version),
                                   std::string(kSnapshot), max, meta.length.has_value()));
  PSIRT_TRY(trusted_->updateSnapshot(bytes));
  PSIRT_TRY(store_.writeRole(kSnapshot, bytes));
  return raiseFloor(trusted_->snapshot()->common);
}

Status Updater::loadTargets(const std::string& role, const std::string& delegator) {
  if (trusted_->verifiedBy(role, delegator)) return okStatus();
  if (const std::string* known = trusted_->targetsBytes(role)) {
    const std::string copy = *known;  // reached through another delegator: verify against this one too
    return trusted_->updateDelegatedTargets(copy, role, delegator);
  }
  auto local = store_.readRole(role, options_.max_targets_bytes);
  if (local && *local && trusted_->updateDelegatedTargets(**local, role, delegator)) return okStatus();
  const auto& meta_map = trusted_->snapshot()->meta;
  auto it = meta_map.find(role + ".json");
  if (it == meta_map.end()) return securityError(SecurityCode::kBadVersion, "not listed in snapshot", role);
  const MetaFile& meta = it->second;
  std::size_t max = options_.max_targets_bytes;
  if (meta.length) {
    PSIRT_ASSIGN_OR_RETURN(listed, listedLength(*meta.length, role));
    max = listed;
  }
  PSIRT_ASSIGN_OR_RETURN(bytes, fetchRole(fetcher_, options_.metadata_base + metadataName(role, meta.version),
                                          role, max, meta.length.has_value()));
  PSIRT_TRY(trusted_->updateDelegatedTargets(bytes, role, delegator));
  return store_.writeRole(role, bytes);
}

Error Updater::explainExpiry(Error e) const {
  if (e.security != SecurityCode::kExpired || !trusted_) return e;
  Seconds newest = trusted_->root().common.expires;
  if (const auto* t = trusted_->timestamp()) newest = std::max(newest, t->common.expires);
  if (const auto* s = trusted_->snapshot()) newest = std::max(newest, s->common.expires);
  if (const auto* t = trusted_->targets()) newest = std::max(newest, t->common.expires);
  if (report_.effective_time - newest > options_.clock_ahead_margin) {
    e.message += "; clock ahead? every role expired more than " +
                 std::to_string(options_.clock_ahead_margin / 86400) + " days before the effective time";
  }
  return e;
}

Status Updater::refresh() {
  if (refreshed_) return makeError(ErrorCategory::kInternal, "refresh() called twice on one Updater");
  refreshed_ = true;
  PSIRT_TRY(fixTime());
  PSIRT_ASSIGN_OR_RETURN(root_bytes, store_.readRole(kRoot, options_.max_root_bytes));
  if (!root_bytes) {
    return makeError(ErrorCategory::kUsage, "no trusted root (run 'psirt-agent trust init')",
                     store_.metadataDir());
  }
  PSIRT_ASSIGN_OR_RETURN(state, TrustedState::create(*root_bytes, report_.effective_time));
  trusted_.emplace(std::move(state));
  const Root start = trusted_->root();

  Status st = loadRootChain();
  if (st) {
    // Spec §5.3.11: recover from fast-forward attacks after a key rotation.
    const Root& now = trusted_->root();
    if (roleKeyMaterial(start, kTimestamp) != roleKeyMaterial(now, kTimestamp) ||
        roleKeyMaterial(start, kSnapshot) != roleKeyMaterial(now, kSnapshot)) {
      Status a = store_.removeRole(kTimestamp);
      Status b = store_.removeRole(kSnapshot);
      if (!a) return a;
      if (!b) return b;
      report_.warnings.push_back("timestamp/snapshot keys rotated: stored timestamp and snapshot discarded");
    }
    st = loadTimestamp();
  }
  if (st) st = loadSnapshot();
  if (st) st = loadTargets(std::string(kTargets), std::string(kRoot));
  if (!st) return explainExpiry(st.error());
  return okStatus();
}

}  // namespace psirt::tuf
