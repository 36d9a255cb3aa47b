// What psirt-publish refuses to put into a device repository, beyond CSAF
// validity (docs/design.md#advisories, docs/formats/csaf.md): draft documents and any TLP
// other than WHITE/CLEAR (a repository is public). Shared by `validate` and
// `add`, so that what validate passes is exactly what add accepts.
#pragma once

#include <string>
#include <vector>

#include "agent/csaf/reader.h"

namespace psirt::publish {

// Appends one "publish" finding per rule the document breaks. A missing TLP
// label's finding names the exact JSON member to add, and `add --tlp WHITE`.
void publishRules(const csaf::Document& d, std::vector<csaf::Finding>& out);

// CSAF 2.0 §5.1 file name of a document: /document/tracking/id in lower
// case, every character other than [+\-a-z0-9] replaced by '_', plus ".json".
std::string csafFileName(const std::string& tracking_id);

}  // namespace psirt::publish
