// Shape and type checks of TUF metadata (spec §4). Field access goes through
// small helpers that name the JSON pointer of a missing or mistyped field.
#include "agent/tuf/metadata.h"

#include <set>

#include "agent/json/json_internal.h"

namespace psirt::tuf {
namespace {

using nlohmann::json;

class Reader {
 public:
  explicit Reader(std::string role) : role_(std::move(role)) {}

  Error error(const std::string& ptr, const std::string& what) const {
    return makeError(ErrorCategory::kParse, what, role_ + ": " + (ptr.empty() ? std::string("/") : ptr));
  }
  Result<const json*> field(const json& obj, const std::string& ptr, const char* name,
                            json::value_t type) const {
    auto it = obj.find(name);
    if (it == obj.end()) return error(ptr, std::string("missing field '") + name + "'");
    return checkType(*it, ptr + "/" + name, type);
  }
  Result<const json*> checkType(const json& v, const std::string& ptr, json::value_t type) const {
    const bool ok = type == json::value_t::number_integer ? v.is_number_integer() : v.type() == type;
    if (!ok) return error(ptr, std::string("expected ") + typeName(type) + ", found " + v.type_name());
    return &v;
  }
  Result<std::string> string(const json& obj, const std::string& ptr, const char* name) const {
    PSIRT_ASSIGN_OR_RETURN(v, field(obj, ptr, name, json::value_t::string));
    return v->get<std::string>();
  }
  Result<std::int64_t> integer(const json& obj, const std::string& ptr, const char* name,
                               std::int64_t min) const {
    PSIRT_ASSIGN_OR_RETURN(v, field(obj, ptr, name, json::value_t::number_integer));
    const std::int64_t n = v->get<std::int64_t>();
    if (n < min) return error(ptr + "/" + name, "must be >= " + std::to_string(min));
    return n;
  }
  Result<std::vector<std::string>> stringList(const json& obj, const std::string& ptr, const char* name,
                                              bool unique) const {
    PSIRT_ASSIGN_OR_RETURN(v, field(obj, ptr, name, json::value_t::array));
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < v->size(); ++i) {
      PSIRT_ASSIGN_OR_RETURN(
          e, checkType((*v)[i], ptr + "/" + name + "/" + std::to_string(i), json::value_t::string));
      std::string s = e->get<std::string>();
      if (unique && !seen.insert(s).second) return error(ptr + "/" + name, "duplicate entry '" + s + "'");
      out.push_back(std::move(s));
    }
    return out;
  }
  const std::string& role() const { return role_; }

 private:
  static const char* typeName(json::value_t t) {
    switch (t) {
      case json::value_t::object:
        return "object";
      case json::value_t::array:
        return "array";
      case json::value_t::string:
        return "string";
      case json::value_t::boolean:
        return "boolean";
      case json::value_t::number_integer:
        return "integer";
      default:
        return "value";
    }
  }
  std::string role_;
};

Result<json::object_t> hashes(const Reader& r, const json& obj, const std::string& ptr, bool required) {
  auto it = obj.find("hashes");
  if (it == obj.end()) {
    if (required) return r.error(ptr, "missing field 'hashes'");
    return json::object_t{};
  }
  PSIRT_TRY(r.checkType(*it, ptr + "/hashes", json::value_t::object));
  if (it->empty()) return r.error(ptr + "/hashes", "hashes must not be empty");
  for (auto h = it->begin(); h != it->end(); ++h) {
    PSIRT_TRY(r.checkType(h.value(), ptr + "/hashes/" + h.key(), json::value_t::string));
  }
  return it->get<json::object_t>();
}

Result<std::map<std::string, std::string>> hashMap(const Reader& r, const json& obj, const std::string& ptr,
                                                   bool required) {
  PSIRT_ASSIGN_OR_RETURN(h, hashes(r, obj, ptr, required));
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : h) out[k] = v.get<std::string>();
  return out;
}

