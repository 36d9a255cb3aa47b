#include "agent/tuf/trusted_set.h"

#include <algorithm>
#include <set>
#include <utility>

#include "agent/json/json.h"
#include "agent/state/state_store.h"
#include "agent/state/trusted_sets.h"

namespace psirt::tuf {
namespace {

using json::Document;
using json::Type;
using json::Value;
using json::View;

constexpr const char* kIndexFormat = "psirt-trusted-set/1";
constexpr std::size_t kMaxIndexBytes = 64u << 20;
constexpr std::size_t kMaxRoleBytes = 16u << 20;

// The index is the agent's own file, but a damaged disk or a hostile local
// user can change it: it is read with the same strict bounded parser.
json::ParseOptions indexOptions() {
  json::ParseOptions o;
  o.max_bytes = kMaxIndexBytes;
  o.max_values = std::size_t{16} << 20;
  return o;
}

Error setError(const std::string& what, const std::string& where) {
  return makeError(ErrorCategory::kParse, "damaged trusted set: " + what, where);
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

Result<std::vector<std::string>> advisoryNamesOf(const state::Layout& layout, std::int64_t n) {
  std::vector<std::string> names;
  if (n == 0) return names;
  const std::string path = state::setIndexPath(layout, n);
  PSIRT_ASSIGN_OR_RETURN(text, state::readSetIndex(layout, n, kMaxIndexBytes));
  auto index = Document::parse(text, indexOptions());
  if (!index) return setError("malformed index (" + index.error().describe() + ")", path);
  auto targets = index->root().getArray("targets");
  if (!targets) return setError("malformed index (" + targets.error().describe() + ")", path);
  for (const View& t : targets->elements()) {
    if (auto p = t.find("path"); p && p->isString()) names.emplace_back(p->asString());
  }
  return names;
}

// --- CompleteSet::load, one job per function -------------------------------

// Set n's index, parsed, with the shape load() relies on (four top-level
// roles first, in order; every list an array).
Result<Document> readIndex(const state::Layout& layout, std::int64_t n) {
  const std::string index_path = state::setIndexPath(layout, n);
  auto text = state::readSetIndex(layout, n, kMaxIndexBytes);
  if (!text) return setError("index unreadable (" + text.error().describe() + ")", index_path);
  auto index = Document::parse(*text, indexOptions());
  if (!index) return setError("malformed index (" + index.error().describe() + ")", index_path);
  const View root = index->root();
  Status shape = okStatus();
  for (const char* list : {"roles", "targets", "missing", "withdrawn"}) {
    if (auto l = root.getArray(list); !l && shape) shape = l.error();
  }
  if (shape && root.getString("format").value_or("") != kIndexFormat) shape = root.error("unknown format");
  if (!shape) return setError("malformed index (" + shape.error().describe() + ")", index_path);
  // The index names its own set: a copy moved from another set is damage.
  if (root.getInteger("sequence").value_or(0) != n)
    return setError("index sequence is not " + std::to_string(n), index_path);
  const std::vector<View> roles = root.getArray("roles")->elements();
  const char* top[] = {"root", "timestamp", "snapshot", "targets"};
  if (roles.size() < 4) return setError("role order", index_path);
  for (int i = 0; i < 4; ++i) {
    if (roles[i].getString("role").value_or("") != top[i]) return setError("role order", index_path);
  }
  return index;
}

// The bytes of the role an index entry names, from set n.
Result<std::string> roleBytes(const state::Layout& layout, std::int64_t n, const View& entry) {
  const std::string index_path = state::setIndexPath(layout, n);
  auto role = entry.getString("role");
  auto file = entry.getString("file");
  if (!role || !file || !entry.getString("delegator")) return setError("malformed role entry", index_path);
  if (*file != state::Layout::roleFileName(std::string(*role))) return setError("role file name", index_path);
  auto bytes = state::readSetRole(layout, n, std::string(*role), kMaxRoleBytes);
  // A role file the index lists but that is missing or unreadable is damage
  // of the set, named as such (with the file), not a bare I/O error.
  if (!bytes)
    return setError("role file " + std::string(*file) + " (" + bytes.error().describe() + ")", index_path);
  return bytes;
}

// Every role of the set verified in load order from the set's own root at
// reference_time (signatures, thresholds, hash bindings, versions, expiry).
Result<TrustedState> verifyRoles(const state::Layout& layout, std::int64_t n, const std::vector<View>& roles,
                                 Seconds reference_time) {
  PSIRT_ASSIGN_OR_RETURN(root, roleBytes(layout, n, roles[0]));
  PSIRT_ASSIGN_OR_RETURN(trusted, TrustedState::create(root, reference_time));
  PSIRT_ASSIGN_OR_RETURN(timestamp, roleBytes(layout, n, roles[1]));
  PSIRT_TRY(trusted.updateTimestamp(timestamp));
  PSIRT_ASSIGN_OR_RETURN(snapshot, roleBytes(layout, n, roles[2]));
  PSIRT_TRY(trusted.updateSnapshot(snapshot));
  PSIRT_ASSIGN_OR_RETURN(targets, roleBytes(layout, n, roles[3]));
  PSIRT_TRY(trusted.updateTargets(targets));
  for (std::size_t i = 4; i < roles.size(); ++i) {
    PSIRT_ASSIGN_OR_RETURN(bytes, roleBytes(layout, n, roles[i]));
    // roleBytes checked that both are strings.
    PSIRT_TRY(trusted.updateDelegatedTargets(bytes, std::string(roles[i].find("role")->asString()),
                                             std::string(roles[i].find("delegator")->asString())));
  }
  return trusted;
}

// One index target entry, rebuilt from the verified metadata: the index only
// says which role chain speaks for the path, and its digest must agree.
Result<TargetMatch> verifiedTarget(const View& t, const TrustedState& trusted, const std::string& index_path) {
  auto path = t.getString("path");
  auto digest = t.getString("sha256");
  auto length = t.getInteger("length");
  auto chain = t.getStringList("roles");
  if (!path || !digest || !length || !chain || chain->empty())
    return setError("malformed target entry", index_path);
  TargetMatch m;
  m.path = std::string(*path);
  m.roles = std::move(*chain);
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
  if (sha == it->second.hashes.end() || sha->second != *digest)
    return setError("digest of " + m.path + " differs from its metadata", index_path);
  if (*length != it->second.length)
    return setError("length of " + m.path + " differs from its metadata", index_path);
  m.file.length = it->second.length;
  m.file.hashes = {{"sha256", sha->second}};
  return m;
}

// A set is recorded only after every name its roles list was stored (or is
// a missing artifact): an index that leaves one out would hide an advisory
// from evaluation, so that is damage too.
Status checkComplete(const TrustedState& trusted, const std::vector<View>& roles,
                     const std::vector<TargetMatch>& targets, const std::vector<std::string>& missing,
                     const std::string& index_path) {
  std::set<std::string_view> present(missing.begin(), missing.end());
  for (const TargetMatch& m : targets) present.insert(m.path);
  for (std::size_t i = 3; i < roles.size(); ++i) {                    // targets, then the delegated roles
    const std::string_view role = roles[i].find("role")->asString();  // verifyRoles read them
    const Targets* listing = trusted.targets(role);
    if (!listing) continue;
    for (const auto& [path, file] : listing->targets) {
      if (!present.count(path))
        return setError("target " + path + " listed by " + std::string(role) + " is not in the index",
                        index_path);
    }
  }
  return okStatus();
}

TrustedSetSummary summarize(const TrustedState& trusted, std::int64_t n) {
  TrustedSetSummary sum;
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
  return sum;
}

}  // namespace

Status recordCompleteSet(const std::string& state_dir, const Updater& updater,
                         const std::vector<TargetMatch>& stored, const std::vector<std::string>& missing) {
  const TrustedState* trusted = updater.trusted();
  if (!trusted || !trusted->targets())
    return makeError(ErrorCategory::kInternal, "no complete refresh to record", state_dir);
  const state::Layout layout(state_dir);
  PSIRT_ASSIGN_OR_RETURN(store, state::StateStore::openStateDir(state_dir));
  PSIRT_ASSIGN_OR_RETURN(writer, state::SetWriter::begin(layout));
  const std::int64_t n = writer.sequence();

  // Root, timestamp and snapshot as persisted by this refresh; targets roles
  // as the trusted state accepted them.
  Value roles = Value::array();
  auto copyRole = [&](const std::string& role, const std::string& delegator, const std::string* bytes) -> Status {
    std::string owned;
    if (!bytes) {
      PSIRT_ASSIGN_OR_RETURN(read, store.readRole(role, kMaxRoleBytes));
      if (!read) return makeError(ErrorCategory::kInternal, "trusted role missing from the state", role);
      owned = std::move(*read);
      bytes = &owned;
    }
    PSIRT_ASSIGN_OR_RETURN(file, writer.writeRole(role, *bytes));
    roles.push(Value::object({{"role", role}, {"delegator", delegator}, {"file", file}}));
    return okStatus();
  };
  PSIRT_TRY(copyRole(std::string(kRoot), "", nullptr));
  PSIRT_TRY(copyRole(std::string(kTimestamp), "", nullptr));
  PSIRT_TRY(copyRole(std::string(kSnapshot), "", nullptr));
  PSIRT_TRY(copyRole(std::string(kTargets), "root", trusted->targetsBytes(kTargets)));
  for (const auto& [role, delegator] : rolesInLoadOrder(stored)) {
    PSIRT_TRY(copyRole(role, delegator, trusted->targetsBytes(role)));
  }

  Value targets = Value::array();
  std::set<std::string> names;
  for (const auto& m : stored) {
    auto sha = m.file.hashes.find("sha256");
    if (sha == m.file.hashes.end())
      return makeError(ErrorCategory::kUnsupported, "target has no sha256 hash", m.path);
    Value chain = Value::array();
    for (const std::string& r : m.roles) chain.push(r);
    targets.push(Value::object(
        {{"path", m.path}, {"sha256", sha->second}, {"length", m.file.length}, {"roles", std::move(chain)}}));
    names.insert(m.path);
  }
  PSIRT_ASSIGN_OR_RETURN(before, advisoryNamesOf(layout, writer.previous()));
  Value withdrawn = Value::array();
  for (const auto& name : before) {
    if (!names.count(name) && std::find(missing.begin(), missing.end(), name) == missing.end())
      withdrawn.push(name);
  }
  Value missing_list = Value::array();
  for (const std::string& name : missing) missing_list.push(name);
  const Value index = Value::object({{"format", kIndexFormat},
                                     {"sequence", n},
                                     {"roles", std::move(roles)},
                                     {"targets", std::move(targets)},
                                     {"missing", std::move(missing_list)},
                                     {"withdrawn", std::move(withdrawn)}});
  PSIRT_TRY(writer.writeIndex(index.dump(1)));

  // Targets and set files durable in one flush, then the switch (agent/state).
  // (The set is not loaded back here: that would hold a second copy of every
  // role's metadata beside the updater's; CompleteSet::load verifies it on use.)
  return writer.commit();
}

Result<CompleteSet> CompleteSet::load(const std::string& state_dir, Seconds reference_time) {
  const state::Layout layout(state_dir);
  PSIRT_ASSIGN_OR_RETURN(n, state::currentSet(layout));
  if (n == 0) {
    return makeError(ErrorCategory::kUsage,
                     "no complete trusted set yet: update from a repository or a bundle first", state_dir);
  }
  PSIRT_ASSIGN_OR_RETURN(index, readIndex(layout, n));
  const View root = index.root();  // readIndex checked every list below
  const std::string index_path = state::setIndexPath(layout, n);
  auto verified = verifyRoles(layout, n, root.find("roles")->elements(), reference_time);
  if (!verified) {
    // A trust failure (bad signature, expiry, rollback) stays one (exit 3);
    // anything else the index led to is damage of the set.
    const Error& e = verified.error();
    if (e.category == ErrorCategory::kSecurity || e.message.rfind("damaged trusted set", 0) == 0) return e;
    return setError("roles (" + e.describe() + ")", index_path);
  }
  TrustedState trusted = std::move(*verified);
  CompleteSet set(layout);
  for (const View& t : root.find("targets")->elements()) {
    PSIRT_ASSIGN_OR_RETURN(m, verifiedTarget(t, trusted, index_path));
    set.targets_.push_back(std::move(m));
  }
  auto missing = root.getStringList("missing");
  auto withdrawn = root.getStringList("withdrawn");
  if (!missing || !withdrawn) {
    return setError("malformed index (" + (missing ? withdrawn.error() : missing.error()).describe() + ")",
                    index_path);
  }
  set.missing_ = std::move(*missing);
  set.withdrawn_ = std::move(*withdrawn);
  PSIRT_TRY(checkComplete(trusted, root.find("roles")->elements(), set.targets_, set.missing_, index_path));
  set.summary_ = summarize(trusted, n);
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
  PSIRT_ASSIGN_OR_RETURN(store, state::StateStore::openStateDir(state_dir));
  store.removeAbandonedTargetTemps();
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
    PSIRT_TRY(store.flushTargets());
  }
  return out;
}

}  // namespace psirt::tuf
