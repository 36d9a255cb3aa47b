// JSON Schema subset validator over the embedded CSAF / CVSS schemas.
// Semantics follow ajv (draft 2020-12, allErrors) for the keywords listed in
// schema_validator.h, so "schema" results agree with the reference validator.
// Both the schemas and the document are read through json::View: a schema
// keyword of an unexpected type reads as absent or empty, never as UB.
#include "agent/csaf/schema_validator.h"

#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "agent/csaf/schema_formats.h"
#include "agent/pattern/pattern.h"

namespace psirt::csaf::detail {

// Generated at build time from agent/csaf/schemas/*.json (embed_schemas.cmake).
extern const char* const kEmbeddedCsafSchema;
extern const char* const kEmbeddedCvssV20Schema;
extern const char* const kEmbeddedCvssV30Schema;
extern const char* const kEmbeddedCvssV31Schema;

namespace {

using json::View;

const std::set<std::string_view>& annotationKeywords() {
  static const std::set<std::string_view> k = {"title",   "description", "examples", "default", "$schema",
                                               "$id",     "id",          "license",  "$comment", "$defs",
                                               "definitions", "deprecated", "readOnly"};
  return k;
}
const std::set<std::string_view>& knownKeywords() {
  static const std::set<std::string_view> k = {
      "type",     "enum",          "const",     "properties", "required", "additionalProperties",
      "minProperties", "maxProperties", "items", "minItems",   "uniqueItems", "minLength",
      "pattern",  "format",        "minimum",   "maximum",    "$ref",     "oneOf"};
  return k;
}

std::size_t codePoints(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0U) != 0x80U) ++n;
  }
  return n;
}

// A count keyword's value (minLength, minItems, ...); 0 when not an integer.
std::size_t count(const View& keyword) { return static_cast<std::size_t>(keyword.asInteger()); }

bool hasType(const View& v, std::string_view type) {
  if (type == "object") return v.isObject();
  if (type == "array") return v.isArray();
  if (type == "string") return v.isString();
  if (type == "number") return v.isNumber();
  if (type == "boolean") return v.isBool();
  if (type == "null") return v.isNull();
  if (type == "integer") {
    if (v.isInteger()) return true;
    if (v.type() != json::Type::kFloat) return false;
    const double d = v.asNumber();
    return std::isfinite(d) && std::floor(d) == d;
  }
  return false;
}

// A hash consistent with View::equals (numbers by value, so 1 and 1.0 agree).
std::size_t hashOf(const View& v) {
  std::size_t h = v.isNumber() ? 1 : static_cast<std::size_t>(v.type()) + 2;
  auto mix = [&h](std::size_t x) { h ^= x + 0x9e3779b9U + (h << 6) + (h >> 2); };
  switch (v.type()) {
    case json::Type::kBool:
      mix(v.asBool() ? 1 : 0);
      break;
    case json::Type::kInteger:
    case json::Type::kFloat: {
      const double d = v.asNumber();
      mix(std::hash<double>{}(d == 0 ? 0.0 : d));  // -0 == 0
      break;
    }
    case json::Type::kString:
      mix(std::hash<std::string_view>{}(v.asString()));
      break;
    case json::Type::kArray:
      for (const View& e : v.elements()) mix(hashOf(e));
      break;
    case json::Type::kObject:
      for (const View::Member& m : v.members()) {
        mix(std::hash<std::string_view>{}(m.key));
        mix(hashOf(m.value));
      }
      break;
    case json::Type::kNull:
      break;
  }
  return h;
}

// uniqueItems: whether two elements are equal (JSON equality, as ajv's).
bool hasDuplicates(const std::vector<View>& items) {
  std::unordered_multimap<std::size_t, std::size_t> seen;  // hash -> index
  seen.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::size_t h = hashOf(items[i]);
    const auto [first, last] = seen.equal_range(h);
    for (auto it = first; it != last; ++it) {
      if (items[it->second].equals(items[i])) return true;
    }
    seen.emplace(h, i);
  }
  return false;
}

// The sub-schemas of an object keyword (properties, $defs) or array keyword (oneOf).
std::vector<View> children(const View& v) {
  if (v.isArray()) return v.elements();
  std::vector<View> out;
  for (View::Member& m : v.members()) out.push_back(std::move(m.value));
  return out;
}

// The value a local reference ("#" then an RFC 6901 pointer) names in `root`.
// Object members only: the schemas reference into $defs / definitions.
std::optional<View> lookup(const View& root, std::string_view ref) {
  std::optional<View> at = root;
  std::string_view rest = ref.substr(1);
  while (at && !rest.empty()) {
    if (rest.front() != '/') return std::nullopt;
    rest.remove_prefix(1);
    const std::size_t end = std::min(rest.find('/'), rest.size());
    std::string token;
    for (std::size_t i = 0; i < end; ++i) {
      if (rest[i] == '~' && i + 1 < end && (rest[i + 1] == '0' || rest[i + 1] == '1')) {
        token += rest[++i] == '0' ? '~' : '/';
      } else {
        token += rest[i];
      }
    }
    rest.remove_prefix(end);
    at = at->find(token);
  }
  return at;
}

}  // namespace

