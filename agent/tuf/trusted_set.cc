#include "agent/tuf/trusted_set.h"

#include <algorithm>
#include <set>
#include <utility>

#include "agent/json/json_internal.h"
#include "agent/tuf/state_store.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"

namespace psirt::tuf {
namespace {

using nlohmann::json;

constexpr const char* kIndexFormat = "psirt-trusted-set/1";
constexpr std::size_t kMaxIndexBytes = 64u << 20;
constexpr std::size_t kMaxRoleBytes = 16u << 20;

std::string setsDir(const std::string& state_dir) { return fs::joinPath(state_dir, "sets"); }
std::string pointerPath(const std::string& state_dir) { return fs::joinPath(state_dir, "current-set"); }
std::string setDir(const std::string& state_dir, std::int64_t n) {
  return fs::joinPath(setsDir(state_dir), std::to_string(n));
}

Error setError(const std::string& what, const std::string& where) {
  return makeError(ErrorCategory::kParse, "damaged trusted set: " + what, where);
}

// 0 when no set was recorded; the number in DIR/current-set otherwise.
Result<std::int64_t> currentSequence(const std::string& state_dir) {
  const std::string path = pointerPath(state_dir);
  PSIRT_ASSIGN_OR_RETURN(present, fs::exists(path));
  if (!present) return std::int64_t{0};
  PSIRT_ASSIGN_OR_RETURN(text, fs::readFile(path, 32));
  std::int64_t n = 0;
  std::size_t digits = 0;
  for (char c : text) {
    if (c == '\n') break;
    if (c < '0' || c > '9' || ++digits > 15) return setError("malformed pointer", path);
    n = n * 10 + (c - '0');
  }
  if (n <= 0) return setError("malformed pointer", path);
  return n;
}

// Roles the stored targets were reached through, delegators first.
std::vector<std::pair<std::string, std::string>> rolesInLoadOrder(const std::vector<TargetMatch>& stored) {
  std::vector<std::pair<std::size_t, std::pair<std::string, std::string>>> found;  // depth, (role, delegator)
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& m : stored) {
    for (std::size_t i = 1; i < m.roles.size(); ++i) {
      auto edge = std::make_pair(m.roles[i], m.roles[i - 1]);
      if (seen.insert(edge).second) found.emplace_back(i, edge);
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

Result<std::vector<std::string>> advisoryNamesOf(const std::string& state_dir, std::int64_t n) {
  std::vector<std::string> names;
  if (n == 0) return names;
  const std::string path = fs::joinPath(setDir(state_dir, n), "index");
  PSIRT_ASSIGN_OR_RETURN(text, fs::readFile(path, kMaxIndexBytes));
  json index = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!index.is_object() || !index["targets"].is_array()) return setError("malformed index", path);
  for (const auto& t : index["targets"]) {
    if (t.is_object() && t["path"].is_string()) names.push_back(t["path"].get<std::string>());
  }
  return names;
}

void removeOtherSets(const std::string& state_dir, std::int64_t keep) {
  auto entries = fs::listDirectory(setsDir(state_dir));
  if (!entries) return;
  for (const auto& e : *entries) {
    if (!e.is_directory || e.name == std::to_string(keep)) continue;
    const std::string dir = fs::joinPath(setsDir(state_dir), e.name);
    if (auto files = fs::listDirectory(dir)) {
      for (const auto& f : *files) (void)fs::removeFile(fs::joinPath(dir, f.name));
    }
    (void)fs::removeDirectory(dir);
  }
}

}  // namespace

Status recordCompleteSet(const std::string& state_dir, const Updater& updater,
                         const std::vector<TargetMatch>& stored, const std::vector<std::string>& missing) {
  const TrustedState* trusted = updater.trusted();
  if (!trusted || !trusted->targets())
    return makeError(ErrorCategory::kInternal, "no complete refresh to record", state_dir);
  PSIRT_ASSIGN_OR_RETURN(store, StateStore::openStateDir(state_dir));
  PSIRT_ASSIGN_OR_RETURN(previous, currentSequence(state_dir));
  const std::int64_t n = previous + 1;
  const std::string dir = setDir(state_dir, n);
  PSIRT_TRY(fs::makeDirectories(dir, 0700));

  // Root, timestamp and snapshot as persisted by this refresh; targets roles
  // as the trusted state accepted them.
  json roles = json::array();
  auto copyRole = [&](const std::string& role, const std::string& delegator, const std::string* bytes) -> Status {
    std::string owned;
    if (!bytes) {
      PSIRT_ASSIGN_OR_RETURN(read, store.readRole(role, kMaxRoleBytes));
      if (!read) return makeError(ErrorCategory::kInternal, "trusted role missing from the state", role);
      owned = std::move(*read);
      bytes = &owned;
    }
    const std::string file = StateStore::roleFileName(role);
    PSIRT_TRY(fs::writeFileAtomicDeferred(fs::joinPath(dir, file), *bytes, 0600));
    roles.push_back({{"role", role}, {"delegator", delegator}, {"file", file}});
    return okStatus();
  };
  PSIRT_TRY(copyRole(std::string(kRoot), "", nullptr));
  PSIRT_TRY(copyRole(std::string(kTimestamp), "", nullptr));
  PSIRT_TRY(copyRole(std::string(kSnapshot), "", nullptr));
  PSIRT_TRY(copyRole(std::string(kTargets), "root", trusted->targetsBytes(kTargets)));
  for (const auto& [role, delegator] : rolesInLoadOrder(stored)) {
    PSIRT_TRY(copyRole(role, delegator, trusted->targetsBytes(role)));
  }

  json targets = json::array();
  std::set<std::string> names;
  for (const auto& m : stored) {
    auto sha = m.file.hashes.find("sha256");
    if (sha == m.file.hashes.end())
      return makeError(ErrorCategory::kUnsupported, "target has no sha256 hash", m.path);
    targets.push_back({{"path", m.path}, {"sha256", sha->second}, {"length", m.file.length}, {"roles", m.roles}});
    names.insert(m.path);
  }
  PSIRT_ASSIGN_OR_RETURN(before, advisoryNamesOf(state_dir, previous));
  json withdrawn = json::array();
  for (const auto& name : before) {
    if (!names.count(name) && std::find(missing.begin(), missing.end(), name) == missing.end())
      withdrawn.push_back(name);
  }
  json index = {{"format", kIndexFormat}, {"sequence", n},        {"roles", roles},
                {"targets", targets},     {"missing", missing},   {"withdrawn", withdrawn}};
  PSIRT_TRY(fs::writeFileAtomicDeferred(fs::joinPath(dir, "index"), index.dump(1), 0600));

  // Targets and set files durable in one flush, then the switch. (The set is
  // not loaded back here: that would hold a second copy of every role's
  // metadata beside the updater's; CompleteSet::load verifies it on use.)
  PSIRT_TRY(fs::syncFileSystem(dir));
  PSIRT_TRY(fs::fsyncDirectory(dir));
  PSIRT_TRY(fs::fsyncDirectory(setsDir(state_dir)));
  PSIRT_TRY(fs::writeFileAtomic(pointerPath(state_dir), std::to_string(n) + "\n", 0600));
  removeOtherSets(state_dir, n);
  return okStatus();
}

Result<CompleteSet> CompleteSet::load(const std::string& state_dir, Seconds reference_time) {
  PSIRT_ASSIGN_OR_RETURN(n, currentSequence(state_dir));
  if (n == 0) {
    return makeError(ErrorCategory::kUsage,
                     "no complete trusted set yet: update from a repository or a bundle first", state_dir);
  }
  return load(state_dir, reference_time, n);
}

Result<CompleteSet> CompleteSet::load(const std::string& state_dir, Seconds reference_time, std::int64_t n) {
  const std::string dir = setDir(state_dir, n);
  const std::string index_path = fs::joinPath(dir, "index");
  PSIRT_ASSIGN_OR_RETURN(text, fs::readFile(index_path, kMaxIndexBytes));
  json index = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!index.is_object() || index.value("format", "") != kIndexFormat || !index["roles"].is_array() ||
      !index["targets"].is_array() || !index["missing"].is_array() || !index["withdrawn"].is_array() ||
      index["roles"].size() < 4)
    return setError("malformed index", index_path);

