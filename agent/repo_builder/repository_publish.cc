// Targets, delegations, signing and the served file set.
#include <algorithm>

#include "agent/repo_builder/repository_state.h"
#include "platform/clock/clock.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"

namespace psirt::repo {
namespace {

std::string baseName(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}
std::string dirPrefix(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

}  // namespace

Status Repository::addTarget(std::string_view role, const std::string& path, std::string_view content) {
  auto bytes = crypto::asBytes(content);
  std::string sha256 = crypto::toHex(crypto::sha256(bytes));
  std::string sha512 = crypto::toHex(crypto::sha512(bytes));
  PSIRT_TRY(addTargetHashes(role, path, content.size(), sha256, sha512));
  // Served under every name a client may ask for; the plain path too.
  std::string dir = "targets/" + dirPrefix(path);
  s_->files[dir + sha256 + "." + baseName(path)] = std::string(content);
  s_->files[dir + sha512 + "." + baseName(path)] = std::string(content);
  s_->files["targets/" + path] = std::string(content);
  return okStatus();
}

Status Repository::delegate(std::string_view delegator, const Delegation& d,
                            const std::vector<SigningKey>& keys) {
  RoleState* from = s_->find(delegator);
  if (!from || !from->body.view().has("targets")) return unknownRole(delegator);
  if (isTopLevel(d.name) || s_->find(d.name)) {
    return makeError(ErrorCategory::kUsage, "role already exists", "role " + d.name);
  }
  Ref dl = from->body.member("delegations");
  if (!dl.view().has("keys")) dl.set("keys", Value::object());
  if (!dl.view().has("roles")) dl.set("roles", Value::array());
  Value entry = Value::object({{"name", d.name},
                               {"keyids", Value::array()},
                               {"threshold", d.threshold},
                               {"terminating", d.terminating}});
  if (!d.path_hash_prefixes.empty()) {
    entry.set("path_hash_prefixes", stringArray(d.path_hash_prefixes));
  } else {
    entry.set("paths", stringArray(d.paths));
  }
  dl.member("roles").push(std::move(entry));
  Value body = header("targets", s_->now + kYear);
  body.set("targets", Value::object());
  s_->roles[d.name] = RoleState{std::move(body), {}, std::string(delegator)};
  s_->delegated.push_back(d.name);
  for (const SigningKey& k : keys) PSIRT_TRY(addKey(d.name, k));
  return okStatus();
}

std::string Repository::metadataName(std::string_view role) const {
  std::string v = std::to_string(version(role));
  if (role == kRoot) return "metadata/" + v + ".root.json";
  if (role == kTimestamp) return "metadata/timestamp.json";
  std::string base = transport::percentEncode(role) + ".json";
  return "metadata/" + (s_->consistent() ? v + "." + base : base);
}

Result<std::string> Repository::targetName(const std::string& path) const {
  for (const auto& [name, r] : s_->roles) {
    auto targets = r.body.view().find("targets");
    auto target = targets ? targets->find(path) : std::nullopt;
    if (!target) continue;
    if (!s_->consistent()) return "targets/" + path;
    auto hashes = target->find("hashes");
    auto sha = hashes ? hashes->find("sha256") : std::nullopt;
    if (!sha || !sha->isString())
      return makeError(ErrorCategory::kUsage, "target has no sha256 hash", "target " + path);
    return "targets/" + dirPrefix(path) + std::string(sha->asString()) + "." + baseName(path);
  }
  return makeError(ErrorCategory::kUsage, "no such target", "target " + path);
}

Status Repository::publishRoot(const std::vector<SigningKey>& extra_signers) {
  RoleState r = s_->roles.at("root");
  for (const SigningKey& k : extra_signers) {
    if (std::none_of(r.signers.begin(), r.signers.end(),
                     [&](const SigningKey& s) { return s.keyid() == k.keyid(); })) {
      r.signers.push_back(k);
    }
  }
  PSIRT_ASSIGN_OR_RETURN(bytes, s_->sign(r));
  s_->files[metadataName(kRoot)] = std::move(bytes);
  return okStatus();
}

Status Repository::publishRole(std::string_view role) {
  RoleState* r = s_->find(role);
  if (!r) return unknownRole(role);
  if (role == kRoot) return publishRoot();
  if ((role == kTimestamp || role == kSnapshot) && s_->issued)
    r->body.set("x-psirt-issued", clock::formatTufTime(*s_->issued));
  PSIRT_ASSIGN_OR_RETURN(bytes, s_->sign(*r));
  s_->files[metadataName(role)] = std::move(bytes);
  return okStatus();
}

namespace {

// Snapshot/timestamp "meta" entry for role at its current version (length and
// sha256 of its served file when meta hashes are on).
Result<Value> metaEntry(const Repository& repo, bool hashes, std::string_view role) {
  Value e = Value::object({{"version", repo.version(role)}});
  if (hashes) {
    PSIRT_ASSIGN_OR_RETURN(bytes, repo.file(repo.metadataName(role)));
    e.set("length", bytes.size());
    e.set("hashes", Value::object({{"sha256", crypto::toHex(crypto::sha256(crypto::asBytes(bytes)))}}));
  }
  return e;
}

Status setSnapshotMeta(const Repository& repo, Repository::State& s) {
  Value meta = Value::object();
  for (const std::string& name : s.delegated) {
    PSIRT_ASSIGN_OR_RETURN(e, metaEntry(repo, s.meta_hashes, name));
    meta.set(name + ".json", std::move(e));
  }
  PSIRT_ASSIGN_OR_RETURN(te, metaEntry(repo, s.meta_hashes, kTargets));
  meta.set("targets.json", std::move(te));
  s.roles.at("snapshot").body.set("meta", std::move(meta));
  return okStatus();
}

Status setTimestampMeta(const Repository& repo, Repository::State& s) {
  PSIRT_ASSIGN_OR_RETURN(se, metaEntry(repo, s.meta_hashes, kSnapshot));
  Value meta = Value::object();
  meta.set("snapshot.json", std::move(se));
  s.roles.at("timestamp").body.set("meta", std::move(meta));
  return okStatus();
}

}  // namespace

Status Repository::refreshMeta() {
  if (s_->meta_hashes) {
    return makeError(ErrorCategory::kUsage, "meta hashes need the roles signed in order: use publish()");
  }
  PSIRT_TRY(setSnapshotMeta(*this, *s_));
  PSIRT_TRY(setTimestampMeta(*this, *s_));
  if (s_->issued) {
    for (auto* role : {"snapshot", "timestamp"})
      s_->roles.at(role).body.set("x-psirt-issued", clock::formatTufTime(*s_->issued));
  }
  return okStatus();
}

Status Repository::publish() {
  for (const std::string& name : s_->delegated) PSIRT_TRY(publishRole(name));
  PSIRT_TRY(publishRole(kTargets));
  PSIRT_TRY(setSnapshotMeta(*this, *s_));
  PSIRT_TRY(publishRole(kSnapshot));
  PSIRT_TRY(setTimestampMeta(*this, *s_));
  return publishRole(kTimestamp);
}

const std::map<std::string, std::string>& Repository::files() const { return s_->files; }

Result<std::string> Repository::file(const std::string& name) const {
  auto it = s_->files.find(name);
  if (it == s_->files.end()) return makeError(ErrorCategory::kUsage, "not served", name);
  return it->second;
}

Status Repository::mutateFile(const std::string& name, const std::function<void(std::string&)>& change) {
  auto it = s_->files.find(name);
  if (it == s_->files.end()) return makeError(ErrorCategory::kUsage, "not served", name);
  change(it->second);
  return okStatus();
}

Status Repository::removeFile(const std::string& name) {
  if (s_->files.erase(name) == 0) return makeError(ErrorCategory::kUsage, "not served", name);
  return okStatus();
}

Status Repository::dropSignatures(const std::string& name) {
  auto it = s_->files.find(name);
  if (it == s_->files.end()) return makeError(ErrorCategory::kUsage, "not served", name);
  auto j = Value::parse(it->second);
  if (!j || !j->view().isObject()) return makeError(ErrorCategory::kUsage, "not JSON", name);
  j->set("signatures", Value::array());
  it->second = j->dump(1);
  return okStatus();
}

Status Repository::writeTo(const std::string& dir) const {
  for (const auto& [name, bytes] : s_->files) {
    std::string path = fs::joinPath(dir, name);
    PSIRT_TRY(fs::makeDirectories(path.substr(0, path.rfind('/'))));
    PSIRT_TRY(fs::writeFileAtomic(path, bytes, 0644));
  }
  return okStatus();
}

}  // namespace psirt::repo