// One embedded schema and its local references, resolved when it loads.
struct Schema {
  explicit Schema(json::Document d) : doc(std::move(d)), root(doc.root()) {}
  json::Document doc;
  View root;
  std::map<std::string, View, std::less<>> refs;  // "#/$defs/x" -> the sub-schema
};

struct SchemaValidator::Impl {
  // The findings of one validate() call, or none while probing a oneOf branch.
  struct Ctx {
    const std::string& test;
    std::vector<Finding>* out;  // null while probing
    std::size_t max;
    bool collecting() const { return out != nullptr; }
    // Records a violation (when collecting, up to `max`); returns false.
    bool report(const View& at, std::string message) const {
      if (out != nullptr && out->size() < max) out->push_back(Finding{test, at.pointer(), std::move(message)});
      return false;
    }
  };

  // The outcome of several checks of one value. Collecting, every violation
  // is reported and checking goes on (ajv's allErrors); probing, the first
  // violation settles it.
  class Verdict {
   public:
    explicit Verdict(const Ctx& ctx) : ctx_(ctx) {}
    // Folds in one check's result; whether checking should go on.
    bool add(bool valid) {
      ok_ = ok_ && valid;
      return valid || ctx_.collecting();
    }
    // Reports a violation at `at`; whether checking should go on.
    bool fail(const View& at, std::string message) { return add(ctx_.report(at, std::move(message))); }
    bool ok() const { return ok_; }

   private:
    const Ctx& ctx_;
    bool ok_ = true;
  };

  Impl();

  // Whether `v` is valid against `schema` (a node of `root`); reports to ctx.
  bool check(const View& schema, const Schema& root, const View& v, const Ctx& ctx) const;
  // One function per keyword group; each is a no-op on values it does not apply to.
  bool checkType(const View& schema, const View& v, const Ctx& ctx) const;
  bool checkValue(const View& schema, const Schema& root, const View& v, const Ctx& ctx) const;   // enum, const
  bool checkString(const View& schema, const Schema& root, const View& v, const Ctx& ctx) const;  // minLength, pattern, format
  bool checkNumber(const View& schema, const Schema& root, const View& v, const Ctx& ctx) const;  // minimum, maximum
  bool checkObject(const View& schema, const Schema& root, const View& v, const Ctx& ctx) const;  // required, *Properties
  bool checkArray(const View& schema, const Schema& root, const View& v, const Ctx& ctx) const;   // minItems, uniqueItems, items
  bool checkOneOf(const View& schema, const Schema& root, const View& v, const Ctx& ctx) const;

  const View* resolve(std::string_view ref, const Schema& from, const Schema*& target) const;
  static Schema load(const char* text, std::vector<std::string>& problems);
  void collect(const View& schema, Schema& root, std::vector<std::string>& unknown);

  std::vector<std::string> problems;  // load errors, filled by the constructor
  Schema csaf, v20, v30, v31, v3_one_of;
  std::map<std::string, Result<pattern::Pattern>, std::less<>> patterns;  // by source; an error fails the keyword
  std::vector<std::string> pattern_errors;
};

Schema SchemaValidator::Impl::load(const char* text, std::vector<std::string>& problems) {
  auto doc = json::Document::parse(text);
  if (doc) return Schema(std::move(*doc));
  problems.push_back("embedded schema: " + doc.error().describe());
  return Schema(json::Document::from(json::Value()));
}

SchemaValidator::Impl::Impl()
    : csaf(load(kEmbeddedCsafSchema, problems)),
      v20(load(kEmbeddedCvssV20Schema, problems)),
      v30(load(kEmbeddedCvssV30Schema, problems)),
      v31(load(kEmbeddedCvssV31Schema, problems)),
      v3_one_of(load(R"({"oneOf":[{"$ref":"https://www.first.org/cvss/cvss-v3.0.json"},)"
                     R"({"$ref":"https://www.first.org/cvss/cvss-v3.1.json"}]})",
                     problems)) {
  for (Schema* s : {&csaf, &v20, &v30, &v31}) collect(s->root, *s, problems);
}

