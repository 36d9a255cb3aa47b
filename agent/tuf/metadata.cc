// Shape and type checks of TUF metadata (spec §4), read through json::View:
// every missing or mistyped field is an error naming the role and the JSON
// pointer ("targets: at /signed/targets/a.json: missing member 'length'").
#include "agent/tuf/metadata.h"

#include <set>

#include "agent/json/json.h"

namespace psirt::tuf {
namespace {

using psirt::json::Type;
using psirt::json::View;

// Errors of one role's file: the role name, then the View's "at <pointer>".
class Reader {
 public:
  explicit Reader(std::string role) : role_(std::move(role)) {}

  Error error(const View& at, const std::string& what) const { return at.error(what).within(role_); }
  template <typename T>
  Result<T> check(Result<T> r) const {
    if (!r) return r.error().within(role_);
    return r;
  }
  Result<std::string> string(const View& obj, const char* name) const {
    PSIRT_ASSIGN_OR_RETURN(s, check(obj.getString(name)));
    return std::string(s);
  }
  Result<std::int64_t> integer(const View& obj, const char* name, std::int64_t min) const {
    PSIRT_ASSIGN_OR_RETURN(v, check(obj.get(name)));
    PSIRT_ASSIGN_OR_RETURN(n, check(v.integer()));
    if (n < min) return error(v, "must be >= " + std::to_string(min));
    return n;
  }
  Result<std::vector<std::string>> stringList(const View& obj, const char* name, bool unique) const {
    PSIRT_ASSIGN_OR_RETURN(list, check(obj.getArray(name)));
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const View& e : list.elements()) {
      PSIRT_ASSIGN_OR_RETURN(s, check(e.string()));
      if (unique && !seen.emplace(s).second) return error(list, "duplicate entry '" + std::string(s) + "'");
      out.emplace_back(s);
    }
    return out;
  }
  const std::string& role() const { return role_; }

