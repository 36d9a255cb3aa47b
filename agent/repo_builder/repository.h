// Builds and signs TUF 1.0 repositories in memory, for tests on every
// architecture and (later) for psirt-publish. Pure: no clock, no randomness
// except in key generation, no I/O except writeTo().
//
// Model (like the conformance suite's simulator): each role's "signed" part is
// edited through this API; publish*() signs canonical JSON of it with the
// role's signers and stores the bytes under the name a client requests:
//   metadata/N.root.json (every root version), metadata/timestamp.json,
//   metadata/[N.]snapshot.json, metadata/[N.]<quoted role>.json,
//   targets/<dir>/<sha256>.<base> and <sha512>.<base> (consistent snapshots)
//   or targets/<path>.
// Role names in file names are percent-encoded like Python's quote(name, safe="").
// Versions change only when asked (bumpVersion/setVersion): tests decide.
//
// psirt-publish works on an existing repository: load() rebuilds the roles
// from served metadata, signedCanonical() gives the bytes a signature covers,
// and envelope() wraps a role with signatures made elsewhere (other
// machines, other key stores). Private keys never need to be in this object.
//
// Broken variants for attack tests: sign with other keys (setSigners), too
// few signatures, stale or bumped versions, mutateFile() after signing,
// dropSignatures(), custom fields, expiry in the past.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agent/repo_builder/signing_key.h"
#include "platform/error/result.h"

namespace psirt::repo {

using Seconds = std::int64_t;  // Unix time, 64-bit everywhere

inline constexpr std::string_view kRoot = "root";
inline constexpr std::string_view kTimestamp = "timestamp";
inline constexpr std::string_view kSnapshot = "snapshot";
inline constexpr std::string_view kTargets = "targets";

struct Delegation {
  std::string name;
  std::vector<std::string> paths;                // "paths" (glob patterns), or
  std::vector<std::string> path_hash_prefixes;   // "path_hash_prefixes" when non-empty
  bool terminating = false;
  std::uint32_t threshold = 1;
};

class Repository {
 public:
  // Every top-level role at version 1, expiring now + 365 days, with one key
  // each (keys[role] authorised in root, signing), threshold 1, consistent
  // snapshots on, no targets.
  struct TopLevelKeys {
    SigningKey root, timestamp, snapshot, targets;
  };
  Repository(TopLevelKeys keys, Seconds now);
  // The four top-level roles at version 1, expiring now + 365 days, with no
  // keys (authorizeKey adds them), consistent snapshots on, no targets.
  explicit Repository(Seconds now);
  // Rebuilds a repository from the metadata files of an existing one, named
  // as files() names them ("metadata/N.root.json", "metadata/timestamp.json",
  // ...): the newest root, the timestamp, the snapshot it lists and every
  // role that snapshot lists (delegators found through "delegations"). No
  // signers; files() starts with the given files. Errors name the file.
  static Result<Repository> load(const std::map<std::string, std::string>& metadata, Seconds now);
  ~Repository();
  Repository(Repository&&) noexcept;
  Repository& operator=(Repository&&) noexcept;

  // ---- editing (role: a top-level name or a delegated role) ------------
  // Authorises key for role (in root for top-level roles, in the delegator
  // for delegated ones) and adds it to the role's signers.
  Status addKey(std::string_view role, const SigningKey& key);
  // Authorises a public key for role without making it a signer.
  Status authorizeKey(std::string_view role, const PublicKeyInfo& key);
  // Removes the key from the role's authorised keys (and from its signers).
  Status revokeKey(std::string_view role, const std::string& keyid);
  // Exactly these keys sign the role from now on (may be unauthorised keys).
  Status setSigners(std::string_view role, std::vector<SigningKey> signers);
  Status setThreshold(std::string_view role, std::uint32_t threshold);
  Status setExpires(std::string_view role, Seconds expires);
  Status setVersion(std::string_view role, std::int64_t version);
  Status bumpVersion(std::string_view role);
  std::int64_t version(std::string_view role) const;  // 0 if unknown
  // Sets signed[field] to a JSON value given as text (custom fields, or to
  // break a field: "_type", "spec_version"...). Empty json_value removes it.
  Status setField(std::string_view role, const std::string& field, std::string_view json_value);
  void setConsistentSnapshot(bool on);
  // Whether snapshot lists length + sha256 of targets metadata and timestamp
  // of snapshot (optional in the spec; off by default as in the simulator).
  void setMetaHashes(bool on);
  // x-psirt-issued (docs/design.md#time) written into timestamp and snapshot.
  void setIssued(Seconds issued);