const View* SchemaValidator::Impl::resolve(std::string_view ref, const Schema& from, const Schema*& target) const {
  static constexpr std::string_view kFirst = "https://www.first.org/cvss/";
  if (ref.rfind('#', 0) == 0) {
    const auto it = from.refs.find(ref);
    if (it == from.refs.end()) return nullptr;
    target = &from;
    return &it->second;
  }
  if (ref.rfind(kFirst, 0) != 0) return nullptr;
  const std::string_view file = ref.substr(kFirst.size());
  if (file == "cvss-v2.0.json") target = &v20;
  else if (file == "cvss-v3.0.json") target = &v30;
  else if (file == "cvss-v3.1.json") target = &v31;
  else return nullptr;
  return &target->root;
}

bool SchemaValidator::Impl::check(const View& schema, const Schema& root, const View& v, const Ctx& ctx) const {
  if (schema.isBool()) return schema.asBool() || ctx.report(v, "no value is allowed here");
  Verdict verdict(ctx);
  if (auto ref = schema.find("$ref")) {
    const Schema* target_root = nullptr;
    const View* target = resolve(ref->asString(), root, target_root);
    if (target == nullptr) return ctx.report(v, "unresolvable schema reference " + std::string(ref->asString()));
    if (!verdict.add(check(*target, *target_root, v, ctx))) return false;
  }
  // As ajv: a value of the wrong type gets no other finding from this schema.
  if (!checkType(schema, v, ctx)) return false;
  using Group = bool (Impl::*)(const View&, const Schema&, const View&, const Ctx&) const;
  for (const Group group : {&Impl::checkValue, &Impl::checkString, &Impl::checkNumber, &Impl::checkObject,
                            &Impl::checkArray, &Impl::checkOneOf}) {
    if (!verdict.add((this->*group)(schema, root, v, ctx))) return false;
  }
  return verdict.ok();
}

bool SchemaValidator::Impl::checkType(const View& schema, const View& v, const Ctx& ctx) const {
  const auto type = schema.find("type");
  if (!type) return true;
  bool match = hasType(v, type->asString());
  for (const View& t : type->elements()) match = match || hasType(v, t.asString());
  return match || ctx.report(v, "must be of type " + type->dump());
}

bool SchemaValidator::Impl::checkValue(const View& schema, const Schema& /*root*/, const View& v,
                                       const Ctx& ctx) const {
  Verdict verdict(ctx);
  if (auto allowed = schema.find("enum")) {
    bool found = false;
    for (const View& e : allowed->elements()) found = found || e.equals(v);
    if (!found && !verdict.fail(v, "must be one of " + allowed->dump())) return false;
  }
  if (auto constant = schema.find("const"); constant && !constant->equals(v)) {
    if (!verdict.fail(v, "must be " + constant->dump())) return false;
  }
  return verdict.ok();
}

bool SchemaValidator::Impl::checkString(const View& schema, const Schema& /*root*/, const View& v,
                                        const Ctx& ctx) const {
  if (!v.isString()) return true;
  const std::string_view s = v.asString();
  Verdict verdict(ctx);
  if (auto n = schema.find("minLength"); n && codePoints(s) < count(*n)) {
    if (!verdict.fail(v, "must NOT have fewer than " + n->dump() + " characters")) return false;
  }
  if (auto source = schema.find("pattern")) {
    const auto re = patterns.find(source->asString());  // every source is compiled by collect()
    if (re == patterns.end() || !re->second) {
      const std::string why = re == patterns.end() ? "not compiled" : re->second.error().describe();
      if (!verdict.fail(v, "pattern cannot be checked: " + why)) return false;
    } else if (!re->second->search(s)) {
      if (!verdict.fail(v, "must match pattern \"" + std::string(source->asString()) + "\"")) return false;
    }
  }
  if (auto format = schema.find("format")) {
    const std::string_view f = format->asString();
    const bool good = f == "date-time" ? isDateTime(s) : f == "uri" ? isUri(s) : true;
    if (!good && !verdict.fail(v, "must match format \"" + std::string(f) + "\"")) return false;
  }
  return verdict.ok();
}

bool SchemaValidator::Impl::checkNumber(const View& schema, const Schema& /*root*/, const View& v,
                                        const Ctx& ctx) const {
  if (!v.isNumber()) return true;
  const double d = v.asNumber();
  Verdict verdict(ctx);
  if (auto min = schema.find("minimum"); min && d < min->asNumber()) {
    if (!verdict.fail(v, "must be >= " + min->dump())) return false;
  }
  if (auto max = schema.find("maximum"); max && d > max->asNumber()) {
    if (!verdict.fail(v, "must be <= " + max->dump())) return false;
  }
  return verdict.ok();
}

