// JSON Schema subset validator over the embedded CSAF / CVSS schemas.
// Semantics follow ajv (draft 2020-12, allErrors) for the keywords listed in
// schema_validator.h, so "schema" results agree with the reference validator.
#include "agent/csaf/schema_validator.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string_view>

#include "agent/csaf/schema_formats.h"
#include "agent/pattern/pattern.h"

namespace psirt::csaf::detail {

// Generated at build time from agent/csaf/schemas/*.json (embed_schemas.cmake).
extern const char* const kEmbeddedCsafSchema;
extern const char* const kEmbeddedCvssV20Schema;
extern const char* const kEmbeddedCvssV30Schema;
extern const char* const kEmbeddedCvssV31Schema;

namespace {

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

std::size_t codePoints(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0U) != 0x80U) ++n;
  }
  return n;
}

bool hasType(const Json& v, std::string_view type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  if (type == "integer") {
    if (v.is_number_integer()) return true;
    if (!v.is_number_float()) return false;
    const double d = v.get<double>();
    return std::isfinite(d) && std::floor(d) == d;
  }
  return false;
}

}  // namespace

struct SchemaValidator::Impl {
  Json csaf, v20, v30, v31, v3_one_of;
  std::map<std::string, Result<pattern::Pattern>> patterns;  // by source; an error fails the keyword

  struct Ctx {
    const std::string& test;
    std::vector<Finding>* out;  // null while probing a oneOf branch
    std::size_t max;
  };

  // Returns whether `v` is valid; records findings when ctx.out is set.
  bool check(const Json& schema, const Json& root, const Json& v, const std::string& ptr, Ctx& ctx) const;
  bool report(Ctx& ctx, const std::string& ptr, std::string message) const {
    if (ctx.out != nullptr && ctx.out->size() < ctx.max) {
      ctx.out->push_back(Finding{ctx.test, ptr, std::move(message)});
    }
    return false;
  }
  const Json* resolve(const std::string& ref, const Json& root, const Json*& new_root) const;
  void collect(const Json& schema, std::vector<std::string>& unknown);
  std::vector<std::string> pattern_errors;
};

const Json* SchemaValidator::Impl::resolve(const std::string& ref, const Json& root, const Json*& new_root) const {
  static const std::string kFirst = "https://www.first.org/cvss/";
  if (ref.rfind("#", 0) == 0) {
    new_root = &root;
    const Json::json_pointer p(ref.substr(1));
    return root.contains(p) ? &root.at(p) : nullptr;
  }
  if (ref == kFirst + "cvss-v2.0.json") new_root = &v20;
  else if (ref == kFirst + "cvss-v3.0.json") new_root = &v30;
  else if (ref == kFirst + "cvss-v3.1.json") new_root = &v31;
  else return nullptr;
  return new_root;
}