Result<MetaFile> parseMetaFile(const Reader& r, const json& v, const std::string& ptr) {
  PSIRT_TRY(r.checkType(v, ptr, json::value_t::object));
  MetaFile m;
  PSIRT_ASSIGN_OR_RETURN(version, r.integer(v, ptr, "version", 1));
  m.version = version;
  if (v.contains("length")) {
    PSIRT_ASSIGN_OR_RETURN(length, r.integer(v, ptr, "length", 0));
    m.length = length;
  }
  PSIRT_ASSIGN_OR_RETURN(h, hashMap(r, v, ptr, false));
  m.hashes = std::move(h);
  return m;
}

Result<Key> parseKey(const Reader& r, const json& v, const std::string& ptr) {
  PSIRT_TRY(r.checkType(v, ptr, json::value_t::object));
  Key k;
  PSIRT_ASSIGN_OR_RETURN(keytype, r.string(v, ptr, "keytype"));
  PSIRT_ASSIGN_OR_RETURN(scheme, r.string(v, ptr, "scheme"));
  PSIRT_ASSIGN_OR_RETURN(keyval, r.field(v, ptr, "keyval", json::value_t::object));
  PSIRT_ASSIGN_OR_RETURN(pub, r.string(*keyval, ptr + "/keyval", "public"));
  k.keytype = std::move(keytype);
  k.scheme = std::move(scheme);
  k.public_value = std::move(pub);
  return k;
}

Result<std::map<std::string, Key>> parseKeys(const Reader& r, const json& obj, const std::string& ptr) {
  PSIRT_ASSIGN_OR_RETURN(keys, r.field(obj, ptr, "keys", json::value_t::object));
  std::map<std::string, Key> out;
  for (auto it = keys->begin(); it != keys->end(); ++it) {
    PSIRT_ASSIGN_OR_RETURN(k, parseKey(r, it.value(), ptr + "/keys/" + it.key()));
    out.emplace(it.key(), std::move(k));
  }
  return out;
}

Result<RoleKeys> parseRoleKeys(const Reader& r, const json& v, const std::string& ptr) {
  PSIRT_TRY(r.checkType(v, ptr, json::value_t::object));
  RoleKeys rk;
  PSIRT_ASSIGN_OR_RETURN(keyids, r.stringList(v, ptr, "keyids", /*unique=*/true));
  PSIRT_ASSIGN_OR_RETURN(threshold, r.integer(v, ptr, "threshold", 1));
  rk.keyids = std::move(keyids);
  rk.threshold = threshold;
  return rk;
}