bool SchemaValidator::Impl::checkObject(const View& schema, const Schema& root, const View& v,
                                        const Ctx& ctx) const {
  if (!v.isObject()) return true;
  Verdict verdict(ctx);
  if (auto required = schema.find("required")) {
    for (const View& name : required->elements()) {
      if (v.has(name.asString())) continue;
      if (!verdict.fail(v, "must have required property '" + std::string(name.asString()) + "'")) return false;
    }
  }
  if (auto n = schema.find("minProperties"); n && v.size() < count(*n)) {
    if (!verdict.fail(v, "must NOT have fewer than " + n->dump() + " properties")) return false;
  }
  if (auto n = schema.find("maxProperties"); n && v.size() > count(*n)) {
    if (!verdict.fail(v, "must NOT have more than " + n->dump() + " properties")) return false;
  }
  const auto properties = schema.find("properties");
  const auto additional = schema.find("additionalProperties");
  for (const View::Member& m : v.members()) {
    std::optional<View> sub = properties ? properties->find(m.key) : std::nullopt;
    if (!sub && additional && additional->isBool() && !additional->asBool()) {
      if (!verdict.fail(m.value, "must NOT have additional properties")) return false;
      continue;
    }
    if (!sub) sub = additional;
    if (sub && !verdict.add(check(*sub, root, m.value, ctx))) return false;
  }
  return verdict.ok();
}

bool SchemaValidator::Impl::checkArray(const View& schema, const Schema& root, const View& v,
                                       const Ctx& ctx) const {
  if (!v.isArray()) return true;
  const std::vector<View> elements = v.elements();
  Verdict verdict(ctx);
  if (auto n = schema.find("minItems"); n && elements.size() < count(*n)) {
    if (!verdict.fail(v, "must NOT have fewer than " + n->dump() + " items")) return false;
  }
  if (auto unique = schema.find("uniqueItems"); unique && unique->asBool() && hasDuplicates(elements)) {
    if (!verdict.fail(v, "must NOT have duplicate items")) return false;
  }
  if (auto items = schema.find("items")) {
    for (const View& e : elements) {
      if (!verdict.add(check(*items, root, e, ctx))) return false;
    }
  }
  return verdict.ok();
}

bool SchemaValidator::Impl::checkOneOf(const View& schema, const Schema& root, const View& v,
                                       const Ctx& ctx) const {
  const auto branches = schema.find("oneOf");
  if (!branches) return true;
  std::size_t matches = 0;
  const Ctx probe{ctx.test, nullptr, 0};
  for (const View& branch : branches->elements()) {
    if (check(branch, root, v, probe)) ++matches;
  }
  return matches == 1 ||
         ctx.report(v, "must match exactly one schema in oneOf (matched " + std::to_string(matches) + ")");
}

// Walks every sub-schema: compiles each pattern, resolves each local $ref and
// lists unknown keywords and unresolvable references in `unknown`.
void SchemaValidator::Impl::collect(const View& schema, Schema& root, std::vector<std::string>& unknown) {
  if (!schema.isObject()) return;
  for (const View::Member& m : schema.members()) {
    const std::string_view k = m.key;
    if (k == "properties" || k == "$defs" || k == "definitions" || k == "oneOf") {
      for (const View& sub : children(m.value)) collect(sub, root, unknown);
    } else if (k == "items" || k == "additionalProperties") {
      collect(m.value, root, unknown);
    } else if (k == "pattern") {
      const std::string p(m.value.asString());
      auto compiled = pattern::Pattern::compile(p);
      if (!compiled) pattern_errors.push_back(p + ": " + compiled.error().describe());
      patterns.emplace(p, std::move(compiled));
    } else if (k == "$ref" && m.value.asString().rfind('#', 0) == 0) {
      const std::string ref(m.value.asString());
      if (auto target = lookup(root.root, ref)) {
        root.refs.emplace(ref, std::move(*target));
      } else {
        unknown.push_back("$ref " + ref + " (unresolvable)");
      }
    } else if (!knownKeywords().count(k) && !annotationKeywords().count(k)) {
      unknown.emplace_back(k);
    }
  }
}

SchemaValidator::SchemaValidator() : impl_(new Impl) { unknown_ = impl_->problems; }

SchemaValidator::~SchemaValidator() { delete impl_; }

const SchemaValidator& SchemaValidator::instance() {
  static const SchemaValidator validator;
  return validator;
}

const std::vector<std::string>& SchemaValidator::patternErrors() const { return impl_->pattern_errors; }

std::vector<std::string> SchemaValidator::patternSources() const {
  std::vector<std::string> out;
  for (const auto& [source, compiled] : impl_->patterns) out.push_back(source);
  return out;
}

void SchemaValidator::validate(SchemaId schema, const View& value, const std::string& test,
                               std::vector<Finding>& out, std::size_t max_findings) const {
  const Impl::Ctx ctx{test, &out, max_findings};
  const Schema* s = &impl_->csaf;
  if (schema == SchemaId::kCvssV2) s = &impl_->v20;
  if (schema == SchemaId::kCvssV3) s = &impl_->v3_one_of;
  impl_->check(s->root, *s, value, ctx);
}

}  // namespace psirt::csaf::detail
