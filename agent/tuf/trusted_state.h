// The trusted TUF metadata of one update: PURE (bytes in, result out, no I/O,
// no clock) and ORDERED — it accepts root, then timestamp, then snapshot, then
// targets, then delegated targets roles, and refuses anything out of order.
// Modelled on python-tuf's TrustedMetadataSet and go-tuf's trustedmetadata.
//
// Every check of spec §5.3-§5.6 lives here: _type, spec_version, signatures
// with thresholds (each public key once), root N -> N+1 signed by old AND new
// thresholds, version and rollback rules, hash/length binding of snapshot to
// timestamp and of targets to snapshot, and expiry against `reference_time`
// (the effective time fixed at the start of the update).
//
// "Intermediate" timestamp/snapshot: a timestamp or snapshot that passed its
// signature and rollback checks is kept even if it then fails its "final"
// checks (expiry; snapshot version against the timestamp). It then serves only
// as the rollback reference for a newer one: the final checks run again before
// anything is loaded on top of it. This is how a locally stored, expired
// timestamp still protects against rollback.
//
// Every failure is an Error whose context names the role; security failures
// carry a SecurityCode from the closed list in platform/error/error.h.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "agent/tuf/metadata.h"
#include "platform/error/result.h"

namespace psirt::tuf {

// Result of offering a timestamp.
enum class TimestampOutcome {
  kAccepted,   // newer version: now the trusted timestamp
  kUnchanged,  // same version as the trusted one: discarded, not an error (spec §5.4.3.1)
};

class TrustedState {
 public:
  // Starts from trusted root bytes (from the state store or `trust init`),
  // which must be signed by a threshold of their own root keys. Expiry of this
  // root is not checked (spec §5.2); the final root is checked in
  // updateTimestamp().
  static Result<TrustedState> create(std::string_view root_bytes, Seconds reference_time,
                                     const ParseLimits& limits = {});

  // Offers root version N+1 (spec §5.3.4-5.3.7): signed by the trusted root's
  // threshold and by its own; version exactly N+1 (kBadVersion otherwise).
  // Refused once a timestamp has been loaded.
  Status updateRoot(std::string_view bytes);

  // Offers a timestamp (spec §5.4). Checks first that the final root has not
  // expired (kExpired, context "root"). Rollback: version lower than the
  // trusted one or snapshot version going down -> kRollback; equal ->
  // kUnchanged. Expired -> kExpired (kept as intermediate, see above).
  // Refused once a snapshot has been loaded.
  Result<TimestampOutcome> updateTimestamp(std::string_view bytes);

  // Offers a snapshot (spec §5.5). `from_store` = bytes read from our own
  // state directory: the hash/length binding to the timestamp is skipped
  // (the version binding still applies). Rollback: every targets role listed
  // in the previous snapshot must stay listed with a version not lower.
  // Refused before a timestamp or once targets are loaded.
  Status updateSnapshot(std::string_view bytes, bool from_store = false);

  // Offers top-level targets (delegator "root") or a delegated role named
  // `role` whose delegator `delegator` is already trusted (spec §5.6): hash
  // and length against snapshot meta "<role>.json", signed by the delegator's
  // threshold for that role, version equal to the snapshot's, not expired.
  // A role already trusted through another delegator is verified again.
  Status updateTargets(std::string_view bytes);
  Status updateDelegatedTargets(std::string_view bytes, std::string_view role, std::string_view delegator);

  // Accessors (nullptr when not loaded).
  const Root& root() const { return root_.role; }
  const Timestamp* timestamp() const { return timestamp_ ? &timestamp_->role : nullptr; }
  const Snapshot* snapshot() const { return snapshot_ ? &snapshot_->role : nullptr; }
  const Targets* targets(std::string_view role = kTargets) const;
  // Whether `role` was verified against `delegator` ("root" for targets).
  bool verifiedBy(std::string_view role, std::string_view delegator) const;
  // The exact bytes a trusted delegated role was accepted from.
  const std::string* targetsBytes(std::string_view role) const;

 private:
  TrustedState() = default;
  Status checkFinalTimestamp() const;
  Status checkFinalSnapshot() const;
  Status checkNotExpired(const Common& c, std::string_view role) const;

  struct TrustedTargets {
    Signed<Targets> metadata;
    std::string bytes;
    std::set<std::string, std::less<>> verified_by;
  };

  ParseLimits limits_;
  Seconds reference_time_ = 0;
  Signed<Root> root_;
  std::optional<Signed<Timestamp>> timestamp_;
  std::optional<Signed<Snapshot>> snapshot_;
  std::map<std::string, TrustedTargets, std::less<>> targets_;
};

// Checks `bytes` against a MetaFile's length (if present) and hashes (every
// listed sha256/sha512 must match; unknown algorithms are ignored, but at least
// one known hash is needed when any are listed). kLengthMismatch /
// kHashMismatch / kUnsupported, context = `what`.
Status checkLengthAndHashes(std::string_view bytes, std::optional<std::int64_t> length,
                            const std::map<std::string, std::string>& hashes, std::string_view what);

// A length listed in metadata (64-bit signed in the format) as a byte count
// this process can hold: the ONE conversion from a listed length to size_t,
// so that nothing is narrowed on 32-bit targets (armhf: size_t is 32 bits; a
// listed 4 GiB + 5 must not become a 5-byte limit). Negative -> kParse;
// above SIZE_MAX - 1 (one below, so a fetcher's "limit + 1" cannot overflow)
// -> kLimit naming `what`; both before anything is fetched or allocated.
Result<std::size_t> listedLength(std::int64_t length, std::string_view what);

}  // namespace psirt::tuf
