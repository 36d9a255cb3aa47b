// INTERNAL to agent/repo_builder: the in-memory repository shared by
// repository.cc (editing) and repository_publish.cc (signing, serving).
// Each role's "signed" object is a json::Value edited in place; what is
// signed is its OLPC canonical JSON (json::Value::canonical).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "agent/json/value.h"
#include "agent/repo_builder/repository.h"
#include "platform/clock/clock.h"
#include "platform/transport/url.h"

namespace psirt::repo {

using json::Ref;
using json::Value;
inline constexpr Seconds kYear = 365 * 86400;
inline constexpr const char* kSpecVersion = "1.0.31";

inline Error unknownRole(std::string_view role) {
  return makeError(ErrorCategory::kUsage, "no such role", "role " + std::string(role));
}

inline bool isTopLevel(std::string_view role) {
  return role == kRoot || role == kTimestamp || role == kSnapshot || role == kTargets;
}

inline Value header(std::string_view type, Seconds expires) {
  return Value::object(
      {{"_type", type}, {"spec_version", kSpecVersion}, {"version", 1}, {"expires", clock::formatTufTime(expires)}});
}

inline Value stringArray(const std::vector<std::string>& strings) {
  Value out = Value::array();
  for (const std::string& s : strings) out.push(s);
  return out;
}

// Whether `array` holds the string `s`.
inline bool holdsString(const json::View& array, std::string_view s) {
  for (const json::View& e : array.elements()) {
    if (e.isString() && e.asString() == s) return true;
  }
  return false;
}

struct RoleState {
  Value body;                      // the "signed" object
  std::vector<SigningKey> signers;
  std::string delegator;           // empty for top-level roles
};

struct Repository::State {
  std::map<std::string, RoleState, std::less<>> roles;
  std::vector<std::string> delegated;  // creation order
  std::map<std::string, std::string> files;
  bool meta_hashes = false;
  std::optional<Seconds> issued;
  Seconds now = 0;

  RoleState* find(std::string_view role) {
    auto it = roles.find(role);
    return it == roles.end() ? nullptr : &it->second;
  }
  bool consistent() const {
    auto on = roles.at("root").body.view().find("consistent_snapshot");
    return on && on->asBool(false);
  }

  // The object holding the key list and the role entry that authorise `role`
  // (created when absent, as an edit then fills them).
  Result<std::pair<Ref, Ref>> authority(std::string_view role) {
    RoleState* r = find(role);
    if (!r) return unknownRole(role);
    if (r->delegator.empty()) {
      Ref root = roles.at("root").body.ref();
      return std::make_pair(root.member("keys"), root.member("roles").member(role));
    }
    Ref d = find(r->delegator)->body.member("delegations");
    for (Ref entry : d.member("roles").children()) {
      auto name = entry.view().find("name");
      if (name && name->isString() && name->asString() == role) return std::make_pair(d.member("keys"), entry);
    }
    return makeError(ErrorCategory::kInternal, "delegation entry missing", "role " + std::string(role));
  }

  Result<std::string> sign(const RoleState& r) const {
    PSIRT_ASSIGN_OR_RETURN(canon, r.body.canonical());
    std::vector<Repository::Signature> sigs;
    for (const SigningKey& k : r.signers) {
      PSIRT_ASSIGN_OR_RETURN(sig, k.signHex(canon));
      sigs.push_back({k.keyid(), sig});
    }
    return envelope(r, sigs);
  }

  // The served form of a role: {"signed": body, "signatures": [...]}.
  static std::string envelope(const RoleState& r, const std::vector<Repository::Signature>& signatures) {
    Value sigs = Value::array();
    for (const auto& s : signatures) sigs.push(Value::object({{"keyid", s.keyid}, {"sig", s.sig}}));
    Value env = Value::object();
    env.set("signed", r.body);
    env.set("signatures", std::move(sigs));
    return env.dump(1);
  }

};

}  // namespace psirt::repo
