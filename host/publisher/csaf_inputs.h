// The CSAF documents a psirt-publish command is given, checked for
// publication. Shared by `validate` and `add`, so that the files a directory
// stands for, the checks and the findings are the same in both.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "agent/csaf/reader.h"
#include "host/publisher/csaf_limits.h"

namespace psirt::publish {

// Command-line paths to files: a directory stands for every regular file
// directly in it whose name ends in ".json" (sorted by name, not recursive);
// any other path stands for itself (a missing file is a finding of the
// command that reads it).
std::vector<std::string> expandCsafPaths(std::span<const std::string> paths);

struct CheckOptions {
  csaf::Limits limits = publisherLimits();
  bool publish_rules = true;  // draft status and TLP (publish_rules.h)
  std::string tlp_label;      // non-empty: label documents that carry no TLP (add --tlp)
};

// One document, checked as `validate` reports it and `add` accepts it.
struct CheckedDocument {
  std::string file;
  std::vector<csaf::Finding> findings;   // every one, in document order; empty = publishable
  std::string tracking_id;               // when the document could be read
  std::optional<std::string> labelled;   // the bytes with the TLP label added (tlp_label)
};

// Reads `file` (at most limits.max_document_bytes: a larger file is one
// [limit] finding, an unreadable one an [io] finding) and runs the strict
// CSAF checks and, unless disabled, the publisher rules. With tlp_label, a
// document without /document/distribution/tlp gets that label (tlp_label.h)
// and the labelled bytes are what is checked; a document with a TLP keeps it.
CheckedDocument checkDocument(const std::string& file, const CheckOptions& options);

}  // namespace psirt::publish
