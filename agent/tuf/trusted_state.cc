#include "agent/tuf/trusted_state.h"

#include <limits>

#include "agent/tuf/verify.h"
#include "platform/crypto/crypto.h"

namespace psirt::tuf {
namespace {

Error outOfOrder(std::string_view role, std::string_view why) {
  return makeError(ErrorCategory::kInternal, "out of order: " + std::string(why), std::string(role));
}

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

Error annotate(Error e, const std::string& suffix) {
  e.message += suffix;
  return e;
}

}  // namespace

Result<std::size_t> listedLength(std::int64_t length, std::string_view what) {
  if (length < 0)
    return makeError(ErrorCategory::kParse, "negative length " + std::to_string(length), std::string(what));
  constexpr std::uint64_t kMax = std::numeric_limits<std::size_t>::max() - 1;
  if (static_cast<std::uint64_t>(length) > kMax) {
    return makeError(ErrorCategory::kLimit,
                     "listed length of " + std::to_string(length) +
                         " bytes exceeds what this system can hold (" + std::to_string(kMax) + ")",
                     std::string(what));
  }
  return static_cast<std::size_t>(length);
}

Status checkLengthAndHashes(std::string_view bytes, std::optional<std::int64_t> length,
                            const std::map<std::string, std::string>& hashes, std::string_view what) {
  if (length && static_cast<std::uint64_t>(*length) != bytes.size()) {
    return securityError(SecurityCode::kLengthMismatch,
                         "length " + std::to_string(bytes.size()) + ", expected " + std::to_string(*length),
                         std::string(what));
  }
  bool checked = false;
  std::string names;
  for (const auto& [algo, hex] : hashes) {
    crypto::Bytes digest;
    if (algo == "sha256") {
      digest = crypto::sha256(crypto::asBytes(bytes));
    } else if (algo == "sha512") {
      digest = crypto::sha512(crypto::asBytes(bytes));
    } else {
      names += (names.empty() ? "" : ",") + algo;
      continue;
    }
    checked = true;
    if (crypto::toHex(digest) != lower(hex)) {
      return securityError(SecurityCode::kHashMismatch, algo + " does not match", std::string(what));
    }
  }
  if (!hashes.empty() && !checked) {
    return securityError(SecurityCode::kHashMismatch, "no supported hash algorithm (listed: " + names + ")",
                         std::string(what));
  }
  return okStatus();
}

Result<TrustedState> TrustedState::create(std::string_view root_bytes, Seconds reference_time,
                                          const ParseLimits& limits) {
  PSIRT_ASSIGN_OR_RETURN(root, parseRoot(root_bytes, limits));
  const RoleKeys& rk = root.role.roles.at(std::string(kRoot));
  PSIRT_TRY(verifyThreshold(root.envelope, root.role.keys, rk, kRoot));
  TrustedState s;
  s.limits_ = limits;
  s.reference_time_ = reference_time;
  s.root_ = std::move(root);
  return s;
}

Status TrustedState::checkNotExpired(const Common& c, std::string_view role) const {
  if (c.expires <= reference_time_) {
    return securityError(
        SecurityCode::kExpired,
        "expired at " + c.expires_text + " (effective time " + formatTufTime(reference_time_) + ")",
        std::string(role));
  }
  return okStatus();
}

Status TrustedState::updateRoot(std::string_view bytes) {
  if (timestamp_) return outOfOrder(kRoot, "root offered after timestamp");
  PSIRT_ASSIGN_OR_RETURN(next, parseRoot(bytes, limits_));
  const std::int64_t have = root_.role.common.version;
  if (Status st =
          verifyThreshold(next.envelope, root_.role.keys, root_.role.roles.at(std::string(kRoot)), kRoot);
      !st) {
    return annotate(st.error(), " (keys of trusted root v" + std::to_string(have) + ")");
  }
  const std::int64_t got = next.role.common.version;
  if (got != have + 1) {
    return securityError(got <= have ? SecurityCode::kRollback : SecurityCode::kBadVersion,
                         "version " + std::to_string(got) + ", expected " + std::to_string(have + 1), "root");
  }
  if (Status st =
          verifyThreshold(next.envelope, next.role.keys, next.role.roles.at(std::string(kRoot)), kRoot);
      !st) {
    return annotate(st.error(), " (keys of new root v" + std::to_string(got) + ")");
  }
  root_ = std::move(next);
  return okStatus();
}

Status TrustedState::checkFinalTimestamp() const {
  if (!timestamp_) return outOfOrder(kSnapshot, "no trusted timestamp");
  return checkNotExpired(timestamp_->role.common, kTimestamp);
}

Status TrustedState::checkFinalSnapshot() const {
  if (!snapshot_) return outOfOrder(kTargets, "no trusted snapshot");
  PSIRT_TRY(checkNotExpired(snapshot_->role.common, kSnapshot));
  const std::int64_t want = timestamp_->role.snapshot_meta.version;
  if (snapshot_->role.common.version != want) {
    return securityError(SecurityCode::kBadVersion,
                         "version " + std::to_string(snapshot_->role.common.version) + ", timestamp lists " +
                             std::to_string(want),
                         std::string(kSnapshot));
  }
  return okStatus();
}

Result<TimestampOutcome> TrustedState::updateTimestamp(std::string_view bytes) {
  if (snapshot_) return outOfOrder(kTimestamp, "timestamp offered after snapshot");
  PSIRT_TRY(checkNotExpired(root_.role.common, kRoot));
  PSIRT_ASSIGN_OR_RETURN(next, parseTimestamp(bytes, limits_));
  PSIRT_TRY(verifyThreshold(next.envelope, root_.role.keys, root_.role.roles.at(std::string(kTimestamp)),
                            kTimestamp));
  if (timestamp_) {
    const std::int64_t have = timestamp_->role.common.version;
    const std::int64_t got = next.role.common.version;
    if (got < have) {
      return securityError(
          SecurityCode::kRollback,
          "version " + std::to_string(got) + " is older than trusted " + std::to_string(have),
          std::string(kTimestamp));
    }
    if (got == have) {
      // Spec §5.4.3.1 / §5.4.4: the unchanged trusted timestamp must itself be
      // unexpired, or an attacker replaying it freezes the device.
      PSIRT_TRY(checkFinalTimestamp());
      return TimestampOutcome::kUnchanged;
    }
    const std::int64_t snap_have = timestamp_->role.snapshot_meta.version;
    const std::int64_t snap_got = next.role.snapshot_meta.version;
    if (snap_got < snap_have) {
      return securityError(SecurityCode::kRollback,
                           "snapshot version " + std::to_string(snap_got) + " is older than trusted " +
                               std::to_string(snap_have),
                           std::string(kTimestamp));
    }
  }
  timestamp_ = std::move(next);
  PSIRT_TRY(checkFinalTimestamp());
  return TimestampOutcome::kAccepted;
}

Status TrustedState::updateSnapshot(std::string_view bytes, bool from_store) {
  if (!timestamp_) return outOfOrder(kSnapshot, "snapshot offered before timestamp");
  if (!targets_.empty()) return outOfOrder(kSnapshot, "snapshot offered after targets");
  PSIRT_TRY(checkFinalTimestamp());
  const MetaFile& meta = timestamp_->role.snapshot_meta;
  if (!from_store) PSIRT_TRY(checkLengthAndHashes(bytes, meta.length, meta.hashes, kSnapshot));
  PSIRT_ASSIGN_OR_RETURN(next, parseSnapshot(bytes, limits_));
  PSIRT_TRY(verifyThreshold(next.envelope, root_.role.keys, root_.role.roles.at(std::string(kSnapshot)),
                            kSnapshot));
  if (snapshot_) {
    for (const auto& [name, old] : snapshot_->role.meta) {
      auto it = next.role.meta.find(name);
      if (it == next.role.meta.end()) {
        return securityError(SecurityCode::kRollback, "'" + name + "' is no longer listed",
                             std::string(kSnapshot));
      }
      if (it->second.version < old.version) {
        return securityError(SecurityCode::kRollback,
                             "'" + name + "' version " + std::to_string(it->second.version) +
                                 " is older than trusted " + std::to_string(old.version),
                             std::string(kSnapshot));
      }
    }
  }
  snapshot_ = std::move(next);
  return checkFinalSnapshot();
}

Status TrustedState::updateTargets(std::string_view bytes) {
  return updateDelegatedTargets(bytes, kTargets, kRoot);
}

Status TrustedState::updateDelegatedTargets(std::string_view bytes, std::string_view role,
                                            std::string_view delegator) {
  const std::string name(role);
  if (!snapshot_) return outOfOrder(name, "targets offered before snapshot");
  PSIRT_TRY(checkFinalSnapshot());
  const std::map<std::string, Key>* keys = nullptr;
  const RoleKeys* role_keys = nullptr;
  if (delegator == kRoot) {
    if (role != kTargets) return outOfOrder(name, "only 'targets' is delegated by root");
    keys = &root_.role.keys;
    role_keys = &root_.role.roles.at(std::string(kTargets));
  } else {
    const Targets* parent = targets(delegator);
    if (parent == nullptr)
      return outOfOrder(name, "delegator '" + std::string(delegator) + "' is not trusted");
    if (parent->delegations) {
      keys = &parent->delegations->keys;
      role_keys = parent->delegations->keysFor(role);
    }
    if (role_keys == nullptr) {
      return securityError(SecurityCode::kTargetNotDelegated,
                           "not delegated by '" + std::string(delegator) + "'", name);
    }
  }
  auto mit = snapshot_->role.meta.find(name + ".json");
  if (mit == snapshot_->role.meta.end()) {
    return securityError(SecurityCode::kBadVersion, "not listed in snapshot", name);
  }
  const MetaFile& meta = mit->second;
  PSIRT_TRY(checkLengthAndHashes(bytes, meta.length, meta.hashes, name));
  PSIRT_ASSIGN_OR_RETURN(next, parseTargets(bytes, name, limits_));
  PSIRT_TRY(verifyThreshold(next.envelope, *keys, *role_keys, name));
  if (next.role.common.version != meta.version) {
    return securityError(SecurityCode::kBadVersion,
                         "version " + std::to_string(next.role.common.version) + ", snapshot lists " +
                             std::to_string(meta.version),
                         name);
  }
  PSIRT_TRY(checkNotExpired(next.role.common, name));
  auto it = targets_.find(name);
  if (it != targets_.end() && it->second.bytes == bytes) {
    it->second.verified_by.emplace(delegator);
    return okStatus();
  }
  TrustedTargets t{std::move(next), std::string(bytes), {}};
  t.verified_by.emplace(delegator);
  targets_.insert_or_assign(name, std::move(t));
  return okStatus();
}

const Targets* TrustedState::targets(std::string_view role) const {
  auto it = targets_.find(role);
  return it == targets_.end() ? nullptr : &it->second.metadata.role;
}

bool TrustedState::verifiedBy(std::string_view role, std::string_view delegator) const {
  auto it = targets_.find(role);
  return it != targets_.end() && it->second.verified_by.count(delegator) != 0;
}

const std::string* TrustedState::targetsBytes(std::string_view role) const {
  auto it = targets_.find(role);
  return it == targets_.end() ? nullptr : &it->second.bytes;
}

}  // namespace psirt::tuf
