#include "host/publisher/publish_rules.h"

namespace psirt::publish {

void publishRules(const csaf::Document& d, std::vector<csaf::Finding>& out) {
  if (d.document.tracking.status == "draft") {
    out.push_back({"publish", "/document/tracking/status", "draft documents are not published"});
  }
  const std::string& tlp = d.document.tlp_label;
  if (tlp.empty()) {
    // Say exactly what to write: where depends on whether "distribution" exists
    // (it holds "text" when it does: the schema allows nothing else but "tlp").
    const bool has_distribution = !d.document.distribution_text.empty();
    out.push_back({"publish", "/document/distribution/tlp/label",
                   std::string("TLP label missing (only WHITE/CLEAR is published): add ") +
                       (has_distribution ? "\"tlp\": {\"label\": \"WHITE\"} to /document/distribution"
                                         : "\"distribution\": {\"tlp\": {\"label\": \"WHITE\"}} to /document") +
                       ", or label it on import: psirt-publish add --tlp WHITE"});
  } else if (tlp != "WHITE" && tlp != "CLEAR") {
    out.push_back({"publish", "/document/distribution/tlp/label", "TLP " + tlp + " is not publishable: only WHITE/CLEAR"});
  }
}

std::string csafFileName(const std::string& tracking_id) {
  std::string out;
  for (char c : tracking_id) {
    char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    bool keep = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '+' || l == '-';
    out += keep ? l : '_';
  }
  return out + ".json";
}

}  // namespace psirt::publish