  auto roleBytes = [&](const json& entry) -> Result<std::string> {
    if (!entry.is_object() || !entry["role"].is_string() || !entry["file"].is_string() ||
        !entry["delegator"].is_string())
      return setError("malformed role entry", index_path);
    const std::string role = entry["role"].get<std::string>();
    if (entry["file"].get<std::string>() != StateStore::roleFileName(role))
      return setError("role file name", index_path);
    return fs::readFile(fs::joinPath(dir, StateStore::roleFileName(role)), kMaxRoleBytes);
  };
  const json& roles = index["roles"];
  const char* top[] = {"root", "timestamp", "snapshot", "targets"};
  for (int i = 0; i < 4; ++i) {
    if (!roles[i].is_object() || roles[i].value("role", "") != top[i]) return setError("role order", index_path);
  }

  CompleteSet set;
  set.targets_dir_ = fs::joinPath(state_dir, "targets/sha256");
  PSIRT_ASSIGN_OR_RETURN(root, roleBytes(roles[0]));
  PSIRT_ASSIGN_OR_RETURN(trusted, TrustedState::create(root, reference_time));
  PSIRT_ASSIGN_OR_RETURN(timestamp, roleBytes(roles[1]));
  PSIRT_TRY(trusted.updateTimestamp(timestamp));
  PSIRT_ASSIGN_OR_RETURN(snapshot, roleBytes(roles[2]));
  PSIRT_TRY(trusted.updateSnapshot(snapshot));
  PSIRT_ASSIGN_OR_RETURN(targets, roleBytes(roles[3]));
  PSIRT_TRY(trusted.updateTargets(targets));
  for (std::size_t i = 4; i < roles.size(); ++i) {
    PSIRT_ASSIGN_OR_RETURN(bytes, roleBytes(roles[i]));
    PSIRT_TRY(trusted.updateDelegatedTargets(bytes, roles[i]["role"].get<std::string>(),
                                             roles[i]["delegator"].get<std::string>()));
  }