Result<Delegations> parseDelegations(const Reader& r, const json& v, const std::string& ptr) {
  PSIRT_TRY(r.checkType(v, ptr, json::value_t::object));
  Delegations d;
  PSIRT_ASSIGN_OR_RETURN(keys, parseKeys(r, v, ptr));
  d.keys = std::move(keys);
  if (v.contains("roles") == v.contains("succinct_roles")) {
    return r.error(ptr, "exactly one of 'roles' and 'succinct_roles' must be set");
  }
  if (auto sr = v.find("succinct_roles"); sr != v.end()) {
    const std::string p = ptr + "/succinct_roles";
    PSIRT_ASSIGN_OR_RETURN(rk, parseRoleKeys(r, *sr, p));
    PSIRT_ASSIGN_OR_RETURN(bits, r.integer(*sr, p, "bit_length", 1));
    PSIRT_ASSIGN_OR_RETURN(prefix, r.string(*sr, p, "name_prefix"));
    if (bits > 32) return r.error(p + "/bit_length", "must be <= 32");
    SuccinctRoles succinct;
    succinct.keys = std::move(rk);
    succinct.bit_length = static_cast<int>(bits);
    succinct.name_prefix = std::move(prefix);
    d.succinct = std::move(succinct);
    return d;
  }
  PSIRT_ASSIGN_OR_RETURN(roles, r.field(v, ptr, "roles", json::value_t::array));
  std::set<std::string> names;
  for (std::size_t i = 0; i < roles->size(); ++i) {
    const json& e = (*roles)[i];
    const std::string p = ptr + "/roles/" + std::to_string(i);
    PSIRT_ASSIGN_OR_RETURN(rk, parseRoleKeys(r, e, p));
    DelegatedRole role;
    PSIRT_ASSIGN_OR_RETURN(name, r.string(e, p, "name"));
    if (isTopLevelRole(name))
      return r.error(p + "/name", "delegated role uses a top-level role name '" + name + "'");
    if (!names.insert(name).second) return r.error(p + "/name", "duplicate delegated role '" + name + "'");
    PSIRT_ASSIGN_OR_RETURN(term, r.field(e, p, "terminating", json::value_t::boolean));
    role.name = std::move(name);
    role.keys = std::move(rk);
    role.terminating = term->get<bool>();
    const bool has_paths = e.contains("paths");
    const bool has_prefixes = e.contains("path_hash_prefixes");
    if (has_paths == has_prefixes)
      return r.error(p, "exactly one of 'paths' and 'path_hash_prefixes' must be set");
    if (has_paths) {
      PSIRT_ASSIGN_OR_RETURN(paths, r.stringList(e, p, "paths", false));
      role.paths = std::move(paths);
    } else {
      PSIRT_ASSIGN_OR_RETURN(prefixes, r.stringList(e, p, "path_hash_prefixes", false));
      role.path_hash_prefixes = std::move(prefixes);
    }
    d.roles.push_back(std::move(role));
  }
  return d;
}

// spec_version "1.x" or "1.x.y" with digits only; another major is unsupported.
Status checkSpecVersion(const Reader& r, const std::string& v) {
  std::vector<std::string> parts(1);
  for (char c : v) {
    if (c == '.') {
      parts.emplace_back();
    } else if (c >= '0' && c <= '9') {
      parts.back().push_back(c);
    } else {
      return r.error("/signed/spec_version", "malformed spec_version '" + v + "'");
    }
  }
  for (const auto& p : parts) {
    if (p.empty()) return r.error("/signed/spec_version", "malformed spec_version '" + v + "'");
  }
  if (parts.size() < 2 || parts.size() > 3)
    return r.error("/signed/spec_version", "malformed spec_version '" + v + "'");
  if (parts[0] != "1") {
    return makeError(ErrorCategory::kUnsupported, "unsupported spec_version '" + v + "' (TUF 1.x only)",
                     r.role() + ": /signed/spec_version");
  }
  return okStatus();
}

// Parses the file, checks the envelope, _type and the common fields.
Result<Common> parseCommon(const Reader& r, const json& signed_obj, std::string_view expected_type) {
  Common c;
  PSIRT_ASSIGN_OR_RETURN(type, r.string(signed_obj, "/signed", "_type"));
  if (type != expected_type) {
    return securityError(SecurityCode::kWrongType,
                         "_type is '" + type + "', expected '" + std::string(expected_type) + "'", r.role());
  }
  PSIRT_ASSIGN_OR_RETURN(spec, r.string(signed_obj, "/signed", "spec_version"));
  PSIRT_TRY(checkSpecVersion(r, spec));
  PSIRT_ASSIGN_OR_RETURN(version, r.integer(signed_obj, "/signed", "version", 1));
  PSIRT_ASSIGN_OR_RETURN(expires, r.string(signed_obj, "/signed", "expires"));
  auto t = parseTufTime(expires);
  if (!t) return r.error("/signed/expires", t.error().message);
  c.type = std::move(type);
  c.spec_version = std::move(spec);
  c.version = version;
  c.expires = *t;
  c.expires_text = std::move(expires);
  if (signed_obj.contains("x-psirt-issued")) {
    PSIRT_ASSIGN_OR_RETURN(issued, r.string(signed_obj, "/signed", "x-psirt-issued"));
    auto it = parseTufTime(issued);
    if (!it) return r.error("/signed/x-psirt-issued", it.error().message);
    c.psirt_issued = *it;
  }
  return c;
}

