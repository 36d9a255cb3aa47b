// Working on an existing repository (psirt-publish): load the roles back from
// served metadata, expose the canonical bytes signatures cover, wrap a role
// with signatures made elsewhere, list targets by hashes only.
#include <algorithm>
#include <cstdlib>
#include <optional>

#include "agent/json/json.h"
#include "agent/repo_builder/repository_state.h"

namespace psirt::repo {
namespace {

// The "signed" object of a served metadata file, checked to be of `type`
// with an integer version. Parsed with the JSON component's default bounds
// (those the agent reads metadata with).
Result<Value> signedOf(const std::map<std::string, std::string>& metadata, const std::string& name,
                       std::string_view type) {
  auto it = metadata.find(name);
  if (it == metadata.end()) return makeError(ErrorCategory::kIo, "missing metadata file", name);
  auto doc = json::Document::parse(it->second);
  if (!doc) return makeError(ErrorCategory::kParse, "not a TUF metadata file: " + doc.error().describe(), name);
  auto body = doc->root().find("signed");
  if (!body || !body->isObject()) return makeError(ErrorCategory::kParse, "not a TUF metadata file", name);
  auto got = body->find("_type");
  auto version = body->find("version");
  if (!got || !got->isString() || got->asString() != type || !version || !version->isInteger()) {
    return makeError(ErrorCategory::kParse, "expected _type " + std::string(type) + " with an integer version", name);
  }
  return Value::copyOf(*body);
}

// meta["<file>"].version of a timestamp or snapshot body, when an integer.
std::optional<std::int64_t> metaVersion(const json::View& body, const std::string& file) {
  auto meta = body.find("meta");
  auto entry = meta ? meta->find(file) : std::nullopt;
  auto version = entry ? entry->find("version") : std::nullopt;
  if (!version) return std::nullopt;
  auto v = version->integer();
  return v ? std::optional<std::int64_t>(*v) : std::nullopt;
}

// The names of the roles `body` (a targets role) delegates to, in order
// ("" for an entry without a string name).
std::vector<std::string> delegatedNames(const json::View& body) {
  std::vector<std::string> names;
  auto delegations = body.find("delegations");
  auto roles = delegations ? delegations->find("roles") : std::nullopt;
  if (!roles) return names;
  for (const json::View& entry : roles->elements()) {
    auto name = entry.find("name");
    names.emplace_back(name ? name->asString() : std::string_view());
  }
  return names;
}

// Highest N among "metadata/N.root.json".
std::int64_t newestRoot(const std::map<std::string, std::string>& metadata) {
  std::int64_t best = 0;
  for (const auto& [name, bytes] : metadata) {
    if (name.rfind("metadata/", 0) != 0 || name.size() < 19 || name.substr(name.size() - 10) != ".root.json") continue;
    std::string digits = name.substr(9, name.size() - 19);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 15) continue;
    best = std::max<std::int64_t>(best, std::strtoll(digits.c_str(), nullptr, 10));
  }
  return best;
}

}  // namespace

