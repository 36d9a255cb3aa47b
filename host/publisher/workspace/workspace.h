// The publisher's repository workspace (docs/formats/publisher-workspace.md).
//
//   DIR/public/        exactly the tree to serve (metadata/, targets/), only
//                      ever holding fully signed metadata
//   DIR/policy.json    expiry policy (days per role)
//   DIR/staged/        the pending change: change.json (new "signed" bodies
//                      and the signatures collected so far) and targets/<sha256>
//                      (bytes of targets not yet published)
//   DIR/lock           held while a command runs
//
// A Workspace is the published repository plus the staged change, loaded as
// one repo::Repository "view". Commands edit the view (edit()), sign it
// (sign(), merge()) and commit(): the change is published when every staged
// role meets its threshold (a new root: also the previous root's), else
// saved under staged/. Nothing touches DIR before commit(), so a failing
// command leaves DIR byte-identical.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agent/repo_builder/repository.h"
#include "platform/clock/clock.h"
#include "platform/error/result.h"
#include "platform/fs/fs.h"

namespace psirt::publish {

inline constexpr std::string_view kAdvisoriesRole = "advisories";
inline constexpr std::string_view kRemediationRole = "remediation";

// Days from signing to expiry, per role (defaults in docs).
struct Policy {
  std::map<std::string, std::int64_t, std::less<>> expiry_days;
  std::int64_t daysFor(std::string_view role) const;
};
Policy defaultPolicy();

// One signature made elsewhere (`sign --out`), bound to the exact bytes.
struct DetachedSignature {
  std::string role;
  std::int64_t version = 0;
  std::string signed_sha256;  // hex SHA-256 of the canonical "signed" bytes
  std::string keyid;
  std::string sig;
};
Result<std::string> encodeSignatureFile(const std::vector<DetachedSignature>& sigs);
Result<std::vector<DetachedSignature>> decodeSignatureFile(std::string_view bytes, const std::string& path);

// Who must sign one staged role: one authority, or two for a new root
// (its own keys and the previous root's).
struct Authority {
  std::string label;                  // "root v3 keys", "targets' delegation"
  std::vector<std::string> keyids;
  std::int64_t threshold = 1;
  std::vector<std::string> signed_keyids;  // valid signatures present
  bool met() const { return static_cast<std::int64_t>(signed_keyids.size()) >= threshold; }
};
struct RoleStatus {
  std::string role;
  std::int64_t version = 0;
  std::int64_t published_version = 0;  // 0 = new role
  std::string signed_sha256;
  std::vector<Authority> authorities;
  bool complete() const;
};

class Workspace {
 public:
  // Opens DIR (locks it, reads policy, public metadata and the staged change).
  static Result<Workspace> open(const std::string& dir, clock::Seconds now);
  // A new workspace around an unsigned initial repository (init): DIR must
  // not hold a workspace yet. Every role is staged.
  static Result<Workspace> create(const std::string& dir, Policy policy, repo::Repository initial,
                                  clock::Seconds now);
  Workspace(Workspace&&) noexcept;
  Workspace& operator=(Workspace&&) noexcept;
  ~Workspace();

  const std::string& dir() const;
  std::string publicDir() const;
  clock::Seconds now() const;
  const Policy& policy() const;
  repo::Repository& view();
  const repo::Repository* published() const;  // nullptr before v1 is published

  // Applies change to the view, then gives every changed role a new version
  // (once per publication) and a fresh expiry, and re-derives snapshot and
  // timestamp (new versions, x-psirt-issued = now). expiry_override sets the
  // days for snapshot and timestamp (export-bundle's offline validity).
  // kUsage "nothing to change" when the view is unchanged.
  Status edit(const std::function<Status(repo::Repository&)>& change,
              std::optional<std::int64_t> expiry_override = std::nullopt);
  // Records where the bytes of a target with this sha256 are (copied at commit).
  void stageBytes(const std::string& sha256_hex, const std::string& source_path);

  std::vector<std::string> stagedRoles() const;  // bytes differ from the published ones
  Result<std::vector<RoleStatus>> status() const;
  // Signs every staged role the keys are authorised for (and not signed by
  // them yet). Returns the signatures made; none is an error.
  Result<std::vector<DetachedSignature>> sign(const std::vector<repo::SigningKey>& keys);
  // Adds signatures made elsewhere; all-or-nothing: one made over other bytes,
  // by an unauthorised key or not verifying refuses the whole merge.
  Status merge(const std::vector<DetachedSignature>& sigs);
  Status discard();

  // Publishes when every staged role is complete (true), else saves the
  // staged change (false). Error if nothing is staged.
  Result<bool> commit();

  struct State;

 private:
  explicit Workspace(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

}  // namespace psirt::publish