struct Loaded {
  psirt::json::Document doc;
  const nlohmann::json* signed_obj = nullptr;
  Envelope envelope;
};

Result<Loaded> load(std::string_view bytes, const Reader& r, const ParseLimits& limits) {
  psirt::json::ParseOptions opts;
  opts.strictness = psirt::json::Strictness::kSignedMetadata;
  opts.max_bytes = limits.max_bytes;
  opts.max_depth = limits.max_depth;
  auto doc = psirt::json::Document::parse(bytes, opts);
  if (!doc) return doc.error().within(r.role());
  const json& top = psirt::json::internal::tree(*doc);
  PSIRT_TRY(r.checkType(top, "/", json::value_t::object));
  PSIRT_ASSIGN_OR_RETURN(signed_obj, r.field(top, "", "signed", json::value_t::object));
  PSIRT_ASSIGN_OR_RETURN(sigs, r.field(top, "", "signatures", json::value_t::array));
  Loaded l{*doc, signed_obj, {}};
  for (std::size_t i = 0; i < sigs->size(); ++i) {
    const std::string p = "/signatures/" + std::to_string(i);
    PSIRT_TRY(r.checkType((*sigs)[i], p, json::value_t::object));
    PSIRT_ASSIGN_OR_RETURN(keyid, r.string((*sigs)[i], p, "keyid"));
    PSIRT_ASSIGN_OR_RETURN(sig, r.string((*sigs)[i], p, "sig"));
    l.envelope.signatures.push_back(Signature{std::move(keyid), std::move(sig)});
  }
  auto canonical = psirt::json::internal::canonical(*signed_obj);
  if (!canonical) return canonical.error().within(r.role());
  l.envelope.canonical_signed = std::move(*canonical);
  auto type = signed_obj->find("_type");
  if (type != signed_obj->end() && type->is_string()) l.envelope.type = type->get<std::string>();
  return l;
}

}  // namespace

bool isTopLevelRole(std::string_view name) {
  return name == kRoot || name == kTimestamp || name == kSnapshot || name == kTargets;
}

Result<Envelope> parseEnvelope(std::string_view bytes, std::string_view role, const ParseLimits& limits) {
  Reader r{std::string(role)};
  PSIRT_ASSIGN_OR_RETURN(l, load(bytes, r, limits));
  return std::move(l.envelope);
}

Result<Signed<Root>> parseRoot(std::string_view bytes, const ParseLimits& limits) {
  Reader r{std::string(kRoot)};
  PSIRT_ASSIGN_OR_RETURN(l, load(bytes, r, limits));
  const json& s = *l.signed_obj;
  Signed<Root> out;
  out.envelope = std::move(l.envelope);
  PSIRT_ASSIGN_OR_RETURN(common, parseCommon(r, s, kRoot));
  out.role.common = std::move(common);
  if (s.contains("consistent_snapshot")) {
    PSIRT_ASSIGN_OR_RETURN(cs, r.field(s, "/signed", "consistent_snapshot", json::value_t::boolean));
    out.role.consistent_snapshot = cs->get<bool>();
  }
  PSIRT_ASSIGN_OR_RETURN(keys, parseKeys(r, s, "/signed"));
  out.role.keys = std::move(keys);
  PSIRT_ASSIGN_OR_RETURN(roles, r.field(s, "/signed", "roles", json::value_t::object));
  for (auto it = roles->begin(); it != roles->end(); ++it) {
    if (!isTopLevelRole(it.key())) return r.error("/signed/roles/" + it.key(), "not a top-level role");
    PSIRT_ASSIGN_OR_RETURN(rk, parseRoleKeys(r, it.value(), "/signed/roles/" + it.key()));
    out.role.roles.emplace(it.key(), std::move(rk));
  }
  if (out.role.roles.size() != 4)
    return r.error("/signed/roles", "must list root, timestamp, snapshot and targets");
  return out;
}