Result<Repository> Repository::load(const std::map<std::string, std::string>& metadata, Seconds now) {
  Repository repo(now);
  State& s = *repo.s_;
  const std::int64_t root_version = newestRoot(metadata);
  if (root_version == 0) return makeError(ErrorCategory::kIo, "no metadata/N.root.json", "metadata/");
  PSIRT_ASSIGN_OR_RETURN(root, signedOf(metadata, "metadata/" + std::to_string(root_version) + ".root.json", "root"));
  s.roles["root"].body = std::move(root);
  PSIRT_ASSIGN_OR_RETURN(ts, signedOf(metadata, "metadata/timestamp.json", "timestamp"));
  const auto snap_version = metaVersion(ts.view(), "snapshot.json");
  s.roles["timestamp"].body = std::move(ts);
  if (!snap_version) {
    return makeError(ErrorCategory::kParse, "meta snapshot.json has no version", "metadata/timestamp.json");
  }
  auto nameOf = [&](std::string_view role, std::int64_t version) {
    std::string base = transport::percentEncode(role) + ".json";
    return "metadata/" + (s.consistent() ? std::to_string(version) + "." + base : base);
  };
  const std::string snap_name = nameOf(kSnapshot, *snap_version);
  PSIRT_ASSIGN_OR_RETURN(snapshot, signedOf(metadata, snap_name, "snapshot"));
  s.roles["snapshot"].body = std::move(snapshot);
  const json::View snapshot_body = s.roles["snapshot"].body.view();
  auto loadTargets = [&](const std::string& role) -> Result<Value> {
    const std::string key = role + ".json";
    auto version = metaVersion(snapshot_body, key);
    if (!version) return makeError(ErrorCategory::kParse, "snapshot does not list " + key, snap_name);
    return signedOf(metadata, nameOf(role, *version), "targets");
  };
  PSIRT_ASSIGN_OR_RETURN(targets, loadTargets("targets"));
  s.roles["targets"].body = std::move(targets);
  // Delegated roles, depth-first in delegation order (the search order).
  std::vector<std::string> pending = {"targets"};
  while (!pending.empty()) {
    const std::string from = pending.back();
    pending.pop_back();
    std::vector<std::string> children;
    for (const std::string& name : delegatedNames(s.roles.at(from).body.view())) {
      if (name.empty() || isTopLevel(name) || s.find(name)) {
        return makeError(ErrorCategory::kParse, "bad or repeated delegated role name '" + name + "'", from);
      }
      PSIRT_ASSIGN_OR_RETURN(body, loadTargets(name));
      s.roles[name] = RoleState{std::move(body), {}, from};
      s.delegated.push_back(name);
      children.push_back(name);
    }
    pending.insert(pending.end(), children.rbegin(), children.rend());
  }
  s.files = metadata;
  return repo;
}

std::vector<std::string> Repository::roleNames() const {
  std::vector<std::string> out = {"root", "timestamp", "snapshot", "targets"};
  out.insert(out.end(), s_->delegated.begin(), s_->delegated.end());
  return out;
}

std::string Repository::delegatorOf(std::string_view role) const {
  RoleState* r = s_->find(role);
  return r ? r->delegator : std::string();
}

Result<std::string> Repository::signedCanonical(std::string_view role) const {
  RoleState* r = s_->find(role);
  if (!r) return unknownRole(role);
  return r->body.canonical();
}

Status Repository::setSigned(std::string_view role, std::string_view json_object) {
  RoleState* r = s_->find(role);
  if (!r) return unknownRole(role);
  auto v = Value::parse(json_object);
  const std::string want = isTopLevel(role) ? std::string(role) : "targets";
  auto type = v ? v->view().find("_type") : std::nullopt;
  if (!type || !type->isString() || type->asString() != want) {
    return makeError(ErrorCategory::kParse, "not a signed object of _type " + want, "role " + std::string(role));
  }
  r->body = std::move(*v);
  return okStatus();
}

Result<std::string> Repository::envelope(std::string_view role, const std::vector<Signature>& signatures) const {
  RoleState* r = s_->find(role);
  if (!r) return unknownRole(role);
  return State::envelope(*r, signatures);
}

Status Repository::addTargetHashes(std::string_view role, const std::string& path, std::uint64_t length,
                                   const std::string& sha256_hex, const std::string& sha512_hex) {
  RoleState* r = s_->find(role);
  auto targets = r ? r->body.find("targets") : std::nullopt;
  if (!targets) return unknownRole(role);
  if (!targets->view().isObject()) {
    return makeError(ErrorCategory::kUsage, "\"targets\" is not an object", "role " + std::string(role));
  }
  targets->set(path, Value::object({{"length", length},
                                    {"hashes", Value::object({{"sha256", sha256_hex}, {"sha512", sha512_hex}})}}));
  return okStatus();
}

Status Repository::removeTarget(std::string_view role, const std::string& path) {
  RoleState* r = s_->find(role);
  auto targets = r ? r->body.find("targets") : std::nullopt;
  if (!targets) return unknownRole(role);
  if (!targets->erase(path)) {
    return makeError(ErrorCategory::kUsage, "no such target in role " + std::string(role), "target " + path);
  }
  return okStatus();
}

}  // namespace psirt::repo
