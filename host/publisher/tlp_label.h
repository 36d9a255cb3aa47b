// `add --tlp LABEL`: gives a CSAF document that carries no TLP label the
// member /document/distribution/tlp/label, changing nothing else in its bytes.
//
// Why splice bytes instead of re-serialising a parsed tree: the published
// document stays the PSIRT's own file (key order, layout, number spelling,
// escapes) plus one member, so a reviewer's diff is one line. The input must
// already be a well-formed JSON document (add validates it first); the
// output is validated again by the caller before anything is staged.
#pragma once

#include <string>
#include <string_view>

#include "platform/error/result.h"

namespace psirt::publish {

// `document` with "tlp": {"label": LABEL} added to /document/distribution
// (the member "distribution" is created when absent), indented like the
// member that follows it. kParse when /document is not an object, or when
// /document/distribution already has a "tlp" (a document that carries a TLP
// keeps it). `label` is written verbatim: the caller passes WHITE.
Result<std::string> withTlpLabel(std::string_view document, std::string_view label);

}  // namespace psirt::publish