  // Adds (or replaces) a target in role ("targets" or delegated).
  Status addTarget(std::string_view role, const std::string& path, std::string_view content);
  // Lists a target by length and hex hashes only (no file is served: the
  // caller stores the bytes; large artifacts need not be in memory).
  Status addTargetHashes(std::string_view role, const std::string& path, std::uint64_t length,
                         const std::string& sha256_hex, const std::string& sha512_hex);
  // Drops a target from role's list (kUsage naming it if absent).
  Status removeTarget(std::string_view role, const std::string& path);
  // Creates role `d.name` (version 1, same expiry policy) delegated by
  // `delegator` with the given keys authorised and signing.
  Status delegate(std::string_view delegator, const Delegation& d, const std::vector<SigningKey>& keys);

  // ---- inspecting --------------------------------------------------------
  // Top-level roles (root, timestamp, snapshot, targets), then delegated ones
  // in creation (or load) order.
  std::vector<std::string> roleNames() const;
  // Name of the role that delegates `role` ("" for top-level or unknown).
  std::string delegatorOf(std::string_view role) const;
  // The role's "signed" object as OLPC canonical JSON: the exact bytes every
  // signature of this version covers.
  Result<std::string> signedCanonical(std::string_view role) const;
  // Replaces the role's "signed" object (JSON text of an object whose _type
  // matches the role). For staged edits read back from disk.
  Status setSigned(std::string_view role, std::string_view json_object);

  // ---- publishing ---------------------------------------------------------
  struct Signature {
    std::string keyid;
    std::string sig;  // hex
  };
  // Sets snapshot "meta" from the current versions of targets and delegated
  // roles, timestamp "meta" from snapshot's version, and x-psirt-issued when
  // set. Signs nothing (with setMetaHashes(true) the hashed files must be
  // served already).
  Status refreshMeta();
  // The metadata file of role at its current version carrying exactly these
  // signatures (made elsewhere over signedCanonical(role)). Nothing is
  // verified or served here.
  Result<std::string> envelope(std::string_view role, const std::vector<Signature>& signatures) const;
  // Signs root at its current version with its signers plus extra_signers
  // (rotation: root N+1 must also carry N's threshold of N's keys) and
  // serves it as metadata/N.root.json.
  Status publishRoot(const std::vector<SigningKey>& extra_signers = {});
  // Signs targets and every delegated role, then snapshot (listing their
  // current versions), then timestamp (listing snapshot's). Serves them.
  Status publish();
  // Signs only one non-root role (its meta in snapshot/timestamp unchanged).
  Status publishRole(std::string_view role);

  // ---- the served files -------------------------------------------------
  const std::map<std::string, std::string>& files() const;
  // Bytes served under name, or an error naming it.
  Result<std::string> file(const std::string& name) const;
  // Changes served bytes after signing (tamper tests). Error if absent.
  Status mutateFile(const std::string& name, const std::function<void(std::string&)>& change);
  Status removeFile(const std::string& name);
  // Re-serialises the file with an empty signatures list ("signed" unchanged).
  Status dropSignatures(const std::string& name);
  // Served name of a role's metadata at its current version.
  std::string metadataName(std::string_view role) const;
  // Served name of a target (first hash prefix when consistent).
  Result<std::string> targetName(const std::string& path) const;

  // Writes every served file under dir (creating subdirectories).
  Status writeTo(const std::string& dir) const;

  struct State;

 private:
  std::unique_ptr<State> s_;
};

}  // namespace psirt::repo
