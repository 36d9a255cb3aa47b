#include "host/publisher/workspace/signed_body.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace psirt::publish {
namespace {

// OLPC canonical JSON escapes only '"' and '\\': a control character (the
// newlines of a PEM RSA public key) stays raw, which JSON forbids. Canonical
// JSON has no whitespace outside strings, so every byte below 0x20 is inside
// a string and \u00XX is its JSON spelling.
std::string escapeControlBytes(std::string_view canonical) {
  std::string out;
  out.reserve(canonical.size());
  for (char c : canonical) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20) {
      out.push_back(c);
      continue;
    }
    char escaped[8];
    std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
    out += escaped;
  }
  return out;
}

}  // namespace

Result<json::Document> signedBody(const repo::Repository* repo, std::string_view role) {
  if (repo == nullptr) return json::Document::from(json::Value::object());
  const auto names = repo->roleNames();
  if (std::find(names.begin(), names.end(), role) == names.end()) return json::Document::from(json::Value::object());
  const std::string where = "signed body of role " + std::string(role);
  auto canon = repo->signedCanonical(role);
  if (!canon) return canon.error().within(where);
  json::ParseOptions options;
  options.strictness = json::Strictness::kSignedMetadata;
  auto doc = json::Document::parse(escapeControlBytes(*canon), options);
  if (!doc) return doc.error().within(where);
  return doc;
}

}  // namespace psirt::publish
