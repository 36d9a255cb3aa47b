#include "agent/repo_builder/repository.h"

#include <algorithm>
#include <optional>

#include "agent/repo_builder/repository_state.h"
#include "platform/crypto/crypto.h"

namespace psirt::repo {

Repository::Repository(TopLevelKeys keys, Seconds now) : Repository(now) {
  (void)addKey(kRoot, keys.root);
  (void)addKey(kTimestamp, keys.timestamp);
  (void)addKey(kSnapshot, keys.snapshot);
  (void)addKey(kTargets, keys.targets);
}

Repository::Repository(Seconds now) : s_(std::make_unique<State>()) {
  s_->now = now;
  Value root = header("root", now + kYear);
  root.set("consistent_snapshot", true);
  root.set("keys", Value::object());
  Ref roles = root.member("roles");
  for (auto* name : {"root", "timestamp", "snapshot", "targets"}) {
    roles.set(name, Value::object({{"keyids", Value::array()}, {"threshold", 1}}));
  }
  s_->roles["root"] = RoleState{std::move(root), {}, {}};
  s_->roles["timestamp"] = RoleState{header("timestamp", now + kYear), {}, {}};
  s_->roles["snapshot"] = RoleState{header("snapshot", now + kYear), {}, {}};
  Value targets = header("targets", now + kYear);
  targets.set("targets", Value::object());
  s_->roles["targets"] = RoleState{std::move(targets), {}, {}};
}

Repository::~Repository() = default;
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;

Status Repository::addKey(std::string_view role, const SigningKey& key) {
  PSIRT_TRY(authorizeKey(role, key.publicInfo()));
  auto& signers = s_->find(role)->signers;
  if (std::none_of(signers.begin(), signers.end(),
                   [&](const SigningKey& k) { return k.keyid() == key.keyid(); })) {
    signers.push_back(key);
  }
  return okStatus();
}

Status Repository::authorizeKey(std::string_view role, const PublicKeyInfo& key) {
  PSIRT_ASSIGN_OR_RETURN(auth, s_->authority(role));
  auth.first.set(key.keyid, Value::object({{"keytype", key.keytype},
                                           {"scheme", key.scheme},
                                           {"keyval", Value::object({{"public", key.public_value}})}}));
  Ref ids = auth.second.member("keyids");
  if (!holdsString(ids.view(), key.keyid)) ids.push(key.keyid);
  return okStatus();
}

Status Repository::revokeKey(std::string_view role, const std::string& keyid) {
  PSIRT_ASSIGN_OR_RETURN(auth, s_->authority(role));
  Ref ids = auth.second.member("keyids");
  if (ids.view().isArray()) {
    Value kept = Value::array();
    for (const json::View& id : ids.view().elements()) {
      if (!(id.isString() && id.asString() == keyid)) kept.push(Value::copyOf(id));
    }
    ids.assign(std::move(kept));
  }
  auto& signers = s_->find(role)->signers;
  signers.erase(
      std::remove_if(signers.begin(), signers.end(), [&](const SigningKey& k) { return k.keyid() == keyid; }),
      signers.end());
  return okStatus();
}

Status Repository::setSigners(std::string_view role, std::vector<SigningKey> signers) {
  RoleState* r = s_->find(role);
  if (!r) return unknownRole(role);
  r->signers = std::move(signers);
  return okStatus();
}

Status Repository::setThreshold(std::string_view role, std::uint32_t threshold) {
  PSIRT_ASSIGN_OR_RETURN(auth, s_->authority(role));
  auth.second.set("threshold", threshold);
  return okStatus();
}

Status Repository::setExpires(std::string_view role, Seconds expires) {
  RoleState* r = s_->find(role);
  if (!r) return unknownRole(role);
  r->body.set("expires", clock::formatTufTime(expires));
  return okStatus();
}

Status Repository::setVersion(std::string_view role, std::int64_t version) {
  RoleState* r = s_->find(role);
  if (!r) return unknownRole(role);
  r->body.set("version", version);
  return okStatus();
}

Status Repository::bumpVersion(std::string_view role) { return setVersion(role, version(role) + 1); }

std::int64_t Repository::version(std::string_view role) const {
  RoleState* r = s_->find(role);
  if (!r) return 0;
  auto v = r->body.view().find("version");
  return v ? v->asInteger(0) : 0;
}

Status Repository::setField(std::string_view role, const std::string& field, std::string_view json_value) {
  RoleState* r = s_->find(role);
  if (!r) return unknownRole(role);
  if (json_value.empty()) {
    r->body.erase(field);
    return okStatus();
  }
  auto v = Value::parse(json_value);
  if (!v) return makeError(ErrorCategory::kUsage, "not JSON: " + v.error().describe(), "field " + field);
  r->body.set(field, std::move(*v));
  return okStatus();
}

void Repository::setConsistentSnapshot(bool on) { s_->roles.at("root").body.set("consistent_snapshot", on); }
void Repository::setMetaHashes(bool on) { s_->meta_hashes = on; }
void Repository::setIssued(Seconds issued) { s_->issued = issued; }

}  // namespace psirt::repo
