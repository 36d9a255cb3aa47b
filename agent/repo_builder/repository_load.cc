// Working on an existing repository (psirt-publish): load the roles back from
// served metadata, expose the canonical bytes signatures cover, wrap a role
// with signatures made elsewhere, list targets by hashes only.
#include <algorithm>
#include <cstdlib>

#include "agent/repo_builder/repository_state.h"

namespace psirt::repo {
namespace {

Result<json> signedOf(const std::map<std::string, std::string>& metadata, const std::string& name,
                      std::string_view type) {
  auto it = metadata.find(name);
  if (it == metadata.end()) return makeError(ErrorCategory::kIo, "missing metadata file", name);
  json env = json::parse(it->second, nullptr, false);
  if (!env.is_object() || !env.contains("signed") || !env["signed"].is_object()) {
    return makeError(ErrorCategory::kParse, "not a TUF metadata file", name);
  }
  const json& body = env["signed"];
  if (body.value("_type", std::string()) != type || !body.contains("version") || !body["version"].is_number_integer()) {
    return makeError(ErrorCategory::kParse, "expected _type " + std::string(type) + " with an integer version", name);
  }
  return body;
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
  s.roles["root"].body = root;
  PSIRT_ASSIGN_OR_RETURN(ts, signedOf(metadata, "metadata/timestamp.json", "timestamp"));
  s.roles["timestamp"].body = ts;
  const json snap_meta = ts.value("meta", json::object()).value("snapshot.json", json::object());
  if (!snap_meta.contains("version") || !snap_meta["version"].is_number_integer()) {
    return makeError(ErrorCategory::kParse, "meta snapshot.json has no version", "metadata/timestamp.json");
  }
  auto nameOf = [&](std::string_view role, std::int64_t version) {
    std::string base = transport::percentEncode(role) + ".json";
    return "metadata/" + (s.consistent() ? std::to_string(version) + "." + base : base);
  };
  const std::string snap_name = nameOf(kSnapshot, snap_meta["version"].get<std::int64_t>());
  PSIRT_ASSIGN_OR_RETURN(snapshot, signedOf(metadata, snap_name, "snapshot"));
  s.roles["snapshot"].body = snapshot;
  const json meta = snapshot.value("meta", json::object());
  auto loadTargets = [&](const std::string& role) -> Result<json> {
    const std::string key = role + ".json";
    if (!meta.contains(key) || !meta[key].contains("version") || !meta[key]["version"].is_number_integer()) {
      return makeError(ErrorCategory::kParse, "snapshot does not list " + key, snap_name);
    }
    return signedOf(metadata, nameOf(role, meta[key]["version"].get<std::int64_t>()), "targets");
  };
  PSIRT_ASSIGN_OR_RETURN(targets, loadTargets("targets"));
  s.roles["targets"].body = targets;
  // Delegated roles, depth-first in delegation order (the search order).
  std::vector<std::string> pending = {"targets"};
  while (!pending.empty()) {
    const std::string from = pending.back();
    pending.pop_back();
    const json& dl = s.roles.at(from).body.value("delegations", json::object());
    std::vector<std::string> children;
    for (const json& entry : dl.value("roles", json::array())) {
      const std::string name = entry.value("name", std::string());
      if (name.empty() || isTopLevel(name) || s.find(name)) {
        return makeError(ErrorCategory::kParse, "bad or repeated delegated role name '" + name + "'", from);
      }
      PSIRT_ASSIGN_OR_RETURN(body, loadTargets(name));
      s.roles[name] = RoleState{body, {}, from};
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
  return ::psirt::json::internal::canonical(r->body);
}

Status Repository::setSigned(std::string_view role, std::string_view json_object) {
  RoleState* r = s_->find(role);
  if (!r) return unknownRole(role);
  json v = json::parse(json_object, nullptr, false);
  const std::string want = isTopLevel(role) ? std::string(role) : "targets";
  if (!v.is_object() || v.value("_type", std::string()) != want) {
    return makeError(ErrorCategory::kParse, "not a signed object of _type " + want, "role " + std::string(role));
  }
  r->body = std::move(v);
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
  if (!r || !r->body.contains("targets")) return unknownRole(role);
  r->body["targets"][path] = {{"length", length}, {"hashes", {{"sha256", sha256_hex}, {"sha512", sha512_hex}}}};
  return okStatus();
}

Status Repository::removeTarget(std::string_view role, const std::string& path) {
  RoleState* r = s_->find(role);
  if (!r || !r->body.contains("targets")) return unknownRole(role);
  if (r->body["targets"].erase(path) == 0) {
    return makeError(ErrorCategory::kUsage, "no such target in role " + std::string(role), "target " + path);
  }
  return okStatus();
}

}  // namespace psirt::repo
