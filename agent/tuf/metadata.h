// The TUF 1.0 metadata model (spec §4): root, timestamp, snapshot, targets and
// delegations, parsed from bytes under signed-metadata strictness (no
// duplicate keys, no floats, integers within 2^53; see agent/json/json.h).
//
// Parsing checks shape and types only; signatures, versions and expiry are
// checked by TrustedState. Unknown fields are tolerated (they are signed and
// covered by the canonical bytes), including custom fields and the deprecated
// key field `keyid_hash_algorithms`.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/clock/clock.h"
#include "platform/error/result.h"

namespace psirt::tuf {

using clock::Seconds;

inline constexpr std::string_view kRoot = "root";
inline constexpr std::string_view kTimestamp = "timestamp";
inline constexpr std::string_view kSnapshot = "snapshot";
inline constexpr std::string_view kTargets = "targets";

// A public key as listed in metadata: key type, scheme, and keyval.public
// (hex for ed25519, PEM SubjectPublicKeyInfo for ecdsa and rsa).
struct Key {
  std::string keytype;
  std::string scheme;
  std::string public_value;
};

// keyids + threshold of a top-level role or a delegation.
struct RoleKeys {
  std::vector<std::string> keyids;  // unique
  std::int64_t threshold = 1;       // >= 1
};

// One entry of snapshot/timestamp "meta": version, optional length and hashes.
struct MetaFile {
  std::int64_t version = 0;
  std::optional<std::int64_t> length;
  std::map<std::string, std::string> hashes;  // algorithm -> lower-case hex; may be empty
};

// One target: length, hashes (non-empty) and the optional custom object (as
// canonical JSON, for callers that want it).
struct TargetFile {
  std::int64_t length = 0;
  std::map<std::string, std::string> hashes;
  std::string custom_canonical;  // empty if absent
};

struct DelegatedRole {
  std::string name;
  RoleKeys keys;
  bool terminating = false;
  // Exactly one of the two is set (spec §4.5).
  std::optional<std::vector<std::string>> paths;
  std::optional<std::vector<std::string>> path_hash_prefixes;

  // Whether `target_path` is delegated to this role: paths are shell patterns
  // matched component by component ('*' and '?' never match '/'), hash
  // prefixes are prefixes of the hex SHA-256 of the target path.
  bool delegates(std::string_view target_path) const;
};

// TAP 15 succinct hash-bin delegation: 2^bit_length terminating roles named
// "<name_prefix>-<bin in lower-case hex, zero-padded to ceil(bit_length/4)>",
// all with the same keys; a target goes to the bin given by the first
// bit_length bits of SHA-256(target path).
struct SuccinctRoles {
  RoleKeys keys;
  int bit_length = 1;  // 1..32
  std::string name_prefix;
  std::string roleFor(std::string_view target_path) const;
  std::string binName(std::uint32_t bin) const;
  bool isRole(std::string_view name) const;
};

struct Delegations {
  std::map<std::string, Key> keys;
  std::vector<DelegatedRole> roles;       // in order of appearance (search order)
  std::optional<SuccinctRoles> succinct;  // instead of roles (exactly one of the two)

  // Roles responsible for `target_path`, in search order.
  std::vector<DelegatedRole> rolesFor(std::string_view target_path) const;
  // Keys and threshold of delegated role `name`, nullptr if not delegated here.
  const RoleKeys* keysFor(std::string_view name) const;
};

// Fields common to every role's "signed" object.
struct Common {
  std::string type;          // "_type"
  std::string spec_version;  // "1.x[.y]"
  std::int64_t version = 0;  // >= 1
  Seconds expires = 0;
  std::string expires_text;
  std::optional<Seconds> psirt_issued;  // signed custom field "x-psirt-issued" (docs/design.md#time)
};

struct Root {
  Common common;
  bool consistent_snapshot = false;
  std::map<std::string, Key> keys;
  std::map<std::string, RoleKeys> roles;  // exactly root, timestamp, snapshot, targets
};

struct Timestamp {
  Common common;
  MetaFile snapshot_meta;  // meta["snapshot.json"]
};

struct Snapshot {
  Common common;
  std::map<std::string, MetaFile> meta;  // "targets.json", "<role>.json"
};

struct Targets {
  Common common;
  std::map<std::string, TargetFile> targets;
  std::optional<Delegations> delegations;
};

struct Signature {
  std::string keyid;
  std::string sig_hex;  // empty = the keyholder did not sign
};

// A parsed metadata file: the canonical bytes of "signed" (what signatures
// cover) and the signatures. Role-specific content is parsed separately.
struct Envelope {
  std::string type;              // signed._type
  std::string canonical_signed;  // OLPC canonical JSON of "signed"
  std::vector<Signature> signatures;
};

// Limits applied while parsing metadata (beyond the byte limit of the fetch).
struct ParseLimits {
  std::size_t max_bytes = 16u << 20;
  std::size_t max_depth = 32;
};

// A role's content with the envelope it came in.
template <typename T>
struct Signed {
  Envelope envelope;
  T role;
};

// Each parse* function parses the whole file (envelope included) and checks
// that signed._type is the expected role type (kWrongType otherwise).
// `role` names the role in error contexts (a delegated role's name for
// targets). Errors: kParse / kLimit for shape, kSecurity+kWrongType for _type,
// kUnsupported for a spec_version whose major is not 1.
Result<Envelope> parseEnvelope(std::string_view bytes, std::string_view role, const ParseLimits& limits = {});
Result<Signed<Root>> parseRoot(std::string_view bytes, const ParseLimits& limits = {});
Result<Signed<Timestamp>> parseTimestamp(std::string_view bytes, const ParseLimits& limits = {});
Result<Signed<Snapshot>> parseSnapshot(std::string_view bytes, const ParseLimits& limits = {});
Result<Signed<Targets>> parseTargets(std::string_view bytes, std::string_view role,
                                     const ParseLimits& limits = {});

// TUF's strict time form "YYYY-MM-DDTHH:MM:SSZ" <-> seconds since the epoch:
// platform/clock owns it (64-bit, own arithmetic: 2038 and 2100 work on 32-bit ARM).
using clock::formatTufTime;
using clock::parseTufTime;

// Shell-pattern match of a target path, component by component (exposed for tests).
bool pathMatchesPattern(std::string_view pattern, std::string_view path);

// Whether a role name is one of the four top-level roles.
bool isTopLevelRole(std::string_view name);

}  // namespace psirt::tuf
