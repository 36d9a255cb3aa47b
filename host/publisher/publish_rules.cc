#include "host/publisher/publish_rules.h"

namespace psirt::publish {

void publishRules(const csaf::Document& d, std::vector<csaf::Finding>& out) {
  if (d.document.tracking.status == "draft") {
    out.push_back({"publish", "/document/tracking/status", "draft documents are not published"});
  }
  const std::string& tlp = d.document.tlp_label;
  if (tlp != "WHITE" && tlp != "CLEAR") {
    out.push_back({"publish", "/document/distribution/tlp/label",
                   tlp.empty() ? "TLP label missing: only WHITE/CLEAR documents are published"
                               : "TLP " + tlp + " is not publishable: only WHITE/CLEAR"});
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
