#include "host/publisher/csaf_inputs.h"

#include "host/publisher/publish_rules.h"
#include "host/publisher/tlp_label.h"
#include "platform/fs/fs.h"

namespace psirt::publish {
namespace {

bool endsWithJson(const std::string& name) {
  return name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0;
}

}  // namespace

std::vector<std::string> expandCsafPaths(std::span<const std::string> paths) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    auto listing = fs::listDirectory(p);
    if (!listing) {
      out.push_back(p);
      continue;
    }
    for (const auto& e : *listing) {
      if (e.is_regular && endsWithJson(e.name)) out.push_back(fs::joinPath(p, e.name));
    }
  }
  return out;
}

CheckedDocument checkDocument(const std::string& file, const CheckOptions& options) {
  CheckedDocument out{file, {}, {}, std::nullopt};
  auto bytes = fs::readFile(file, options.limits.max_document_bytes);
  if (!bytes) {
    const bool limit = bytes.error().category == ErrorCategory::kLimit;
    out.findings.push_back({limit ? "limit" : "io", "",
                            limit ? "CSAF document larger than " + std::to_string(options.limits.max_document_bytes) +
                                        " bytes (--max-document-bytes)"
                                  : bytes.error().describe()});
    return out;
  }
  csaf::Validation v = csaf::validateDocument(*bytes, options.limits);
  if (v.document && v.document->document.tlp_label.empty() && !options.tlp_label.empty()) {
    auto labelled = withTlpLabel(*bytes, options.tlp_label);
    if (!labelled) {
      out.findings.push_back({"publish", labelled.error().context, "cannot add the TLP label: " + labelled.error().message});
      return out;
    }
    v = csaf::validateDocument(*labelled, options.limits);
    out.labelled = std::move(*labelled);
  }
  out.findings = std::move(v.findings);
  if (v.document) {
    out.tracking_id = v.document->document.tracking.id;
    if (options.publish_rules) publishRules(*v.document, out.findings);
  }
  return out;
}

}  // namespace psirt::publish
