// One CSAF 2.0 advisory arranged in the sections of the seeds' advisory
// template (docs/formats/advisory-render.md): plain strings, in the order they
// are shown. The text and HTML renderers only lay this out, so both show the
// same content. Strings are copied from the document as written (untrusted:
// each renderer escapes or sanitises them for its medium).
#pragma once

#include <string>
#include <vector>

#include "agent/csaf/model.h"

namespace psirt::render {

// Severity bands of docs/design.md#severity as shown: "Not impacted", "Low", "Medium",
// "High", "Critical", or "unscored" (no score at all, never 0.0).
inline constexpr const char* kUnscored = "unscored";

struct StatusLine {
  std::string status;                 // affected, fixed, not affected, under investigation
  std::vector<std::string> versions;  // version / range labels, document order, each once
};

struct AffectedProduct {
  std::string product;  // the product_name branch (or see advisory-render.md)
  std::vector<StatusLine> statuses;  // in the fixed order of kStatusOrder
};

struct ScoreLine {
  bool avss = false;           // a re-score with environmental metrics
  std::string cvss_version;    // "3.1", "2.0", ...
  std::string score;           // "7.5"; empty when the vector was unusable
  std::string band;            // band of `score`, or kUnscored
  std::string base_score;      // AVSS only: the vector's base score
  std::string vector;
  std::vector<std::string> products;  // product names
};

struct VulnerabilitySection {
  std::string heading;                   // CVE id, else first id, else title, else "Vulnerability N"
  std::string title;                     // vulnerability title (may be empty)
  std::vector<std::string> description;  // notes description, then details
  std::vector<std::string> impacts;      // threats of category impact (with products)
  std::vector<ScoreLine> scores;
  std::string band = kUnscored;          // AVSS when present, else base; highest wins
};

struct FixLine {
  std::string kind;     // "fix", "no fix planned", "no fix available yet"
  std::string details;  // as written
  std::string cve;      // set when the advisory has more than one vulnerability
  std::string date;
  std::string url;
};

struct ProductFixes {
  std::string product;  // full product name
  std::vector<FixLine> fixes;
};

struct WorkaroundLine {
  std::string kind;  // "workaround" or "mitigation"
  std::string details;
  std::string cve;   // as in FixLine
  std::string url;
  std::vector<std::string> products;
};

struct HistoryLine {
  std::string edition;  // "Ed.01"
  std::string date;     // YYYY-MM-DD
  std::string summary;  // with a leading "Ed.NN:" of the same edition removed
};

struct ReferenceLine {
  std::string summary;
  std::string url;
};

struct AdvisoryView {
  std::string publisher;   // "<publisher name> Security Advisory" is the heading
  std::string tracking_id;
  std::string edition;     // "02": number of revision_history entries
  std::string title;
  std::string lang;        // document.lang, "en" when absent
  std::string status;      // final, interim, draft
  std::string band = kUnscored;  // worst band over the vulnerabilities
  std::vector<std::string> cves;
  std::vector<std::string> summary;
  std::vector<ReferenceLine> references;
  std::vector<AffectedProduct> affected;
  std::vector<VulnerabilitySection> vulnerabilities;
  std::vector<ProductFixes> fixes;
  std::vector<WorkaroundLine> workarounds;
  std::vector<HistoryLine> history;
};

AdvisoryView buildView(const csaf::Document& doc);

// Rank of a band for "worst wins" (unscored lowest).
int bandRank(const std::string& band);
std::string bandName(int rank);  // inverse of bandRank

}  // namespace psirt::render
