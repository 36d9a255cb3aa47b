// Renders one CSAF 2.0 advisory in the layout of the seeds' advisory template
// (docs/formats/advisory-render.md) as plain text or as one HTML5 page.
//
// Contract: the document has been loaded strictly (csaf::loadDocument); the
// renderers never fail. Every string from the document is untrusted: the text
// renderer replaces control characters, the HTML renderer escapes everything
// (& < > " ') and the page has no script and no external resource.
#pragma once

#include <string>

#include "agent/csaf/model.h"
#include "host/publisher/render/advisory_view.h"

namespace psirt::render {

inline constexpr std::size_t kTextWidth = 80;

// Plain text, lines of at most kTextWidth characters (a single word longer
// than the line, such as a long URL or vector, stands alone on its line).
std::string renderText(const AdvisoryView& view);
// One self-contained HTML5 page (inline CSS; no script, no external resource).
std::string renderHtml(const AdvisoryView& view);

inline std::string renderText(const csaf::Document& doc) { return renderText(buildView(doc)); }
inline std::string renderHtml(const csaf::Document& doc) { return renderHtml(buildView(doc)); }

// "&lt;script&gt;" for "<script>": & < > " ' escaped, everything else as is.
std::string escapeHtml(const std::string& s);

}  // namespace psirt::render
