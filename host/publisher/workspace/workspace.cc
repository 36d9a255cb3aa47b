#include "host/publisher/workspace/workspace.h"

#include <algorithm>
#include <cerrno>

#include "host/publisher/workspace/workspace_state.h"
#include "platform/crypto/crypto.h"
#include "platform/transport/url.h"

namespace psirt::publish {
namespace {

constexpr const char* kPolicyFormat = "psirt-publish-policy-1";
constexpr const char* kStagedFormat = "psirt-publish-staged-1";
constexpr std::size_t kMaxPolicyBytes = 64 * 1024;
constexpr std::size_t kMaxMetadataBytes = std::size_t{16} << 20;
constexpr std::size_t kMaxStagedBytes = kMaxMetadataBytes * 4;
constexpr std::size_t kMaxTargetBytes = std::size_t{1} << 30;

// Bounds for parsing a workspace file of at most max_bytes: the file size
// is the bound (its staged bodies are bounded again as signed metadata when
// the repository view is loaded).
json::ParseOptions fileOptions(std::size_t max_bytes) {
  json::ParseOptions o;
  o.max_bytes = max_bytes;
  o.max_string_bytes = max_bytes;
  o.max_values = max_bytes;
  return o;
}

template <typename T>
Result<T> inContext(Result<T> r, const std::string& where) {
  if (!r) return r.error().within(where);
  return r;
}

// Served name of a role at a version (consistent snapshots are always on).
std::string metadataName(std::string_view role, std::int64_t version) {
  if (role == repo::kRoot) return "metadata/" + std::to_string(version) + ".root.json";
  if (role == repo::kTimestamp) return "metadata/timestamp.json";
  return "metadata/" + std::to_string(version) + "." + transport::percentEncode(role) + ".json";
}

Result<Policy> readPolicy(const std::string& path) {
  PSIRT_ASSIGN_OR_RETURN(bytes, inContext(fs::readFile(path, kMaxPolicyBytes), "not a psirt-publish workspace"));
  auto doc = json::Document::parse(bytes, fileOptions(kMaxPolicyBytes));
  if (!doc) return makeError(ErrorCategory::kParse, "not a psirt-publish policy file: " + doc.error().describe(), path);
  const json::View j = doc->root();
  auto expiry = j.getObject("expiry_days");
  if (j.getString("format").value_or({}) != kPolicyFormat || !expiry) {
    return makeError(ErrorCategory::kParse, "not a psirt-publish policy file", path);
  }
  Policy p;
  for (const auto& [role, days] : expiry->members()) {
    auto n = days.integer();
    if (!n || *n < 1 || *n > 36500) {
      return makeError(ErrorCategory::kParse, "expiry_days." + std::string(role) + " must be 1..36500", path);
    }
    p.expiry_days[std::string(role)] = *n;
  }
  return p;
}

Status writePolicy(const std::string& path, const Policy& p) {
  json::Value days = json::Value::object();
  for (const auto& [role, d] : p.expiry_days) days.set(role, d);
  const json::Value file = json::Value::object({{"format", kPolicyFormat}, {"expiry_days", std::move(days)}});
  return fs::writeFileAtomic(path, file.dump(1) + "\n", 0644);
}

Result<std::map<std::string, std::string>> readMetadataDir(const std::string& dir) {
  std::map<std::string, std::string> out;
  PSIRT_ASSIGN_OR_RETURN(present, fs::exists(dir));
  if (!present) return out;
  PSIRT_ASSIGN_OR_RETURN(entries, fs::listDirectory(dir));
  for (const auto& e : entries) {
    if (!e.is_regular) continue;
    PSIRT_ASSIGN_OR_RETURN(bytes, fs::readFile(fs::joinPath(dir, e.name), kMaxMetadataBytes));
    out["metadata/" + e.name] = std::move(bytes);
  }
  return out;
}

Status copyFile(const std::string& from, const std::string& to, unsigned mode) {
  PSIRT_ASSIGN_OR_RETURN(bytes, fs::readFile(from, kMaxTargetBytes));
  PSIRT_TRY(fs::makeDirectories(to.substr(0, to.rfind('/')), 0755));
  return fs::writeFileAtomic(to, bytes, mode);
}

// One entry of staged/change.json's "roles".
struct StagedRole {
  std::string role;
  std::int64_t version = 0;
  std::string envelope;  // the signed body in an unsigned envelope, for Repository::load
  std::vector<repo::Repository::Signature> signatures;
};

Result<StagedRole> readStagedRole(const json::View& r) {
  StagedRole out;
  PSIRT_ASSIGN_OR_RETURN(role, r.getString("role"));
  if (role.empty()) return r.error("empty role name");
  out.role = role;
  PSIRT_ASSIGN_OR_RETURN(body, r.getObject("signed"));
  PSIRT_ASSIGN_OR_RETURN(version, body.getInteger("version"));
  out.version = version;
  PSIRT_ASSIGN_OR_RETURN(sigs, r.getArray("signatures"));
  for (const json::View& sig : sigs.elements()) {
    PSIRT_ASSIGN_OR_RETURN(keyid, sig.getString("keyid"));
    PSIRT_ASSIGN_OR_RETURN(value, sig.getString("sig"));
    out.signatures.push_back({std::string(keyid), std::string(value)});
  }
  out.envelope = json::Value::object({{"signed", json::Value::copyOf(body)}, {"signatures", json::Value::array()}}).dump();
  return out;
}

// (sha256, sha512) hex of a target entry of a targets role.
Result<std::pair<std::string, std::string>> targetHashes(const json::View& info) {
  PSIRT_ASSIGN_OR_RETURN(hashes, info.getObject("hashes"));
  PSIRT_ASSIGN_OR_RETURN(sha256, hashes.getString("sha256"));
  PSIRT_ASSIGN_OR_RETURN(sha512, hashes.getString("sha512"));
  return std::pair<std::string, std::string>(sha256, sha512);
}

std::string dirPart(const std::string& p) { return p.rfind('/') == std::string::npos ? "" : p.substr(0, p.rfind('/') + 1); }
std::string basePart(const std::string& p) { return p.substr(p.rfind('/') == std::string::npos ? 0 : p.rfind('/') + 1); }

}  // namespace

std::int64_t Policy::daysFor(std::string_view role) const {
  auto it = expiry_days.find(role);
  if (it != expiry_days.end()) return it->second;
  it = expiry_days.find("delegated");
  return it != expiry_days.end() ? it->second : 90;
}

Policy defaultPolicy() {
  return Policy{{{"root", 365}, {"targets", 365}, {"snapshot", 7}, {"timestamp", 1}, {"advisories", 90},
                 {"remediation", 180}}};
}

Workspace::Workspace(std::unique_ptr<State> s) : s_(std::move(s)) {}
Workspace::Workspace(Workspace&&) noexcept = default;
Workspace& Workspace::operator=(Workspace&&) noexcept = default;
Workspace::~Workspace() = default;

const std::string& Workspace::dir() const { return s_->dir; }
std::string Workspace::publicDir() const { return s_->path("public"); }
clock::Seconds Workspace::now() const { return s_->now; }
const Policy& Workspace::policy() const { return s_->policy; }
repo::Repository& Workspace::view() { return *s_->view; }
const repo::Repository* Workspace::published() const { return s_->published ? &*s_->published : nullptr; }

Result<Workspace> Workspace::open(const std::string& dir, clock::Seconds now) {
  auto s = std::make_unique<State>();
  s->dir = dir;
  s->now = now;
  PSIRT_ASSIGN_OR_RETURN(policy, readPolicy(s->path("policy.json")));
  s->policy = std::move(policy);
  auto lock = fs::FileLock::acquire(s->path("lock"), false);
  // Only a lock held elsewhere is "another psirt-publish"; a read-only or
  // unwritable workspace is reported with its errno.
  if (!lock && lock.error().code == EWOULDBLOCK) return lock.error().within("another psirt-publish uses " + dir);
  if (!lock) return lock.error();
  s->lock.emplace(std::move(*lock));
  PSIRT_ASSIGN_OR_RETURN(meta, readMetadataDir(s->path("public/metadata")));
  s->public_meta = meta;
  if (!meta.empty()) {
    PSIRT_ASSIGN_OR_RETURN(pub, inContext(repo::Repository::load(meta, now), s->path("public")));
    s->published.emplace(std::move(pub));
  }
  std::map<std::string, std::string> overlay = meta;
  const std::string change_path = s->path("staged/change.json");
  PSIRT_ASSIGN_OR_RETURN(staged, fs::exists(change_path));
  if (staged) {
    PSIRT_ASSIGN_OR_RETURN(bytes, fs::readFile(change_path, kMaxStagedBytes));
    auto doc = json::Document::parse(bytes, fileOptions(kMaxStagedBytes));
    if (!doc) return makeError(ErrorCategory::kParse, "not a staged change file: " + doc.error().describe(), change_path);
    const json::View j = doc->root();
    auto roles = j.getArray("roles");
    if (j.getString("format").value_or({}) != kStagedFormat || !roles) {
      return makeError(ErrorCategory::kParse, "not a staged change file", change_path);
    }
    for (const json::View& r : roles->elements()) {
      auto entry = readStagedRole(r);
      if (!entry) return makeError(ErrorCategory::kParse, "bad staged role entry: " + entry.error().describe(), change_path);
      auto& sigs = s->sigs[entry->role];
      sigs.insert(sigs.end(), entry->signatures.begin(), entry->signatures.end());
      overlay[metadataName(entry->role, entry->version)] = std::move(entry->envelope);
    }
  }
  if (overlay.empty()) return makeError(ErrorCategory::kUsage, "workspace has neither published nor staged metadata", dir);
  PSIRT_ASSIGN_OR_RETURN(view, inContext(repo::Repository::load(overlay, now), change_path));
  s->view.emplace(std::move(view));
  return Workspace(std::move(s));
}

Result<Workspace> Workspace::create(const std::string& dir, Policy policy, repo::Repository initial,
                                    clock::Seconds now) {
  auto s = std::make_unique<State>();
  s->dir = dir;
  s->now = now;
  s->policy = std::move(policy);
  PSIRT_ASSIGN_OR_RETURN(exists, fs::exists(s->path("policy.json")));
  if (exists) return makeError(ErrorCategory::kUsage, "a workspace exists already", dir);
  s->view.emplace(std::move(initial));
  repo::Repository& v = *s->view;
  v.setIssued(now);
  for (const std::string& role : v.roleNames()) {
    PSIRT_TRY(v.setExpires(role, now + s->policy.daysFor(role) * 86400));
  }
  PSIRT_TRY(v.refreshMeta());
  return Workspace(std::move(s));
}

std::vector<std::string> Workspace::stagedRoles() const {
  std::vector<std::string> out;
  for (const std::string& role : s_->view->roleNames()) {
    auto now_bytes = s_->view->signedCanonical(role);
    auto before = s_->published ? s_->published->signedCanonical(role) : Result<std::string>(std::string());
    if (!s_->published || !before || !now_bytes || *before != *now_bytes) out.push_back(role);
  }
  return out;
}

Status Workspace::edit(const std::function<Status(repo::Repository&)>& change,
                       std::optional<std::int64_t> expiry_override) {
  repo::Repository& v = *s_->view;
  std::map<std::string, std::string> before;
  for (const std::string& role : v.roleNames()) before[role] = v.signedCanonical(role).value_or("");
  PSIRT_TRY(change(v));
  auto bumpOnce = [&](const std::string& role) -> Status {
    const std::int64_t pv = s_->published ? s_->published->version(role) : 0;
    if (v.version(role) <= pv) PSIRT_TRY(v.setVersion(role, pv + 1));
    return okStatus();
  };
  bool any = expiry_override.has_value();
  for (const std::string& role : v.roleNames()) {
    if (before.count(role) && before[role] == v.signedCanonical(role).value_or("")) continue;
    any = true;
    if (role == repo::kSnapshot || role == repo::kTimestamp) continue;
    PSIRT_TRY(bumpOnce(role));
    PSIRT_TRY(v.setExpires(role, s_->now + s_->policy.daysFor(role) * 86400));
  }
  if (!any) return makeError(ErrorCategory::kUsage, "nothing to change");
  for (auto role : {repo::kSnapshot, repo::kTimestamp}) {
    PSIRT_TRY(bumpOnce(std::string(role)));
    const std::int64_t days = expiry_override ? *expiry_override : s_->policy.daysFor(role);
    PSIRT_TRY(v.setExpires(role, s_->now + days * 86400));
  }
  v.setIssued(s_->now);
  PSIRT_TRY(v.refreshMeta());
  for (const std::string& role : v.roleNames()) {
    if (!before.count(role) || before[role] != v.signedCanonical(role).value_or("")) s_->sigs.erase(role);
  }
  return okStatus();
}

void Workspace::stageBytes(const std::string& sha256_hex, const std::string& source_path) {
  s_->blobs[sha256_hex] = source_path;
}

Status Workspace::discard() {
  PSIRT_ASSIGN_OR_RETURN(staged, fs::exists(s_->path("staged/change.json")));
  if (!staged) return makeError(ErrorCategory::kUsage, "nothing is staged", s_->dir);
  auto blobs = fs::listDirectory(s_->path("staged/targets"));
  if (blobs) {
    for (const auto& e : *blobs) PSIRT_TRY(fs::removeFile(s_->path("staged/targets/" + e.name)));
  }
  return fs::removeFile(s_->path("staged/change.json"));
}

Result<bool> Workspace::commit() {
  const std::vector<std::string> staged = stagedRoles();
  if (staged.empty()) return makeError(ErrorCategory::kUsage, "nothing is staged");
  PSIRT_ASSIGN_OR_RETURN(statuses, status());
  const bool complete = std::all_of(statuses.begin(), statuses.end(), [](const RoleStatus& r) { return r.complete(); });
  PSIRT_TRY(fs::makeDirectories(s_->dir, 0755));
  PSIRT_ASSIGN_OR_RETURN(has_policy, fs::exists(s_->path("policy.json")));
  if (!has_policy) PSIRT_TRY(writePolicy(s_->path("policy.json"), s_->policy));
  repo::Repository& v = *s_->view;
  // Target bytes each staged targets role lists: where they are now.
  std::vector<std::pair<std::string, std::string>> copies;  // (from, public name) in order
  for (const std::string& role : staged) {
    PSIRT_ASSIGN_OR_RETURN(body, signedBody(&v, role));
    auto targets = body.root().find("targets");
    if (!targets) continue;
    for (const auto& [path_view, info] : targets->members()) {
      const std::string path(path_view);
      auto hashes = targetHashes(info);
      if (!hashes) return hashes.error().within("signed body of role " + role);
      const auto& [sha256, sha512] = *hashes;
      const std::string name256 = "targets/" + dirPart(path) + sha256 + "." + basePart(path);
      const std::string name512 = "targets/" + dirPart(path) + sha512 + "." + basePart(path);
      PSIRT_ASSIGN_OR_RETURN(served, fs::exists(s_->path("public/" + name256)));
      if (served) continue;
      std::string from = s_->blobs.count(sha256) ? s_->blobs[sha256] : s_->path("staged/targets/" + sha256);
      PSIRT_ASSIGN_OR_RETURN(have, fs::exists(from));
      if (!have) return makeError(ErrorCategory::kIo, "the bytes of target " + path + " are not staged", from);
      copies.emplace_back(from, complete ? "public/" + name256 : "staged/targets/" + sha256);
      if (complete) copies.emplace_back(from, "public/" + name512);
    }
  }
  if (!complete) {
    json::Value roles = json::Value::array();
    for (const std::string& role : staged) {
      json::Value sigs = json::Value::array();
      for (const auto& sg : s_->sigs[role]) sigs.push(json::Value::object({{"keyid", sg.keyid}, {"sig", sg.sig}}));
      PSIRT_ASSIGN_OR_RETURN(body, signedBody(&v, role));
      roles.push(json::Value::object(
          {{"role", role}, {"signed", json::Value::copyOf(body.root())}, {"signatures", std::move(sigs)}}));
    }
    PSIRT_TRY(fs::makeDirectories(s_->path("staged/targets"), 0755));
    for (const auto& [from, to] : copies) {
      if (s_->path(to) != from) PSIRT_TRY(copyFile(from, s_->path(to), 0644));
    }
    const json::Value change = json::Value::object({{"format", kStagedFormat}, {"roles", std::move(roles)}});
    PSIRT_TRY(fs::writeFileAtomic(s_->path("staged/change.json"), change.dump(1) + "\n", 0644));
    return false;
  }
  // Publish: targets first, then metadata bottom-up, timestamp last.
  for (const auto& [from, to] : copies) PSIRT_TRY(copyFile(from, s_->path(to), 0644));
  std::vector<std::string> order;
  if (std::find(staged.begin(), staged.end(), "root") != staged.end()) order.push_back("root");
  for (auto it = staged.rbegin(); it != staged.rend(); ++it) {
    if (*it != "root" && *it != "snapshot" && *it != "timestamp") order.push_back(*it);
  }
  for (auto role : {"snapshot", "timestamp"}) {
    if (std::find(staged.begin(), staged.end(), role) != staged.end()) order.push_back(role);
  }
  PSIRT_TRY(fs::makeDirectories(s_->path("public/metadata"), 0755));
  for (const std::string& role : order) {
    PSIRT_ASSIGN_OR_RETURN(bytes, v.envelope(role, s_->sigs[role]));
    PSIRT_TRY(fs::writeFileAtomic(s_->path("public/" + metadataName(role, v.version(role))), bytes, 0644));
  }
  PSIRT_ASSIGN_OR_RETURN(was_staged, fs::exists(s_->path("staged/change.json")));
  if (was_staged) PSIRT_TRY(discard());
  return true;
}

}  // namespace psirt::publish
