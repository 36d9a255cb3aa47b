// Who must sign a staged role, which valid signatures it has, signing with
// unlocked keys, and merging detached signatures made on other machines.
// Signatures are checked with the agent's own verifier (agent/tuf/verify.h).
#include <algorithm>
#include <set>

#include "agent/tuf/verify.h"
#include "host/publisher/workspace/workspace_state.h"

namespace psirt::publish {
namespace {

constexpr const char* kSignatureFormat = "psirt-publish-signatures-1";

struct KeyedAuthority {
  Authority a;
  std::map<std::string, tuf::Key> keys;
};

// The keys (a "keys" object) and threshold a role entry (of root "roles" or
// of "delegations") authorises.
Result<KeyedAuthority> readEntry(const json::View& keys, const json::View& entry, std::string label) {
  KeyedAuthority k;
  k.a.label = std::move(label);
  PSIRT_ASSIGN_OR_RETURN(threshold, entry.getInteger("threshold"));
  k.a.threshold = threshold;
  PSIRT_ASSIGN_OR_RETURN(keyids, entry.getStringList("keyids"));
  for (const std::string& keyid : keyids) {
    k.a.keyids.push_back(keyid);
    auto key = keys.find(keyid);
    if (!key) continue;
    PSIRT_ASSIGN_OR_RETURN(keytype, key->getString("keytype"));
    PSIRT_ASSIGN_OR_RETURN(scheme, key->getString("scheme"));
    PSIRT_ASSIGN_OR_RETURN(keyval, key->getObject("keyval"));
    PSIRT_ASSIGN_OR_RETURN(public_value, keyval.getString("public"));
    k.keys[keyid] = {std::string(keytype), std::string(scheme), std::string(public_value)};
  }
  return k;
}

// Who a root body authorises for `role` (a top-level role).
Result<KeyedAuthority> fromRoot(const json::View& root, const std::string& role, std::string label) {
  PSIRT_ASSIGN_OR_RETURN(keys, root.getObject("keys"));
  PSIRT_ASSIGN_OR_RETURN(roles, root.getObject("roles"));
  auto entry = roles.find(role);
  if (!entry) return makeError(ErrorCategory::kInternal, "no role entry", label);
  auto k = readEntry(keys, *entry, label);
  if (!k) return k.error().within(label);
  return k;
}

// Every entry of a "delegations" object that delegates `role`.
Result<std::vector<KeyedAuthority>> delegatedEntries(const json::View& dl, const std::string& role,
                                                     const std::string& label) {
  std::vector<KeyedAuthority> out;
  PSIRT_ASSIGN_OR_RETURN(keys, dl.getObject("keys"));
  PSIRT_ASSIGN_OR_RETURN(roles, dl.getArray("roles"));
  for (const json::View& entry : roles.elements()) {
    PSIRT_ASSIGN_OR_RETURN(name, entry.getString("name"));
    if (name != role) continue;
    PSIRT_ASSIGN_OR_RETURN(a, readEntry(keys, entry, label));
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<KeyedAuthority>> keyedAuthorities(const repo::Repository& view, const repo::Repository* published,
                                                     const std::string& role) {
  std::vector<KeyedAuthority> out;
  const std::string delegator = view.delegatorOf(role);
  if (delegator.empty()) {
    PSIRT_ASSIGN_OR_RETURN(root, signedBody(&view, "root"));
    PSIRT_ASSIGN_OR_RETURN(
        a, fromRoot(root.root(), role, "root v" + std::to_string(view.version("root")) + " keys for " + role));
    out.push_back(std::move(a));
    if (role == "root" && published && published->version("root") < view.version("root")) {
      PSIRT_ASSIGN_OR_RETURN(old, signedBody(published, "root"));
      PSIRT_ASSIGN_OR_RETURN(
          b, fromRoot(old.root(), "root", "root v" + std::to_string(published->version("root")) + " keys"));
      out.push_back(std::move(b));
    }
    return out;
  }
  PSIRT_ASSIGN_OR_RETURN(body, signedBody(&view, delegator));
  const std::string label = "delegation of " + role + " in " + delegator;
  PSIRT_ASSIGN_OR_RETURN(dl, body.root().findTyped("delegations", json::Type::kObject));
  if (dl) {
    auto found = delegatedEntries(*dl, role, label);
    if (!found) return found.error().within(label);
    out = std::move(*found);
  }
  if (out.empty()) return makeError(ErrorCategory::kInternal, "no delegation entry", "role " + role);
  return out;
}

// Key ids of the authority with a valid signature, each public key once.
std::vector<std::string> validSigners(const KeyedAuthority& k, const std::string& canon,
                                      const std::vector<repo::Repository::Signature>& sigs) {
  std::vector<std::string> out;
  std::set<std::string> seen_public;
  for (const std::string& keyid : k.a.keyids) {
    auto key = k.keys.find(keyid);
    if (key == k.keys.end() || seen_public.count(key->second.public_value)) continue;
    for (const auto& sg : sigs) {
      if (sg.keyid == keyid && tuf::verifySignature(key->second, canon, sg.sig)) {
        out.push_back(keyid);
        seen_public.insert(key->second.public_value);
        break;
      }
    }
  }
  return out;
}

// One entry of a detached signature file.
Result<DetachedSignature> readSignature(const json::View& e) {
  PSIRT_ASSIGN_OR_RETURN(role, e.getString("role"));
  PSIRT_ASSIGN_OR_RETURN(version, e.getInteger("version"));
  PSIRT_ASSIGN_OR_RETURN(signed_sha256, e.getString("signed_sha256"));
  PSIRT_ASSIGN_OR_RETURN(keyid, e.getString("keyid"));
  PSIRT_ASSIGN_OR_RETURN(sig, e.getString("sig"));
  return DetachedSignature{std::string(role), version, std::string(signed_sha256), std::string(keyid),
                           std::string(sig)};
}

}  // namespace

bool RoleStatus::complete() const {
  return !authorities.empty() && std::all_of(authorities.begin(), authorities.end(), [](const Authority& a) { return a.met(); });
}

Result<std::vector<Authority>> Workspace::State::authorities(const std::string& role) const {
  PSIRT_ASSIGN_OR_RETURN(keyed, keyedAuthorities(*view, published ? &*published : nullptr, role));
  PSIRT_ASSIGN_OR_RETURN(canon, view->signedCanonical(role));
  std::vector<Authority> out;
  auto it = sigs.find(role);
  static const std::vector<repo::Repository::Signature> kNone;
  for (auto& k : keyed) {
    k.a.signed_keyids = validSigners(k, canon, it == sigs.end() ? kNone : it->second);
    out.push_back(k.a);
  }
  return out;
}

Result<std::vector<RoleStatus>> Workspace::status() const {
  std::vector<RoleStatus> out;
  for (const std::string& role : stagedRoles()) {
    RoleStatus r;
    r.role = role;
    r.version = s_->view->version(role);
    r.published_version = s_->published ? s_->published->version(role) : 0;
    PSIRT_ASSIGN_OR_RETURN(canon, s_->view->signedCanonical(role));
    r.signed_sha256 = sha256Hex(canon);
    PSIRT_ASSIGN_OR_RETURN(auths, s_->authorities(role));
    r.authorities = std::move(auths);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<DetachedSignature>> Workspace::sign(const std::vector<repo::SigningKey>& keys) {
  std::vector<DetachedSignature> made;
  for (const std::string& role : stagedRoles()) {
    PSIRT_ASSIGN_OR_RETURN(auths, s_->authorities(role));
    PSIRT_ASSIGN_OR_RETURN(canon, s_->view->signedCanonical(role));
    for (const repo::SigningKey& key : keys) {
      bool wanted = false, done = false;
      for (const Authority& a : auths) {
        wanted = wanted || std::count(a.keyids.begin(), a.keyids.end(), key.keyid()) > 0;
        done = done || std::count(a.signed_keyids.begin(), a.signed_keyids.end(), key.keyid()) > 0;
      }
      if (!wanted || done) continue;
      PSIRT_ASSIGN_OR_RETURN(sig, key.signHex(canon));
      s_->sigs[role].push_back({key.keyid(), sig});
      made.push_back({role, s_->view->version(role), sha256Hex(canon), key.keyid(), sig});
    }
  }
  if (made.empty()) {
    return makeError(ErrorCategory::kUsage, "none of the keys is needed by a staged role (not authorised, or signed already)");
  }
  return made;
}

Status Workspace::merge(const std::vector<DetachedSignature>& sigs) {
  std::vector<std::string> staged = stagedRoles();
  for (const DetachedSignature& d : sigs) {
    const std::string where = "signature of " + d.role + " v" + std::to_string(d.version) + " by key " + d.keyid.substr(0, 8);
    if (std::find(staged.begin(), staged.end(), d.role) == staged.end() || s_->view->version(d.role) != d.version) {
      return makeError(ErrorCategory::kUsage, "no such role version is staged here", where);
    }
    PSIRT_ASSIGN_OR_RETURN(canon, s_->view->signedCanonical(d.role));
    if (sha256Hex(canon) != d.signed_sha256) {
      return securityError(SecurityCode::kHashMismatch,
                           "made over different bytes (sha256 " + d.signed_sha256.substr(0, 16) + "..., staged here " +
                               sha256Hex(canon).substr(0, 16) + "...)",
                           where);
    }
    PSIRT_ASSIGN_OR_RETURN(keyed, keyedAuthorities(*s_->view, published(), d.role));
    bool ok = false, known = false;
    for (const auto& k : keyed) {
      auto key = k.keys.find(d.keyid);
      if (key == k.keys.end()) continue;
      known = true;
      ok = ok || tuf::verifySignature(key->second, canon, d.sig);
    }
    if (!known) return securityError(SecurityCode::kBadSignature, "key is not authorised for this role", where);
    if (!ok) return securityError(SecurityCode::kBadSignature, "signature does not verify", where);
  }
  for (const DetachedSignature& d : sigs) s_->sigs[d.role].push_back({d.keyid, d.sig});
  return okStatus();
}

Result<std::string> encodeSignatureFile(const std::vector<DetachedSignature>& sigs) {
  json::Value list = json::Value::array();
  for (const auto& d : sigs) {
    list.push(json::Value::object({{"role", d.role},
                                   {"version", d.version},
                                   {"signed_sha256", d.signed_sha256},
                                   {"keyid", d.keyid},
                                   {"sig", d.sig}}));
  }
  return json::Value::object({{"format", kSignatureFormat}, {"signatures", std::move(list)}}).dump(1) + "\n";
}

Result<std::vector<DetachedSignature>> decodeSignatureFile(std::string_view bytes, const std::string& path) {
  const std::string not_ours = std::string("not a ") + kSignatureFormat + " file";
  auto doc = json::Document::parse(bytes);
  if (!doc) return makeError(ErrorCategory::kParse, not_ours + ": " + doc.error().describe(), path);
  const json::View j = doc->root();
  auto list = j.getArray("signatures");
  if (j.getString("format").value_or({}) != kSignatureFormat || !list) {
    return makeError(ErrorCategory::kParse, not_ours, path);
  }
  std::vector<DetachedSignature> out;
  for (const json::View& e : list->elements()) {
    auto d = readSignature(e);
    if (!d) return makeError(ErrorCategory::kParse, "bad signature entry: " + d.error().describe(), path);
    out.push_back(std::move(*d));
  }
  if (out.empty()) return makeError(ErrorCategory::kParse, "no signatures", path);
  return out;
}

}  // namespace psirt::publish