  for (const auto& t : index["targets"]) {
    if (!t.is_object() || !t["path"].is_string() || !t["sha256"].is_string() || !t["roles"].is_array() ||
        t["roles"].empty())
      return setError("malformed target entry", index_path);
    TargetMatch m;
    m.path = t["path"].get<std::string>();
    for (const auto& r : t["roles"]) {
      if (!r.is_string()) return setError("malformed target entry", index_path);
      m.roles.push_back(r.get<std::string>());
    }
    if (m.roles.front() != kTargets) return setError("delegation chain of " + m.path, index_path);
    for (std::size_t i = 1; i < m.roles.size(); ++i) {
      if (!trusted.verifiedBy(m.roles[i], m.roles[i - 1]))
        return setError("role " + m.roles[i] + " not verified for " + m.path, index_path);
    }
    const Targets* listing = trusted.targets(m.roles.back());
    auto it = listing ? listing->targets.find(m.path) : decltype(listing->targets.end()){};
    if (!listing || it == listing->targets.end())
      return setError("target not listed by " + m.roles.back() + ": " + m.path, index_path);
    auto sha = it->second.hashes.find("sha256");
    if (sha == it->second.hashes.end() || sha->second != t["sha256"].get<std::string>())
      return setError("digest of " + m.path + " differs from its metadata", index_path);
    m.file.length = it->second.length;
    m.file.hashes = {{"sha256", sha->second}};
    set.targets_.push_back(std::move(m));
  }
  for (const auto& s : index["missing"]) {
    if (s.is_string()) set.missing_.push_back(s.get<std::string>());
  }
  for (const auto& s : index["withdrawn"]) {
    if (s.is_string()) set.withdrawn_.push_back(s.get<std::string>());
  }

  TrustedSetSummary& sum = set.summary_;
  sum.sequence = n;
  sum.root_version = trusted.root().common.version;
  sum.timestamp_version = trusted.timestamp()->common.version;
  sum.snapshot_version = trusted.snapshot()->common.version;
  sum.targets_version = trusted.targets()->common.version;
  for (const Common* c : {&trusted.timestamp()->common, &trusted.snapshot()->common}) {
    if (c->psirt_issued && (!sum.issued || *c->psirt_issued > *sum.issued)) sum.issued = c->psirt_issued;
  }
  sum.expires = std::min({trusted.root().common.expires, trusted.timestamp()->common.expires,
                          trusted.snapshot()->common.expires, trusted.targets()->common.expires});
  return set;
}

Result<StoreAllOutcome> storeAllTargets(const std::string& state_dir, Updater& updater,
                                        const std::vector<std::string>& only, bool artifacts_optional) {
  std::vector<std::string> names = only;
  if (names.empty()) {
    PSIRT_ASSIGN_OR_RETURN(known, updater.knownTargetNames());
    names = std::move(known);
  }
  StoreAllOutcome out;
  std::vector<TargetMatch> stored;
  fs::removeAbandonedTemps(fs::joinPath(state_dir, "targets/sha256"));
  for (const auto& name : names) {
    PSIRT_ASSIGN_OR_RETURN(match, updater.findTarget(name));
    auto path = updater.storeTarget(match);
    if (!path) {
      if (artifacts_optional && isNotFound(path.error()) && name.rfind("artifacts/", 0) == 0) {
        out.missing_artifacts.push_back(name);
        continue;
      }
      return path.error();
    }
    stored.push_back(std::move(match));
    ++out.stored;
  }
  if (only.empty()) {
    PSIRT_TRY(recordCompleteSet(state_dir, updater, stored, out.missing_artifacts));
    out.recorded = true;
  } else {
    PSIRT_TRY(fs::syncFileSystem(fs::joinPath(state_dir, "targets")));
  }
  return out;
}

}  // namespace psirt::tuf