bool SchemaValidator::Impl::check(const Json& schema, const Json& root, const Json& v, const std::string& ptr,
                                  Ctx& ctx) const {
  if (schema.is_boolean()) return schema.get<bool>() ? true : report(ctx, ptr, "no value is allowed here");
  bool ok = true;
  auto fail = [&](std::string message) {
    ok = false;
    report(ctx, ptr, std::move(message));
    return ctx.out != nullptr;  // keep going only when collecting every error
  };
  if (auto it = schema.find("$ref"); it != schema.end()) {
    const Json* target_root = nullptr;
    const Json* target = resolve(it->get<std::string>(), root, target_root);
    if (target == nullptr) return report(ctx, ptr, "unresolvable schema reference " + it->get<std::string>());
    if (!check(*target, *target_root, v, ptr, ctx)) {
      ok = false;
      if (ctx.out == nullptr) return false;
    }
  }
  if (auto it = schema.find("type"); it != schema.end()) {
    bool match = false;
    if (it->is_string()) {
      match = hasType(v, it->get_ref<const std::string&>());
    } else {
      for (const auto& t : *it) match = match || hasType(v, t.get_ref<const std::string&>());
    }
    if (!match) return report(ctx, ptr, "must be of type " + it->dump());
  }
  if (auto it = schema.find("enum"); it != schema.end()) {
    if (std::find(it->begin(), it->end(), v) == it->end()) {
      if (!fail("must be one of " + it->dump())) return false;
    }
  }
  if (auto it = schema.find("const"); it != schema.end() && *it != v) {
    if (!fail("must be " + it->dump())) return false;
  }
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (auto it = schema.find("minLength"); it != schema.end() && codePoints(s) < it->get<std::size_t>()) {
      if (!fail("must NOT have fewer than " + it->dump() + " characters")) return false;
    }
    if (auto it = schema.find("pattern"); it != schema.end()) {
      const auto& re = patterns.at(it->get<std::string>());
      if (!re) {
        if (!fail("pattern cannot be checked: " + re.error().describe())) return false;
      } else if (!re->search(s)) {
        if (!fail("must match pattern \"" + it->get<std::string>() + "\"")) return false;
      }
    }
    if (auto it = schema.find("format"); it != schema.end()) {
      const auto& f = it->get_ref<const std::string&>();
      bool good = true;
      if (f == "date-time") good = isDateTime(s);
      if (f == "uri") good = isUri(s);
      if (!good && !fail("must match format \"" + f + "\"")) return false;
    }
  }
  if (v.is_number()) {
    const double d = v.get<double>();
    if (auto it = schema.find("minimum"); it != schema.end() && d < it->get<double>()) {
      if (!fail("must be >= " + it->dump())) return false;
    }
    if (auto it = schema.find("maximum"); it != schema.end() && d > it->get<double>()) {
      if (!fail("must be <= " + it->dump())) return false;
    }
  }
  if (v.is_object()) {
    if (auto it = schema.find("required"); it != schema.end()) {
      for (const auto& name : *it) {
        if (!v.contains(name.get_ref<const std::string&>())) {
          if (!fail("must have required property '" + name.get<std::string>() + "'")) return false;
        }
      }
    }
    if (auto it = schema.find("minProperties"); it != schema.end() && v.size() < it->get<std::size_t>()) {
      if (!fail("must NOT have fewer than " + it->dump() + " properties")) return false;
    }
    if (auto it = schema.find("maxProperties"); it != schema.end() && v.size() > it->get<std::size_t>()) {
      if (!fail("must NOT have more than " + it->dump() + " properties")) return false;
    }
    const auto props = schema.find("properties");
    const auto additional = schema.find("additionalProperties");
    for (auto m = v.begin(); m != v.end(); ++m) {
      const std::string child = ptr + "/" + pointerToken(m.key());
      if (props != schema.end() && props->contains(m.key())) {
        if (!check(props->at(m.key()), root, m.value(), child, ctx)) {
          ok = false;
          if (ctx.out == nullptr) return false;
        }
      } else if (additional != schema.end()) {
        if (additional->is_boolean() && !additional->get<bool>()) {
          ok = false;
          report(ctx, child, "must NOT have additional properties");
          if (ctx.out == nullptr) return false;
        } else if (!check(*additional, root, m.value(), child, ctx)) {
          ok = false;
          if (ctx.out == nullptr) return false;
        }
      }
    }
  }
  if (v.is_array()) {
    if (auto it = schema.find("minItems"); it != schema.end() && v.size() < it->get<std::size_t>()) {
      if (!fail("must NOT have fewer than " + it->dump() + " items")) return false;
    }
    if (auto it = schema.find("uniqueItems"); it != schema.end() && it->get<bool>() && v.size() > 1) {
      std::vector<const Json*> sorted;
      sorted.reserve(v.size());
      for (const auto& e : v) sorted.push_back(&e);
      std::sort(sorted.begin(), sorted.end(), [](const Json* a, const Json* b) { return *a < *b; });
      for (std::size_t i = 1; i < sorted.size(); ++i) {
        if (*sorted[i - 1] == *sorted[i]) {
          if (!fail("must NOT have duplicate items")) return false;
          break;
        }
      }
    }
    if (auto it = schema.find("items"); it != schema.end()) {
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!check(*it, root, v[i], ptr + "/" + std::to_string(i), ctx)) {
          ok = false;
          if (ctx.out == nullptr) return false;
        }
      }
    }
  }
  if (auto it = schema.find("oneOf"); it != schema.end()) {
    std::size_t matches = 0;
    for (const auto& branch : *it) {
      Ctx probe{ctx.test, nullptr, 0};
      if (check(branch, root, v, ptr, probe)) ++matches;
    }
    if (matches != 1) {
      fail("must match exactly one schema in oneOf (matched " + std::to_string(matches) + ")");
    }
  }
  return ok;
}

void SchemaValidator::Impl::collect(const Json& schema, std::vector<std::string>& unknown) {
  if (!schema.is_object()) return;
  for (auto it = schema.begin(); it != schema.end(); ++it) {
    const std::string& k = it.key();
    if (k == "properties" || k == "$defs" || k == "definitions") {
      for (const auto& sub : it.value()) collect(sub, unknown);
    } else if (k == "items" || k == "additionalProperties") {
      collect(it.value(), unknown);
    } else if (k == "oneOf") {
      for (const auto& sub : it.value()) collect(sub, unknown);
    } else if (k == "pattern") {
      const std::string p = it.value().get<std::string>();
      auto compiled = pattern::Pattern::compile(p);
      if (!compiled) pattern_errors.push_back(p + ": " + compiled.error().describe());
      patterns.emplace(p, std::move(compiled));
    } else if (!knownKeywords().count(k) && !annotationKeywords().count(k)) {
      unknown.push_back(k);
    }
  }
}

SchemaValidator::SchemaValidator() : impl_(new Impl) {
  impl_->csaf = Json::parse(kEmbeddedCsafSchema);
  impl_->v20 = Json::parse(kEmbeddedCvssV20Schema);
  impl_->v30 = Json::parse(kEmbeddedCvssV30Schema);
  impl_->v31 = Json::parse(kEmbeddedCvssV31Schema);
  impl_->v3_one_of = Json::parse(
      R"({"oneOf":[{"$ref":"https://www.first.org/cvss/cvss-v3.0.json"},)"
      R"({"$ref":"https://www.first.org/cvss/cvss-v3.1.json"}]})");
  for (const Json* s : {&impl_->csaf, &impl_->v20, &impl_->v30, &impl_->v31}) impl_->collect(*s, unknown_);
}

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

void SchemaValidator::validate(SchemaId schema, const Json& value, const std::string& pointer,
                               const std::string& test, std::vector<Finding>& out, std::size_t max_findings) const {
  Impl::Ctx ctx{test, &out, max_findings};
  const Json* s = &impl_->csaf;
  if (schema == SchemaId::kCvssV2) s = &impl_->v20;
  if (schema == SchemaId::kCvssV3) s = &impl_->v3_one_of;
  impl_->check(*s, *s, value, pointer, ctx);
}

}  // namespace psirt::csaf::detail
