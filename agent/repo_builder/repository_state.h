// INTERNAL to agent/repo_builder: the in-memory repository shared by
// repository.cc (editing) and repository_publish.cc (signing, serving).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agent/json/json_internal.h"
#include "agent/repo_builder/repository.h"
#include "platform/clock/clock.h"
#include "platform/transport/url.h"

namespace psirt::repo {

using nlohmann::json;
inline constexpr Seconds kYear = 365 * 86400;
inline constexpr const char* kSpecVersion = "1.0.31";

inline Error unknownRole(std::string_view role) {
  return makeError(ErrorCategory::kUsage, "no such role", "role " + std::string(role));
}

inline bool isTopLevel(std::string_view role) {
  return role == kRoot || role == kTimestamp || role == kSnapshot || role == kTargets;
}

inline json header(std::string_view type, Seconds expires) {
  return {{"_type", type},
          {"spec_version", kSpecVersion},
          {"version", 1},
          {"expires", clock::formatTufTime(expires)}};
}

struct RoleState {
  json body;                       // the "signed" object
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
  bool consistent() const { return roles.at("root").body.value("consistent_snapshot", false); }

  // The object holding the key list and the role entry that authorise `role`.
  Result<std::pair<json*, json*>> authority(std::string_view role) {
    RoleState* r = find(role);
    if (!r) return unknownRole(role);
    if (r->delegator.empty()) {
      json& root = roles.at("root").body;
      return std::make_pair(&root["keys"], &root["roles"][std::string(role)]);
    }
    json& d = find(r->delegator)->body["delegations"];
    for (json& entry : d["roles"]) {
      if (entry["name"] == role) return std::make_pair(&d["keys"], &entry);
    }
    return makeError(ErrorCategory::kInternal, "delegation entry missing", "role " + std::string(role));
  }

  Result<std::string> sign(const RoleState& r) const {
    PSIRT_ASSIGN_OR_RETURN(canon, ::psirt::json::internal::canonical(r.body));
    std::vector<Repository::Signature> sigs;
    for (const SigningKey& k : r.signers) {
      PSIRT_ASSIGN_OR_RETURN(sig, k.signHex(canon));
      sigs.push_back({k.keyid(), sig});
    }
    return envelope(r, sigs);
  }

  // The served form of a role: {"signed": body, "signatures": [...]}.
  static std::string envelope(const RoleState& r, const std::vector<Repository::Signature>& signatures) {
    json sigs = json::array();
    for (const auto& s : signatures) sigs.push_back(json{{"keyid", s.keyid}, {"sig", s.sig}});
    json env = {{"signed", r.body}, {"signatures", sigs}};
    return env.dump(1);
  }

};

}  // namespace psirt::repo