 private:
  std::string role_;
};

Result<std::map<std::string, std::string>> hashMap(const Reader& r, const View& obj, bool required) {
  std::map<std::string, std::string> out;
  PSIRT_ASSIGN_OR_RETURN(h, r.check(obj.findTyped("hashes", Type::kObject)));
  if (!h) {
    if (required) return r.check(obj.get("hashes")).error();
    return out;
  }
  if (h->empty()) return r.error(*h, "hashes must not be empty");
  for (const auto& [algo, value] : h->members()) {
    PSIRT_ASSIGN_OR_RETURN(text, r.check(value.string()));
    out.emplace(algo, text);
  }
  return out;
}

Result<MetaFile> parseMetaFile(const Reader& r, const View& v) {
  PSIRT_TRY(r.check(v.expect(Type::kObject)));
  MetaFile m;
  PSIRT_ASSIGN_OR_RETURN(version, r.integer(v, "version", 1));
  m.version = version;
  if (v.has("length")) {
    PSIRT_ASSIGN_OR_RETURN(length, r.integer(v, "length", 0));
    m.length = length;
  }
  PSIRT_ASSIGN_OR_RETURN(h, hashMap(r, v, false));
  m.hashes = std::move(h);
  return m;
}

Result<Key> parseKey(const Reader& r, const View& v) {
  PSIRT_TRY(r.check(v.expect(Type::kObject)));
  Key k;
  PSIRT_ASSIGN_OR_RETURN(keytype, r.string(v, "keytype"));
  PSIRT_ASSIGN_OR_RETURN(scheme, r.string(v, "scheme"));
  PSIRT_ASSIGN_OR_RETURN(keyval, r.check(v.getObject("keyval")));
  PSIRT_ASSIGN_OR_RETURN(pub, r.string(keyval, "public"));
  k.keytype = std::move(keytype);
  k.scheme = std::move(scheme);
  k.public_value = std::move(pub);
  return k;
}

Result<std::map<std::string, Key>> parseKeys(const Reader& r, const View& obj) {
  PSIRT_ASSIGN_OR_RETURN(keys, r.check(obj.getObject("keys")));
  std::map<std::string, Key> out;
  for (const auto& [id, value] : keys.members()) {
    PSIRT_ASSIGN_OR_RETURN(k, parseKey(r, value));
    out.emplace(id, std::move(k));
  }
  return out;
}

Result<RoleKeys> parseRoleKeys(const Reader& r, const View& v) {
  PSIRT_TRY(r.check(v.expect(Type::kObject)));
  RoleKeys rk;
  PSIRT_ASSIGN_OR_RETURN(keyids, r.stringList(v, "keyids", /*unique=*/true));
  PSIRT_ASSIGN_OR_RETURN(threshold, r.integer(v, "threshold", 1));
  rk.keyids = std::move(keyids);
  rk.threshold = threshold;
  return rk;
}

Result<SuccinctRoles> parseSuccinct(const Reader& r, const View& sr) {
  PSIRT_ASSIGN_OR_RETURN(rk, parseRoleKeys(r, sr));
  PSIRT_ASSIGN_OR_RETURN(bits, r.integer(sr, "bit_length", 1));
  PSIRT_ASSIGN_OR_RETURN(prefix, r.string(sr, "name_prefix"));
  if (bits > 32) return r.error(*sr.find("bit_length"), "must be <= 32");
  SuccinctRoles succinct;
  succinct.keys = std::move(rk);
  succinct.bit_length = static_cast<int>(bits);
  succinct.name_prefix = std::move(prefix);
  return succinct;
}

Result<DelegatedRole> parseDelegatedRole(const Reader& r, const View& e, std::set<std::string>& names) {
  PSIRT_ASSIGN_OR_RETURN(rk, parseRoleKeys(r, e));
  DelegatedRole role;
  PSIRT_ASSIGN_OR_RETURN(name, r.string(e, "name"));
  if (isTopLevelRole(name))
    return r.error(*e.find("name"), "delegated role uses a top-level role name '" + name + "'");
  if (!names.insert(name).second) return r.error(*e.find("name"), "duplicate delegated role '" + name + "'");
  PSIRT_ASSIGN_OR_RETURN(term, r.check(e.getBool("terminating")));
  role.name = std::move(name);
  role.keys = std::move(rk);
  role.terminating = term;
  if (e.has("paths") == e.has("path_hash_prefixes")) {
    return r.error(e, "exactly one of 'paths' and 'path_hash_prefixes' must be set");
  }
  if (e.has("paths")) {
    PSIRT_ASSIGN_OR_RETURN(paths, r.stringList(e, "paths", false));
    role.paths = std::move(paths);
  } else {
    PSIRT_ASSIGN_OR_RETURN(prefixes, r.stringList(e, "path_hash_prefixes", false));
    role.path_hash_prefixes = std::move(prefixes);
  }
  return role;
}

Result<Delegations> parseDelegations(const Reader& r, const View& v) {
  PSIRT_TRY(r.check(v.expect(Type::kObject)));
  Delegations d;
  PSIRT_ASSIGN_OR_RETURN(keys, parseKeys(r, v));
  d.keys = std::move(keys);
  if (v.has("roles") == v.has("succinct_roles")) {
    return r.error(v, "exactly one of 'roles' and 'succinct_roles' must be set");
  }
  if (auto sr = v.find("succinct_roles")) {
    PSIRT_ASSIGN_OR_RETURN(succinct, parseSuccinct(r, *sr));
    d.succinct = std::move(succinct);
    return d;
  }
  PSIRT_ASSIGN_OR_RETURN(roles, r.check(v.getArray("roles")));
  std::set<std::string> names;
  for (const View& e : roles.elements()) {
    PSIRT_ASSIGN_OR_RETURN(role, parseDelegatedRole(r, e, names));
    d.roles.push_back(std::move(role));
  }
  return d;
}

// spec_version "1.x" or "1.x.y" with digits only; another major is unsupported.
Status checkSpecVersion(const Reader& r, const View& at, const std::string& v) {
  std::vector<std::string> parts(1);
  for (char c : v) {
    if (c == '.') {
      parts.emplace_back();
    } else if (c >= '0' && c <= '9') {
      parts.back().push_back(c);
    } else {
      return r.error(at, "malformed spec_version '" + v + "'");
    }
  }
  for (const auto& p : parts) {
    if (p.empty()) return r.error(at, "malformed spec_version '" + v + "'");
  }
  if (parts.size() < 2 || parts.size() > 3) return r.error(at, "malformed spec_version '" + v + "'");
  if (parts[0] != "1") {
    return makeError(ErrorCategory::kUnsupported, "unsupported spec_version '" + v + "' (TUF 1.x only)",
                     r.role() + ": " + at.where());
  }
  return okStatus();
}

// Checks _type and the common fields of the "signed" object.
Result<Common> parseCommon(const Reader& r, const View& s, std::string_view expected_type) {
  Common c;
  PSIRT_ASSIGN_OR_RETURN(type, r.string(s, "_type"));
  if (type != expected_type) {
    return securityError(SecurityCode::kWrongType,
                         "_type is '" + type + "', expected '" + std::string(expected_type) + "'", r.role());
  }
  PSIRT_ASSIGN_OR_RETURN(spec, r.string(s, "spec_version"));
  PSIRT_TRY(checkSpecVersion(r, *s.find("spec_version"), spec));
  PSIRT_ASSIGN_OR_RETURN(version, r.integer(s, "version", 1));
  PSIRT_ASSIGN_OR_RETURN(expires, r.string(s, "expires"));
  auto t = parseTufTime(expires);
  if (!t) return r.error(*s.find("expires"), t.error().message);
  c.type = std::move(type);
  c.spec_version = std::move(spec);
  c.version = version;
  c.expires = *t;
  c.expires_text = std::move(expires);
  if (s.has("x-psirt-issued")) {
    PSIRT_ASSIGN_OR_RETURN(issued, r.string(s, "x-psirt-issued"));
    auto it = parseTufTime(issued);
    if (!it) return r.error(*s.find("x-psirt-issued"), it.error().message);
    c.psirt_issued = *it;
  }
  return c;
}

// A parsed file: the document (kept alive for `signed_obj`) and its envelope.
struct Loaded {
  psirt::json::Document doc;
  View signed_obj;
  Envelope envelope;
};

Result<Envelope> parseEnvelopeOf(const Reader& r, const View& top, const View& signed_obj) {
  Envelope e;
  PSIRT_ASSIGN_OR_RETURN(sigs, r.check(top.getArray("signatures")));
  std::set<std::string, std::less<>> keyids;
  for (const View& sig : sigs.elements()) {
    PSIRT_TRY(r.check(sig.expect(Type::kObject)));
    PSIRT_ASSIGN_OR_RETURN(keyid, r.string(sig, "keyid"));
    // TUF §4.2: "keyids in signatures MUST be unique". A repeated key id is
    // refused outright, even when one copy is valid: the metadata is malformed.
    if (!keyids.insert(keyid).second) {
      return r.error(*sig.find("keyid"), "duplicate keyid '" + keyid.substr(0, 64) +
                                             "' in signatures (TUF: keyids in signatures must be unique)");
    }
    PSIRT_ASSIGN_OR_RETURN(value, r.string(sig, "sig"));
    e.signatures.push_back(Signature{std::move(keyid), std::move(value)});
  }
  PSIRT_ASSIGN_OR_RETURN(canonical, r.check(signed_obj.canonical()));
  e.canonical_signed = std::move(canonical);
  if (auto type = signed_obj.find("_type")) e.type = std::string(type->asString());
  return e;
}

Result<Loaded> load(std::string_view bytes, const Reader& r, const ParseLimits& limits) {
  psirt::json::ParseOptions opts;
  opts.strictness = psirt::json::Strictness::kSignedMetadata;
  opts.max_bytes = limits.max_bytes;
  opts.max_depth = limits.max_depth;
  PSIRT_ASSIGN_OR_RETURN(doc, r.check(psirt::json::Document::parse(bytes, opts)));
  const View top = doc.root();
  PSIRT_TRY(r.check(top.expect(Type::kObject)));
  PSIRT_ASSIGN_OR_RETURN(signed_obj, r.check(top.getObject("signed")));
  PSIRT_ASSIGN_OR_RETURN(envelope, parseEnvelopeOf(r, top, signed_obj));
  return Loaded{doc, signed_obj, std::move(envelope)};
}

// Loads `bytes` as role `role` of `type`: the envelope and the common fields,
// then `body` reads the rest of the "signed" object into the role.
template <typename R, typename Body>
Result<Signed<R>> parseSigned(std::string_view bytes, std::string_view role, std::string_view type,
                              const ParseLimits& limits, Body body) {
  const Reader r{std::string(role)};
  PSIRT_ASSIGN_OR_RETURN(l, load(bytes, r, limits));
  Signed<R> out;
  out.envelope = std::move(l.envelope);
  PSIRT_ASSIGN_OR_RETURN(common, parseCommon(r, l.signed_obj, type));
  out.role.common = std::move(common);
  PSIRT_TRY(body(r, l.signed_obj, out.role));
  return out;
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

namespace {
// The "signed" object of root metadata, after the common fields.
Status readRootBody(const Reader& r, const View& s, Root& out) {
  if (s.has("consistent_snapshot")) {
    PSIRT_ASSIGN_OR_RETURN(cs, r.check(s.getBool("consistent_snapshot")));
    out.consistent_snapshot = cs;
  }
  PSIRT_ASSIGN_OR_RETURN(keys, parseKeys(r, s));
  out.keys = std::move(keys);
  PSIRT_ASSIGN_OR_RETURN(roles, r.check(s.getObject("roles")));
  for (const auto& [name, value] : roles.members()) {
    if (!isTopLevelRole(name)) return r.error(value, "not a top-level role");
    PSIRT_ASSIGN_OR_RETURN(rk, parseRoleKeys(r, value));
    out.roles.emplace(name, std::move(rk));
  }
  if (out.roles.size() != 4) return r.error(roles, "must list root, timestamp, snapshot and targets");
  return okStatus();
}

}  // namespace

Result<Signed<Root>> parseRoot(std::string_view bytes, const ParseLimits& limits) {
  return parseSigned<Root>(bytes, kRoot, kRoot, limits, readRootBody);
}

namespace {

// The "signed" object of timestamp metadata, after the common fields.
Status readTimestampBody(const Reader& r, const View& s, Timestamp& out) {
  PSIRT_ASSIGN_OR_RETURN(meta, r.check(s.getObject("meta")));
  auto snapshot = meta.find("snapshot.json");
  if (!snapshot) return r.error(meta, "missing 'snapshot.json'");
  PSIRT_ASSIGN_OR_RETURN(m, parseMetaFile(r, *snapshot));
  out.snapshot_meta = std::move(m);
  return okStatus();
}

}  // namespace

Result<Signed<Timestamp>> parseTimestamp(std::string_view bytes, const ParseLimits& limits) {
  return parseSigned<Timestamp>(bytes, kTimestamp, kTimestamp, limits, readTimestampBody);
}

namespace {

// The "signed" object of snapshot metadata, after the common fields.
Status readSnapshotBody(const Reader& r, const View& s, Snapshot& out) {
  PSIRT_ASSIGN_OR_RETURN(meta, r.check(s.getObject("meta")));
  for (const auto& [name, value] : meta.members()) {
    PSIRT_ASSIGN_OR_RETURN(m, parseMetaFile(r, value));
    out.meta.emplace(name, std::move(m));
  }
  return okStatus();
}

}  // namespace

Result<Signed<Snapshot>> parseSnapshot(std::string_view bytes, const ParseLimits& limits) {
  return parseSigned<Snapshot>(bytes, kSnapshot, kSnapshot, limits, readSnapshotBody);
}

namespace {

// The "signed" object of targets metadata, after the common fields.
Status readTargetsBody(const Reader& r, const View& s, Targets& out) {
  PSIRT_ASSIGN_OR_RETURN(targets, r.check(s.getObject("targets")));
  for (const auto& [name, value] : targets.members()) {
    PSIRT_TRY(r.check(value.expect(Type::kObject)));
    TargetFile t;
    PSIRT_ASSIGN_OR_RETURN(length, r.integer(value, "length", 0));
    PSIRT_ASSIGN_OR_RETURN(h, hashMap(r, value, true));
    t.length = length;
    t.hashes = std::move(h);
    if (auto c = value.find("custom")) {
      auto canon = c->canonical();
      if (canon) t.custom_canonical = std::move(*canon);
    }
    out.targets.emplace(name, std::move(t));
  }
  if (auto d = s.find("delegations")) {
    PSIRT_ASSIGN_OR_RETURN(delegations, parseDelegations(r, *d));
    out.delegations = std::move(delegations);
  }
  return okStatus();
}

}  // namespace

Result<Signed<Targets>> parseTargets(std::string_view bytes, std::string_view role,
                                     const ParseLimits& limits) {
  return parseSigned<Targets>(bytes, role, kTargets, limits, readTargetsBody);
}

}  // namespace psirt::tuf