Result<Signed<Timestamp>> parseTimestamp(std::string_view bytes, const ParseLimits& limits) {
  Reader r{std::string(kTimestamp)};
  PSIRT_ASSIGN_OR_RETURN(l, load(bytes, r, limits));
  const json& s = *l.signed_obj;
  Signed<Timestamp> out;
  out.envelope = std::move(l.envelope);
  PSIRT_ASSIGN_OR_RETURN(common, parseCommon(r, s, kTimestamp));
  out.role.common = std::move(common);
  PSIRT_ASSIGN_OR_RETURN(meta, r.field(s, "/signed", "meta", json::value_t::object));
  auto it = meta->find("snapshot.json");
  if (it == meta->end()) return r.error("/signed/meta", "missing 'snapshot.json'");
  PSIRT_ASSIGN_OR_RETURN(m, parseMetaFile(r, *it, "/signed/meta/snapshot.json"));
  out.role.snapshot_meta = std::move(m);
  return out;
}

Result<Signed<Snapshot>> parseSnapshot(std::string_view bytes, const ParseLimits& limits) {
  Reader r{std::string(kSnapshot)};
  PSIRT_ASSIGN_OR_RETURN(l, load(bytes, r, limits));
  const json& s = *l.signed_obj;
  Signed<Snapshot> out;
  out.envelope = std::move(l.envelope);
  PSIRT_ASSIGN_OR_RETURN(common, parseCommon(r, s, kSnapshot));
  out.role.common = std::move(common);
  PSIRT_ASSIGN_OR_RETURN(meta, r.field(s, "/signed", "meta", json::value_t::object));
  for (auto it = meta->begin(); it != meta->end(); ++it) {
    PSIRT_ASSIGN_OR_RETURN(m, parseMetaFile(r, it.value(), "/signed/meta/" + it.key()));
    out.role.meta.emplace(it.key(), std::move(m));
  }
  return out;
}

Result<Signed<Targets>> parseTargets(std::string_view bytes, std::string_view role,
                                     const ParseLimits& limits) {
  Reader r{std::string(role)};
  PSIRT_ASSIGN_OR_RETURN(l, load(bytes, r, limits));
  const json& s = *l.signed_obj;
  Signed<Targets> out;
  out.envelope = std::move(l.envelope);
  PSIRT_ASSIGN_OR_RETURN(common, parseCommon(r, s, kTargets));
  out.role.common = std::move(common);
  PSIRT_ASSIGN_OR_RETURN(targets, r.field(s, "/signed", "targets", json::value_t::object));
  for (auto it = targets->begin(); it != targets->end(); ++it) {
    const std::string p = "/signed/targets/" + it.key();
    PSIRT_TRY(r.checkType(it.value(), p, json::value_t::object));
    TargetFile t;
    PSIRT_ASSIGN_OR_RETURN(length, r.integer(it.value(), p, "length", 0));
    PSIRT_ASSIGN_OR_RETURN(h, hashMap(r, it.value(), p, true));
    t.length = length;
    t.hashes = std::move(h);
    if (auto c = it.value().find("custom"); c != it.value().end()) {
      auto canon = psirt::json::internal::canonical(*c);
      if (canon) t.custom_canonical = std::move(*canon);
    }
    out.role.targets.emplace(it.key(), std::move(t));
  }
  if (auto d = s.find("delegations"); d != s.end()) {
    PSIRT_ASSIGN_OR_RETURN(delegations, parseDelegations(r, *d, "/signed/delegations"));
    out.role.delegations = std::move(delegations);
  }
  return out;
}

}  // namespace psirt::tuf
